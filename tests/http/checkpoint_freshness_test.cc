// What an operator watches of the signed log (README, "Operating the signed
// log"; operations.md §4): /metrics gives the published checkpoint's size,
// age and lag behind the log; /readyz fails "checkpoint stale" once the log
// holds events the published checkpoint lacks for longer than the allowance,
// and only while the server signs checkpoints. Time is passed in, never waited for.
#include <catch2/catch.hpp>

#include "certreg/app/checkpoint_readiness.h"
#include "http/http_steps.h"
#include "support/store_fixtures.h"

namespace certreg::testing {
namespace {

using namespace std::chrono_literals;

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

  REQUIRE(fx.Post("/api/v1/applications", "clerk", ApplicationBody()).status == 201);
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
