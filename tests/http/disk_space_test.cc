// A full disk seen from HTTP: below the reserve a write gets 507 with a problem
// body and records nothing, reads are served, /healthz and /readyz say why,
// and writes resume once space is back. Free space is injected into the store;
// tests/ops/disk_full.sh fills a real file system under `certreg serve`.
#include <catch2/catch.hpp>

#include <atomic>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

constexpr std::uint64_t kMiB = 1 << 20;

std::string RawApplication(HttpFixture& fx) {
  // Another holder than ApplicationBody()'s, so that it never duplicates the first application.
  const std::string body = ApplicationBody("杭州云帆直播有限公司", UsccFrom("91330110MA2H3X4Y6")).dump();
  return "POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " +
         fx.token("clerk") + "\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST_CASE("/readyz answers 200 naming every check when all hold", "[http][operations][disk]") {
  HttpFixture fx;
  const Reply ready = fx.Get("/readyz");
  INFO(ready);
  REQUIRE(ready.status == 200);
  CHECK(ready["status"] == "ready");
  CHECK(ready["failing"].empty());
  for (const char* check : {"store_writable", "disk_space", "read_models"}) {
    CHECK(ready["checks"].at(check).at("ok") == true);
  }
  const Reply health = fx.Get("/healthz");
  CHECK(health["writable"] == true);
  CHECK_FALSE(health.json_body.contains("reason"));
}

TEST_CASE("below the disk reserve a write gets 507 and records nothing, and reads go on", "[http][operations][disk]") {
  auto free = std::make_shared<std::atomic<std::uint64_t>>(1024 * kMiB);
  HttpFixture::Options options;
  options.disk_reserve_bytes = 256 * kMiB;
  options.free_space = [free] { return free->load(); };
  HttpFixture fx(options);
  const Reply first = Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody()));
  const std::string file = "/api/v1/files/" + first["file_id"].get<std::string>();
  const auto head = fx.Head();

  *free = 255 * kMiB;
  const Reply refused = fx.RawRequest(RawApplication(fx));
  INFO(refused);
  CHECK(refused.status == 507);
  CHECK(refused.content_type() == "application/problem+json");
  CHECK(refused["status"] == 507);
  CHECK(refused.body.find("No space") == std::string::npos);  // no storage error text
  CHECK(fx.Head() == head);
  CHECK(fx.Get(file, "clerk").status == 200);

  const Reply ready = fx.Get("/readyz");
  CHECK(ready.status == 503);
  CHECK(ready["status"] == "not ready");
  CHECK(ready["failing"] == nlohmann::json::array({"disk_space"}));
  CHECK(ready["checks"]["disk_space"]["detail"] == "free disk space 255 MiB is below the reserve of 256 MiB");
  const Reply health = fx.Get("/healthz");
  CHECK(health.status == 200);
  CHECK(health["writable"] == false);
  CHECK(health["reason"] == "free disk space 255 MiB is below the reserve of 256 MiB");

  *free = 256 * kMiB;
  CHECK(fx.RawRequest(RawApplication(fx)).status == 201);
  CHECK(fx.Get("/readyz").status == 200);
}

}  // namespace
}  // namespace certreg::testing
