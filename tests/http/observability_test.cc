// What an operator watches (operations.md §4): every counter of /metrics
// moves when what it counts happens, the build, process, sweep, read-model
// and RocksDB families are there, the metrics role reads /metrics and nothing
// else, and /readyz names the check that fails: among them the published
// checkpoint's size, age and lag, and "checkpoint stale" (README, "Operating
// the signed log"; time is passed in, never waited for).
#include <catch2/catch.hpp>

#include <regex>
#include <thread>

#include "certreg/app/checkpoint_readiness.h"
#include "http/http_steps.h"
#include "support/store_fixtures.h"

namespace certreg::testing {
namespace {

// The value of the sample `series` (a name with its labels, exactly as
// printed) in a /metrics body; fails the test when it is absent.
double Sample(const std::string& body, const std::string& series) {
  const std::string start = "\n" + series + " ";
  const std::size_t at = body.find(start);
  INFO("series " << series);
  REQUIRE(at != std::string::npos);
  return std::stod(body.substr(at + start.size(), body.find('\n', at + start.size()) - at - start.size()));
}

std::string Metrics(HttpFixture& fx) {
  const Reply metrics = fx.Get("/metrics", "admin");
  REQUIRE(metrics.status == 200);
  return metrics.body;
}

httplib::Headers Key(const std::string& key) { return {{"Idempotency-Key", key}}; }

TEST_CASE("the store's counters in /metrics move with appends, replays and refusals", "[http][operations][metrics]") {
  HttpFixture fx;
  const std::string before = Metrics(fx);
  const Reply created = Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody(), Key("apply-1")));
  const std::string after_append = Metrics(fx);
  CHECK(Sample(after_append, "certreg_appends_total") == Sample(before, "certreg_appends_total") + 1);
  CHECK(Sample(after_append, "certreg_appended_events_total") > Sample(before, "certreg_appended_events_total"));
  CHECK(Sample(after_append, "certreg_group_commit_batch_size_count") ==
        Sample(before, "certreg_group_commit_batch_size_count") + 1);
  CHECK(Sample(after_append, "certreg_group_commit_batch_size_sum") ==
        Sample(before, "certreg_group_commit_batch_size_sum") + 1);
  CHECK(Sample(after_append, "certreg_sync_write_seconds_total") >= Sample(before, "certreg_sync_write_seconds_total"));
  CHECK(Sample(after_append, "certreg_log_size_events") > Sample(before, "certreg_log_size_events"));
  CHECK(Sample(after_append, "certreg_projection_checkpoint_events") ==
        Sample(after_append, "certreg_log_size_events"));

  // The same request again: answered from the first, counted as a replay, nothing appended.
  const Reply replayed = fx.Post("/api/v1/applications", "clerk", ApplicationBody(), Key("apply-1"));
  CHECK(replayed.header("Idempotent-Replayed") == "true");
  const std::string after_replay = Metrics(fx);
  CHECK(Sample(after_replay, "certreg_idempotent_replays_total") ==
        Sample(after_append, "certreg_idempotent_replays_total") + 1);
  CHECK(Sample(after_replay, "certreg_appends_total") == Sample(after_append, "certreg_appends_total"));

  // The same key with another body: refused by the store, counted as a rejection.
  const Reply reused = fx.Post("/api/v1/applications", "clerk", ApplicationBody("另一家直播电商有限公司"), Key("apply-1"));
  CHECK(reused.status == 422);
  const std::string after_reuse = Metrics(fx);
  CHECK(Sample(after_reuse, "certreg_append_rejections_total") ==
        Sample(after_replay, "certreg_append_rejections_total") + 1);
  CHECK(Sample(after_reuse, "certreg_appends_total") == Sample(after_replay, "certreg_appends_total"));
  // The replay answers as the original did: 201.
  CHECK(Sample(after_reuse, "certreg_http_requests_total{route=\"/api/v1/applications\",method=\"POST\",status=\"201\"}") ==
        2);
  CHECK(Sample(after_reuse, "certreg_http_requests_total{route=\"/api/v1/applications\",method=\"POST\",status=\"422\"}") ==
        1);
  CHECK(Sample(after_reuse, "certreg_http_request_duration_seconds_count{route=\"/api/v1/applications\"}") == 3);
  (void)created;
}

