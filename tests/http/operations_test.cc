// Operations and the edges of every request: /healthz, /metrics behind a
// token, /openapi.json, 405 for a wrong method on a known path, and the
// request id echoed on every answer.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

TEST_CASE("/healthz answers 200 without a token", "[http][operations]") {
  HttpFixture fx;
  const Reply health = fx.Get("/healthz");
  INFO(health);
  REQUIRE(health.status == 200);
  CHECK(health["status"] == "ok");
  CHECK(health["log_size"] == 0);
  CHECK(fx.Get("/openapi.json").status == 200);
  CHECK(fx.Get("/openapi.json").json_body.is_object());
}

TEST_CASE("/metrics needs an admin or regulator token and counts requests", "[http][operations]") {
  HttpFixture fx;
  Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody()));
  CHECK(fx.Get("/metrics").status == 401);
  CHECK(fx.Get("/metrics", "clerk").status == 403);
  CHECK(fx.Get("/metrics", "committee").status == 403);
  const Reply metrics = fx.Get("/metrics", "admin");
  REQUIRE(metrics.status == 200);
  CHECK(metrics.content_type().rfind("text/plain", 0) == 0);
  CHECK(metrics.body.find("# TYPE certreg_http_requests_total counter") != std::string::npos);
  CHECK(metrics.body.find("certreg_http_requests_total{route=\"/api/v1/applications\",method=\"POST\",status=\"201\"} 1") !=
        std::string::npos);
  CHECK(metrics.body.find("certreg_http_request_duration_seconds_bucket") != std::string::npos);
  CHECK(metrics.body.find("certreg_log_size_events 1") != std::string::npos);
  CHECK(fx.Get("/metrics", "regulator").status == 200);
}

TEST_CASE("a wrong method on a known path is 405 and writes nothing", "[http][operations]") {
  HttpFixture fx;
  const std::string file = Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody()))["file_id"];
  const auto head = fx.Head();
  const std::pair<const char*, std::string> cases[] = {
      {"GET", "/api/v1/applications"},
      {"DELETE", "/api/v1/files/" + file},
      {"PUT", "/api/v1/files/" + file + "/acceptance"},
      {"POST", "/api/v1/files/" + file + "/audits/A1/evaluation"},
      {"PATCH", "/api/v1/files/" + file},
      {"POST", "/public/v1/certificates"},
      {"DELETE", "/public/v1/certificates/CMM-525-2026-00001"},
      {"POST", "/healthz"},
  };
  for (const auto& [method, path] : cases) {
    INFO(method << " " << path);
    const Reply reply = fx.Send(method, path, "clerk", std::string("{}"), "application/json");
    INFO(reply);
    CHECK(reply.status == 405);
    CHECK(reply.content_type().rfind("application/problem+json", 0) == 0);
    CHECK(reply.json_body.value("type", "") == "method-not-allowed");
    CHECK(reply.json_body.value("status", 0) == 405);
  }
  CHECK(fx.Head() == head);
}

TEST_CASE("every answer carries X-Request-Id, the client's when it sent a usable one", "[http][operations]") {
  HttpFixture fx;
  const Reply given = fx.Get("/healthz", "", {{"X-Request-Id", "req-42.a_b"}});
  CHECK(given.header("X-Request-Id") == "req-42.a_b");
  const Reply made = fx.Get("/public/v1/certificates");
  CHECK_FALSE(made.header("X-Request-Id").empty());
  CHECK(fx.Get("/public/v1/certificates").header("X-Request-Id") != made.header("X-Request-Id"));
  // Refusals carry it too.
  CHECK(fx.Get("/api/v1/files", "", {{"X-Request-Id", "unauth-1"}}).header("X-Request-Id") == "unauth-1");
  CHECK(fx.Get("/nowhere", "", {{"X-Request-Id", "missing-1"}}).header("X-Request-Id") == "missing-1");
  const Reply write = fx.Post("/api/v1/applications", "clerk", ApplicationBody(), {{"X-Request-Id", "write-1"}});
  CHECK(write.status == 201);
  CHECK(write.header("X-Request-Id") == "write-1");
  // One that could break a log line is replaced.
  const Reply odd = fx.Get("/healthz", "", {{"X-Request-Id", "a b\"c"}});
  CHECK_FALSE(odd.header("X-Request-Id").empty());
  CHECK(odd.header("X-Request-Id") != "a b\"c");
  const Reply long_id = fx.Get("/healthz", "", {{"X-Request-Id", std::string(65, 'x')}});
  CHECK(long_id.header("X-Request-Id") != std::string(65, 'x'));
}

TEST_CASE("requests refused before any route runs carry X-Request-Id too", "[http][operations]") {
  HttpFixture::Options options;
  options.max_body_bytes = 256;
  HttpFixture fx(options);
  const Reply too_large = fx.Send("POST", "/api/v1/applications", "clerk", std::string(1000, ' '), "application/json",
                                  {{"X-Request-Id", "big-1"}});
  CHECK(too_large.status == 413);
  CHECK(too_large.header("X-Request-Id") == "big-1");
  // A method the server does not know at all: refused (501) as soon as its
  // request line is read, so the id is the server's own.
  const Reply unknown = fx.Send("BREW", "/healthz", "", std::nullopt, "", {{"X-Request-Id", "brew-1"}});
  CHECK(unknown.status == 501);
  CHECK(unknown.content_type().rfind("application/problem+json", 0) == 0);
  CHECK_FALSE(unknown.header("X-Request-Id").empty());
  const Reply generated = fx.Send("POST", "/api/v1/applications", "clerk", std::string(1000, ' '), "application/json");
  CHECK_FALSE(generated.header("X-Request-Id").empty());
}

}  // namespace
}  // namespace certreg::testing
