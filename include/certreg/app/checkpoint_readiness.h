// The /readyz check "checkpoint" (operations.md §4; README, "Operating the
// signed log"): the public's view of the log must not fall behind it. Fails
// ("checkpoint stale") when the log holds events that the published
// checkpoint lacks and that checkpoint last held the whole log longer ago
// than the allowance, or when none was published within the allowance of
// the start. The allowance is five checkpoint intervals, at least 30 s, so
// one slow signature or witness round does not flap the probe.
#pragma once

#include <chrono>
#include <cstdint>

#include "certreg/app/registry.h"
#include "certreg/app/signed_log.h"

namespace certreg::app {

// How long the published checkpoint may lag the log: max(5 × interval, 30 s).
std::chrono::seconds CheckpointAllowance(std::chrono::milliseconds interval);

// The check for a log of `log_size` events whose checkpoints are signed every
// `interval`, at `now`. Reads a few fields under SignedLog's lock: cheap.
ReadinessCheck CheckpointReadiness(const SignedLog& log, std::uint64_t log_size, std::chrono::milliseconds interval,
                                   std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

}  // namespace certreg::app