TEST_CASE("/metrics counts sweeps by outcome, with the last one's duration and end", "[http][operations][metrics]") {
  HttpFixture fx;
  const std::string before = Metrics(fx);
  CHECK(Sample(before, "certreg_sweep_runs_total{outcome=\"ok\"}") == 0);
  CHECK(Sample(before, "certreg_sweep_last_end_time_seconds") == 0);
  Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody()));
  const app::SweepReport report = fx.service().SweepAll();
  CHECK(report.failures == 0);
  const std::string after = Metrics(fx);
  CHECK(Sample(after, "certreg_sweep_runs_total{outcome=\"ok\"}") == 1);
  CHECK(Sample(after, "certreg_sweep_runs_total{outcome=\"failed\"}") == 0);
  CHECK(Sample(after, "certreg_sweep_last_duration_seconds") >= 0);
  CHECK(Sample(after, "certreg_sweep_last_end_time_seconds") > 1.7e9);  // after 2023
}

TEST_CASE("/metrics has the build, the process and RocksDB", "[http][operations][metrics]") {
  HttpFixture fx;
  const std::string metrics = Metrics(fx);
  CHECK(std::regex_search(metrics, std::regex("\ncertreg_build_info\\{version=\"[0-9]+\\.[0-9]+\\.[0-9]+\","
                                               "commit=\"[0-9a-z]+\",rocksdb=\"[0-9]+\\.[0-9]+\\.[0-9]+\"\\} 1\n")));
  CHECK(Sample(metrics, "process_cpu_seconds_total") > 0);
  CHECK(Sample(metrics, "process_resident_memory_bytes") > 1 << 20);
  CHECK(Sample(metrics, "process_open_fds") > 3);
  CHECK(Sample(metrics, "process_max_fds") >= Sample(metrics, "process_open_fds"));
  CHECK(Sample(metrics, "process_start_time_seconds") > 1.7e9);
  CHECK(Sample(metrics, "certreg_rocksdb_live_sst_bytes") >= 0);
  CHECK(Sample(metrics, "certreg_rocksdb_pending_compaction_bytes") >= 0);
  CHECK(Sample(metrics, "certreg_rocksdb_write_stopped") == 0);
  CHECK(Sample(metrics, "certreg_rocksdb_delayed_write_rate_bytes") == 0);
  CHECK(Sample(metrics, "certreg_rocksdb_write_stalls_total{kind=\"stop\"}") == 0);
  CHECK(Sample(metrics, "certreg_read_model_lag_events") == 0);
}

TEST_CASE("a metrics token reads /metrics and nothing else", "[http][operations][roles]") {
  HttpFixture fx;
  auto scraper = fx.tokens().Create("metrics", "prometheus", 0);
  REQUIRE(scraper.ok());
  const std::string token = HttpFixture::Literal(scraper->token);
  const Reply metrics = fx.Get("/metrics", token);
  CHECK(metrics.status == 200);
  CHECK(metrics.body.find("certreg_appends_total") != std::string::npos);
  for (const char* path : {"/api/v1/files", "/api/v1/tokens", "/api/v1/log", "/api/v1/log/head", "/api/v1/log/verify"}) {
    INFO(path);
    CHECK(fx.Get(path, token).status == 403);
  }
  CHECK(fx.Post("/api/v1/applications", token, ApplicationBody()).status == 403);
  CHECK(fx.Head().first == 0);
  // In the route table, the role appears on /metrics alone.
  for (const http::RouteInfo& route : http::RegisteredRoutes()) {
    const bool lists_metrics = std::find(route.roles.begin(), route.roles.end(), "metrics") != route.roles.end();
    INFO(route.method << " " << route.pattern);
    CHECK(lists_metrics == (route.pattern == "/metrics"));
  }
}

TEST_CASE("/readyz names the read models when they lag the log, and /metrics shows the lag",
          "[http][operations][readyz]") {
  HttpFixture fx;
  const Reply ready = fx.Get("/readyz");
  INFO(ready);
  CHECK(ready.status == 200);
  CHECK(ready["failing"].empty());
  // An event appended behind the registry's back: in the log, not in the read models.
  REQUIRE(fx.store().AppendToStream(ProbeAppend("cert-file/behind-the-back", store::ExpectedVersion::NoStream(), "lag"))
              .ok());
  const Reply lagging = fx.Get("/readyz");
  INFO(lagging);
  CHECK(lagging.status == 503);
  CHECK(lagging["failing"] == json::array({"read_models"}));
  CHECK(lagging["checks"]["read_models"]["detail"].get<std::string>().find("of the log's") != std::string::npos);
  CHECK(Sample(Metrics(fx), "certreg_read_model_lag_events") == 1);
}

