// Operations: /healthz, /readyz, /metrics (Prometheus text format), /openapi.json.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "certreg/app/checkpoint_readiness.h"
#include "certreg/app/tokens.h"
#include "http/feed_hub.h"
#include "http/process_metrics.h"
#include "http/render.h"
#include "http/router.h"
#include "openapi_json.h"  // generated from src/http/openapi.json (CMakeLists.txt)

namespace certreg::http {
namespace {

// Rows the read models hold: events applied, from the checkpoint.
std::uint64_t ProjectionCheckpoint(Api& api) {
  auto applied = api.registry.ReadModelsApplied();
  return applied.ok() ? *applied : 0;
}

// Alive: 200 while the store is open and serves reads, saying whether it
// takes writes and why not; 503 only when a restart is the one way back (a
// write failed for another reason than a full disk).
void Healthz(Api& api, Call& call) {
  call.res.set_header("Cache-Control", "no-store");
  const store::StoreHealth health = api.registry.StoreHealth();
  if (health.state == store::StoreHealth::State::kFailed) {
    return SendJson(call, 503, {{"status", "failing"}, {"store", "a write failed; restart the server"},
                                {"writable", false}});
  }
  nlohmann::json body = {{"status", "ok"}, {"store", "open"}, {"log_size", api.registry.Head().size}};
  const app::Readiness readiness = api.registry.CheckReadiness(std::chrono::seconds(0));
  body["writable"] = readiness.checks.at(0).ok && readiness.checks.at(1).ok;
  for (const app::ReadinessCheck& check : readiness.checks) {
    if (!check.ok && check.name != "read_models") body["reason"] = check.detail;
  }
  SendJson(call, 200, body);
}

// Ready: 200 when every check of Registry::CheckReadiness holds, and the
// published checkpoint keeps up with the log while the server signs them
// (app/checkpoint_readiness.h), else 503 naming the failing ones.
void Readyz(Api& api, Call& call) {
  call.res.set_header("Cache-Control", "no-store");
  app::Readiness readiness = api.registry.CheckReadiness(api.options.sweep_interval);
  if (api.options.checkpoint_interval.count() > 0) {
    readiness.checks.push_back(
        app::CheckpointReadiness(api.signed_log, api.registry.Head().size, api.options.checkpoint_interval));
    readiness.ready = readiness.ready && readiness.checks.back().ok;
  }
  nlohmann::json checks = nlohmann::json::object();
  nlohmann::json failing = nlohmann::json::array();
  for (const app::ReadinessCheck& check : readiness.checks) {
    nlohmann::json entry = {{"ok", check.ok}};
    if (!check.ok) {
      entry["detail"] = check.detail;
      failing.push_back(check.name);
    }
    checks[check.name] = std::move(entry);
  }
  SendJson(call, readiness.ready ? 200 : 503,
           {{"status", readiness.ready ? "ready" : "not ready"},
            {"failing", failing},
            {"checks", checks},
            {"warnings", WarningsJson(api.registry.Warnings())}});
}

void MetricsText(Api& api, Call& call) {
  const store::StoreStats s = api.registry.StoreStats();
  const store::LogHead head = api.registry.Head();
  std::string out = api.metrics.Render();
  auto counter = [&](const char* name, const char* help, std::uint64_t value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name, help, value);
  };
  auto gauge = [&](const char* name, const char* help, double value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", name, help, value);
  };
  auto labelled_counter = [&](const char* name, const char* help, const char* label,
                              std::initializer_list<std::pair<const char*, std::uint64_t>> values) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n", name, help);
    for (const auto& [value, count] : values) out += fmt::format("{}{{{}=\"{}\"}} {}\n", name, label, value, count);
  };
  counter("certreg_appends_total", "Appends (commands and sweeps) written to the log.", s.appended_requests);
  counter("certreg_appended_events_total", "Events appended to the log.", s.appended_events);
  counter("certreg_append_rejections_total", "Appends refused by the store (stale version, key reuse).",
          s.rejected_requests);
  counter("certreg_idempotent_replays_total", "Appends answered from an earlier request with the same key.",
          s.replayed_requests);
  out += "# HELP certreg_group_commit_batch_size Appends per synced write batch (group commit).\n";
  out += "# TYPE certreg_group_commit_batch_size histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < s.batch_size_counts.size(); ++i) {
    cumulative += s.batch_size_counts[i];
    const bool last = i + 1 == s.batch_size_counts.size();
    out += fmt::format("certreg_group_commit_batch_size_bucket{{le=\"{}\"}} {}\n",
                       last ? std::string("+Inf") : std::to_string(store::StoreStats::kBatchSizeBounds[i]),
                       cumulative);
  }
  out += fmt::format("certreg_group_commit_batch_size_sum {}\n", s.appended_requests);
  out += fmt::format("certreg_group_commit_batch_size_count {}\n", s.batches);
  out += fmt::format(
      "# HELP certreg_sync_write_seconds_total Time spent in synced batch writes.\n"
      "# TYPE certreg_sync_write_seconds_total counter\ncertreg_sync_write_seconds_total {}\n",
      static_cast<double>(s.write_micros) / 1e6);
  gauge("certreg_log_size_events", "Events in the log (the next position).", static_cast<double>(head.size));
  const std::uint64_t applied = ProjectionCheckpoint(api);
  gauge("certreg_projection_checkpoint_events", "Events the read models have applied.", static_cast<double>(applied));
  gauge("certreg_read_model_lag_events", "Events the log holds that the read models have not applied.",
        static_cast<double>(head.size > applied ? head.size - applied : 0));
  gauge("certreg_store_failed", "1 after a failed write (fail-stop), else 0.", s.failed ? 1 : 0);
  counter("certreg_no_space_refusals_total", "Appends refused for lack of disk space (below the reserve, or read-only).",
          s.no_space_refusals);
  const store::StoreHealth health = api.registry.StoreHealth();
  gauge("certreg_disk_free_bytes", "Free space of the data directory's file system.",
        static_cast<double>(health.free_bytes));
  gauge("certreg_disk_reserve_bytes", "Below this free space, writes are refused (507).",
        static_cast<double>(health.reserve_bytes));
  gauge("certreg_store_writable", "1 while the store takes writes, else 0.",
        health.state == store::StoreHealth::State::kWritable ? 1 : 0);

  const app::SweepStats sweeps = api.registry.SweepStatistics();
  labelled_counter("certreg_sweep_runs_total",
                   "Time-driven sweeps finished, by outcome (failed: some file was skipped).", "outcome",
                   {{"ok", sweeps.runs_ok}, {"failed", sweeps.runs_failed}});
  gauge("certreg_sweep_last_duration_seconds", "How long the last sweep took; 0 before the first.",
        sweeps.last_duration_seconds);
  gauge("certreg_sweep_last_end_time_seconds", "When the last sweep finished, since the epoch; 0 before the first.",
        sweeps.last_end_unix_seconds);

  const store::EngineStats engine = api.registry.EngineStats();
  gauge("certreg_rocksdb_live_sst_bytes", "Bytes of the SST files the store lives on (rocksdb.live-sst-files-size).",
        static_cast<double>(engine.live_sst_bytes));
  gauge("certreg_rocksdb_pending_compaction_bytes",
        "Bytes compaction is estimated to rewrite (rocksdb.estimate-pending-compaction-bytes).",
        static_cast<double>(engine.pending_compaction_bytes));
  gauge("certreg_rocksdb_write_stopped", "1 while RocksDB stops writes until compaction catches up, else 0.",
        engine.write_stopped ? 1 : 0);
  gauge("certreg_rocksdb_delayed_write_rate_bytes", "The rate writes are slowed to, bytes/s; 0: not slowed.",
        static_cast<double>(engine.delayed_write_rate));
  labelled_counter("certreg_rocksdb_write_stalls_total",
                   "Write stalls RocksDB has imposed since the store opened, by kind.", "kind",
                   {{"stop", engine.stalls_stopped}, {"slowdown", engine.stalls_slowed}});

  // The verifiable log: what the public can check against, and how far it lags the log.
  const auto published = api.signed_log.PublishedFreshness();
  const std::uint64_t published_size = published ? published->size : 0;
  gauge("certreg_log_checkpoint_size", "Tree size of the published signed checkpoint; 0 before the first.",
        static_cast<double>(published_size));
  gauge("certreg_log_checkpoint_age_seconds",
        "Seconds since the published checkpoint was signed (or loaded at start); 0 before the first.",
        published ? std::chrono::duration<double>(std::chrono::system_clock::now() - published->signed_at).count()
                  : 0.0);
  gauge("certreg_log_checkpoint_lag_events", "Events in the log that the published checkpoint does not cover.",
        static_cast<double>(head.size > published_size ? head.size - published_size : 0));
  out += api.feed->MetricsText();
  out += ProcessMetricsText(engine.version);
  call.res.status = 200;
  call.res.set_content(out, "text/plain; version=0.0.4; charset=utf-8");
}

void OpenApi(Api&, Call& call) {
  call.res.status = 200;
  call.res.set_content(std::string(kOpenApiJson), "application/json");
}

}  // namespace

void AddOperationsRoutes(Router& r) {
  r.Add("GET", "/healthz", {}, Healthz);
  r.Add("GET", "/readyz", {}, Readyz);
  // Not in api.md's list of endpoints without a token: scrapers send one, of
  // the role metrics (which reads nothing else), or admin's or regulator's.
  r.Add("GET", "/metrics", {"metrics", "admin", "regulator"}, MetricsText);
  r.Add("GET", "/openapi.json", {}, OpenApi);
}

}  // namespace certreg::http
