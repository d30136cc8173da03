#include "certreg/app/checkpoint_readiness.h"

#include <algorithm>
#include <string>

namespace certreg::app {
namespace {

std::string Seconds(std::chrono::system_clock::duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + " s";
}

std::string Interval(std::chrono::milliseconds interval) {
  if (interval.count() % 1000 == 0) return std::to_string(interval.count() / 1000) + " s";
  return std::to_string(interval.count()) + " ms";
}

}  // namespace

std::chrono::seconds CheckpointAllowance(std::chrono::milliseconds interval) {
  return std::max(std::chrono::seconds(30), std::chrono::ceil<std::chrono::seconds>(5 * interval));
}

ReadinessCheck CheckpointReadiness(const SignedLog& log, std::uint64_t log_size, std::chrono::milliseconds interval,
                                   std::chrono::system_clock::time_point now) {
  const auto allowance = CheckpointAllowance(interval);
  ReadinessCheck check{.name = "checkpoint", .ok = true, .detail = ""};
  const std::string every = "; checkpoints are signed every " + Interval(interval) + " while the log grows";
  const std::optional<SignedLog::Freshness> published = log.PublishedFreshness();
  if (!published) {
    check.ok = now - log.made_at() <= allowance;
    if (!check.ok) check.detail = "checkpoint stale: none was published in the " + Seconds(now - log.made_at()) +
                                  " since start" + every;
    return check;
  }
  if (log_size <= published->size) return check;
  check.ok = now - published->covered_log_at <= allowance;
  if (!check.ok) {
    check.detail = "checkpoint stale: the log holds " + std::to_string(log_size - published->size) +
                   " events the published checkpoint (size " + std::to_string(published->size) +
                   ") lacks, and it last held the whole log " + Seconds(now - published->covered_log_at) + " ago" +
                   every;
  }
  return check;
}

}  // namespace certreg::app