TEST_CASE("below the reserve /readyz fails the disk check and /metrics counts the refused appends",
          "[http][operations][readyz][metrics]") {
  std::atomic<std::uint64_t> free{std::uint64_t{1} << 40};
  HttpFixture::Options options;
  options.disk_reserve_bytes = 64 << 20;
  options.free_space = [&free] { return free.load(); };
  HttpFixture fx(options);
  CHECK(fx.Get("/readyz").status == 200);
  CHECK(Sample(Metrics(fx), "certreg_no_space_refusals_total") == 0);
  free = 1 << 20;
  const Reply low = fx.Get("/readyz");
  INFO(low);
  CHECK(low.status == 503);
  CHECK(low["checks"]["disk_space"]["ok"] == false);
  CHECK(low["checks"]["store_writable"]["ok"] == true);  // below the reserve: refused up front, not failed
  CHECK(fx.Post("/api/v1/applications", "clerk", ApplicationBody()).status == 507);
  const std::string metrics = Metrics(fx);
  CHECK(Sample(metrics, "certreg_no_space_refusals_total") == 1);
  CHECK(Sample(metrics, "certreg_store_writable") == 0);
  CHECK(Sample(metrics, "certreg_disk_free_bytes") == 1 << 20);
}

TEST_CASE("/readyz holds the sweep check while the server's own sweeps run", "[http][operations][readyz]") {
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.sweep_interval = std::chrono::seconds(1); };
  HttpFixture fx(options);
  // The server sweeps at start and then every second.
  for (int i = 0; i < 200 && fx.service().SweepStatistics().runs_ok == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  REQUIRE(fx.service().SweepStatistics().runs_ok >= 1);
  const Reply ready = fx.Get("/readyz");
  INFO(ready);
  CHECK(ready.status == 200);
  CHECK(ready["checks"]["sweep"]["ok"] == true);
  CHECK(Sample(Metrics(fx), "certreg_sweep_runs_total{outcome=\"ok\"}") >= 1);
}

TEST_CASE("the sweep check fails once no sweep has finished for twice the interval", "[http][operations][readyz]") {
  HttpFixture fx;  // the server's sweeps are off: nothing sweeps this registry
  const auto check = [&fx] {
    const app::Readiness readiness = fx.service().CheckReadiness(std::chrono::seconds(1));
    for (const app::ReadinessCheck& c : readiness.checks) {
      if (c.name == "sweep") return c;
    }
    FAIL("no sweep check");
    return app::ReadinessCheck{};
  };
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // past 2 x 1 s since the registry was made
  const app::ReadinessCheck overdue = check();
  CHECK_FALSE(overdue.ok);
  CHECK(overdue.detail.find("no sweep has finished") != std::string::npos);
  fx.service().SweepAll();
  CHECK(check().ok);
}

using namespace std::chrono_literals;

// A second application, of another organisation (one open file per USCC and scope).
json SecondApplication() {
  return ApplicationBody("杭州二号直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y6"));
}

std::uint64_t LogSize(HttpFixture& fx) { return fx.store().Head().size; }

