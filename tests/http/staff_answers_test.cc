// Staff answers are never cached, and request text cannot break the access log.
#include <catch2/catch.hpp>

#include "http/http_steps.h"
#include "http/log_text.h"

namespace certreg::testing {
namespace {

TEST_CASE("every staff answer says Cache-Control: no-store, public answers stay cacheable",
          "[http][cache][personal-data]") {
  HttpFixture fx;
  const Reply queue = fx.Get("/api/v1/files", "clerk");
  REQUIRE(queue.status == 200);
  CHECK(queue.header("Cache-Control") == "no-store");
  const Reply tokens = fx.Get("/api/v1/tokens", "admin");
  REQUIRE(tokens.status == 200);
  CHECK(tokens.header("Cache-Control") == "no-store");
  const Reply metrics = fx.Get("/metrics", "regulator");
  REQUIRE(metrics.status == 200);
  CHECK(metrics.header("Cache-Control") == "no-store");

  const Reply search = fx.Get("/public/v1/certificates?q=%E6%98%9F");
  REQUIRE(search.status == 200);
  CHECK(search.header("Cache-Control") == "public, max-age=1");
}

TEST_CASE("request text in the access log cannot break the line or hide characters", "[http][log]") {
  CHECK(http::LogText("/api/v1/files/F-2026-000001") == "/api/v1/files/F-2026-000001");
  CHECK(http::LogText("/a\nGET /forged 200") == "/a\\x0aGET\\x20/forged\\x20200");
  CHECK(http::LogText("/a\r\n") == "/a\\x0d\\x0a");
  CHECK(http::LogText("\"q\\") == "\\x22q\\x5c");
  CHECK(http::LogText("\x7f") == "\\x7f");
  // U+202E (right-to-left override) and U+200B (zero width space), byte by byte.
  CHECK(http::LogText("/\xe2\x80\xae/\xe2\x80\x8b") == "/\\xe2\\x80\\xae/\\xe2\\x80\\x8b");
}

}  // namespace
}  // namespace certreg::testing
