// `certreg verify` and `certreg dump`: read-only views of the log. Both open
// the store read-only, so they also work beside a running server.
#include <fmt/format.h>

#include <cstdio>
#include <ctime>

#include "certreg/app/signed_log.h"
#include "certreg/commands.h"
#include "certreg/registry.h"
#include "certreg/store/event_store.h"
#include "certreg/store/record_format.h"

namespace certreg::tool {
namespace {

Result<std::unique_ptr<store::EventStore>> OpenReadOnly(const std::string& data) {
  if (Status found = RequireStore(data); !found.ok()) return found;
  store::StoreOptions options;
  options.path = data;
  options.read_only = true;
  return store::EventStore::Open(options);
}

std::string FormatInstant(std::int64_t micros) {
  std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace

int RunVerify(const VerifyArgs& args) {
  auto store = OpenReadOnly(args.data);
  if (!store.ok()) {
    fmt::print(stderr, "certreg verify: {}\n", store.status().ToString());
    return 2;
  }
  auto report = (*store)->Verify([](std::uint64_t n) { fmt::print(stderr, "  {} events checked\n", n); });
  if (!report.ok()) {
    fmt::print(stderr, "certreg verify: {}\n", report.status().ToString());
    return 2;
  }
  // The last signed checkpoint against the events (and the stored tree) at its size.
  const Status checkpoint = app::CheckLastCheckpoint(**store);
  if (!checkpoint.ok() && checkpoint.code() != Status::Code::kCorruption) {
    fmt::print(stderr, "certreg verify: {}\n", checkpoint.ToString());
    return 2;
  }
  if (!report->ok) {
    fmt::print("FAILED: first bad position {}: {} ({} events verified before it)\n",
               report->first_bad_position.value_or(0), report->problem, report->checked);
  }
  if (!checkpoint.ok()) fmt::print("FAILED: {}\n", checkpoint.message());
  if (!report->ok || !checkpoint.ok()) return 1;
  auto last = (*store)->LatestCheckpoint();
  const std::string signed_part =
      last.ok() && *last ? fmt::format("; the last signed checkpoint (size {}) matches the events", (*last)->size)
                         : std::string("; no checkpoint signed yet");
  fmt::print("ok: {} events verified; head {}{}\n", report->checked, ToHex((*store)->Head().hash), signed_part);
  return 0;
}

int RunCheck(const CheckArgs& args) {
  if (Status found = RequireStore(args.data); !found.ok()) {
    fmt::print(stderr, "certreg check: {}\n", found.ToString());
    return 2;
  }
  store::StoreOptions options;
  options.path = args.data;
  auto store = store::EventStore::Open(options);
  if (!store.ok()) {
    fmt::print(stderr, "certreg check: {}\n", store.status().ToString());
    return 2;
  }
  auto report = (*store)->Verify();
  if (!report.ok()) {
    fmt::print(stderr, "certreg check: {}\n", report.status().ToString());
    return 2;
  }
  if (!report->ok) {
    fmt::print("store self-check FAILED: first bad position {}: {}\n", report->first_bad_position.value_or(0),
               report->problem);
    return 1;
  }
  const store::LogHead head = (*store)->Head();
  fmt::print("store self-check ok: {} in {}; {} events, every hash verified; head {}\n",
             "the event log opened for writing", args.data, head.size, ToHex(head.hash));
  return 0;
}

int RunDump(const DumpArgs& args) {
  auto store = OpenReadOnly(args.data);
  if (!store.ok()) {
    fmt::print(stderr, "certreg dump: {}\n", store.status().ToString());
    return 2;
  }
  if (args.json) {
    // Each stored event decoded once, straight into its JSON.
    std::uint64_t printed = 0;
    Status failure;
    Status scanned = (*store)->ScanLog(args.from, [&](std::uint64_t position, std::string_view bytes) {
      if (printed >= args.limit) return false;
      auto json = store::EventToJson(bytes);
      if (!json.ok()) {
        failure = json.status().WithContext("event " + std::to_string(position));
        return false;
      }
      fmt::print("{}\n", *json);
      ++printed;
      return true;
    });
    if (!scanned.ok() || !failure.ok()) {
      fmt::print(stderr, "certreg dump: {}\n", (!failure.ok() ? failure : scanned).ToString());
      return 2;
    }
    return 0;
  }
  constexpr std::size_t kPage = 1000;
  std::uint64_t position = args.from, printed = 0;
  while (printed < args.limit) {
    auto page = (*store)->ReadAll(position, static_cast<std::size_t>(std::min<std::uint64_t>(kPage, args.limit - printed)));
    if (!page.ok()) {
      fmt::print(stderr, "certreg dump: {}\n", page.status().ToString());
      return 2;
    }
    if (page->empty()) break;
    for (const auto& event : *page) {
      fmt::print("{:>8} {} v{} {} effective {} recorded {} by {} ({}) hash {}\n", event.position, event.stream_id,
                 event.stream_version, event.type, event.effective_date, FormatInstant(event.recorded_at_micros),
                 event.actor.name, event.actor.role, ToHex(event.hash).substr(0, 16));
      position = event.position + 1;
      ++printed;
    }
  }
  return 0;
}

}  // namespace certreg::tool