TEST_CASE("/metrics gives the published checkpoint's size, its age and the events it lacks",
          "[http][operations][metrics][checkpoint]") {
  HttpFixture fx;  // the server's publisher is off: the test signs
  REQUIRE(fx.Post("/api/v1/applications", "clerk", ApplicationBody()).status == 201);
  const std::string before = Metrics(fx);
  CHECK(Sample(before, "certreg_log_checkpoint_size") == 0);
  CHECK(Sample(before, "certreg_log_checkpoint_age_seconds") == 0);
  CHECK(Sample(before, "certreg_log_checkpoint_lag_events") == static_cast<double>(LogSize(fx)));

  const app::SignedCheckpoint signed_now = fx.SignCheckpoint();
  REQUIRE(signed_now.body.size == LogSize(fx));
  const std::string covered = Metrics(fx);
  CHECK(Sample(covered, "certreg_log_checkpoint_size") == static_cast<double>(signed_now.body.size));
  CHECK(Sample(covered, "certreg_log_checkpoint_lag_events") == 0);
  CHECK(Sample(covered, "certreg_log_checkpoint_age_seconds") >= 0);

  REQUIRE(fx.Post("/api/v1/applications", "clerk", SecondApplication()).status == 201);
  const std::string grown = Metrics(fx);
  CHECK(Sample(grown, "certreg_log_checkpoint_size") == static_cast<double>(signed_now.body.size));
  CHECK(Sample(grown, "certreg_log_checkpoint_lag_events") ==
        static_cast<double>(LogSize(fx) - signed_now.body.size));
  // The age counts from the signature, which the appends did not change.
  const auto freshness = fx.signed_log().PublishedFreshness();
  REQUIRE(freshness);
  CHECK(freshness->size == signed_now.body.size);
  CHECK(freshness->signed_at <= std::chrono::system_clock::now());
}

TEST_CASE("/readyz holds the checkpoint check while the server's publisher runs and the log is covered",
          "[http][operations][readyz][checkpoint]") {
  HttpFixture plain;  // no publisher: no checkpoint check
  CHECK_FALSE(plain.Get("/readyz")["checks"].contains("checkpoint"));

  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.checkpoint_interval = 1h; };  // signs at start only
  HttpFixture fx(options);
  const Reply ready = fx.Get("/readyz");
  INFO(ready);
  CHECK(ready.status == 200);
  CHECK(ready["checks"]["checkpoint"]["ok"] == true);
  // Grown, but within the allowance of five hours: still ready.
  REQUIRE(fx.Post("/api/v1/applications", "clerk", ApplicationBody()).status == 201);
  CHECK(fx.Get("/readyz").status == 200);
  CHECK(Sample(Metrics(fx), "certreg_log_checkpoint_lag_events") >= 1);
}

TEST_CASE("the checkpoint check fails 'checkpoint stale' once the events the published checkpoint lacks wait "
          "past five intervals, at least 30 s",
          "[app][readyz][checkpoint]") {
  CHECK(app::CheckpointAllowance(1s) == 30s);
  CHECK(app::CheckpointAllowance(20ms) == 30s);
  CHECK(app::CheckpointAllowance(1h) == 5h);

  HttpFixture fx;
  const auto now = std::chrono::system_clock::now();
  // None published yet: fine at first, stale once the allowance since the start has passed.
  CHECK(app::CheckpointReadiness(fx.signed_log(), LogSize(fx), 1s, now).ok);
  const app::ReadinessCheck none = app::CheckpointReadiness(fx.signed_log(), LogSize(fx), 1s, now + 31s);
  CHECK_FALSE(none.ok);
  CHECK(none.name == "checkpoint");
  CHECK_THAT(none.detail, Catch::StartsWith("checkpoint stale: none was published"));

  fx.SignCheckpoint();
  // The log did not grow: a checkpoint however old covers it.
  CHECK(app::CheckpointReadiness(fx.signed_log(), LogSize(fx), 1s, now + 24h).ok);
  REQUIRE(fx.Post("/api/v1/applications", "clerk", ApplicationBody()).status == 201);
  const std::uint64_t size = LogSize(fx);
  const std::uint64_t published = fx.signed_log().Published()->body.size;
  REQUIRE(size > published);
  CHECK(app::CheckpointReadiness(fx.signed_log(), size, 1s, now + 29s).ok);
  const app::ReadinessCheck stale = app::CheckpointReadiness(fx.signed_log(), size, 1s, now + 1h);
  CHECK_FALSE(stale.ok);
  CHECK_THAT(stale.detail, Catch::StartsWith("checkpoint stale: the log holds " + std::to_string(size - published) +
                                             " events the published checkpoint (size " + std::to_string(published) +
                                             ") lacks"));
  CHECK_THAT(stale.detail, Catch::EndsWith("checkpoints are signed every 1 s while the log grows"));

  // Signed and published again: covered, whatever the time.
  fx.SignCheckpoint();
  CHECK(app::CheckpointReadiness(fx.signed_log(), size, 1s, now + 1h).ok);
}

}  // namespace
}  // namespace certreg::testing
