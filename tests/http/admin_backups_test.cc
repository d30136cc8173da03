// Backups over HTTP, for admins (README, "Backup and restore"):
// taken while the server runs, listed, and refused with a reason a person can
// act on when the directory is relative, unwritable or not a backup's.
#include <fstream>

#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

TEST_CASE("an admin backs up the running registry and lists the backups", "[http][backup]") {
  HttpFixture fx;
  TempDir backups;
  const std::string to = backups.Sub("registry");
  const std::uint64_t head = fx.store().Head().size;

  const Reply first = fx.Post("/api/v1/admin/backups", "admin", {{"to", to}});
  INFO(first.body);
  REQUIRE(first.status == 201);
  CHECK(first["backup_id"] == 1);
  CHECK(first["log_size"] == head);
  CHECK(first["files"].get<int>() > 0);
  CHECK(first["bytes"].get<std::uint64_t>() > 0);
  CHECK(first["created_at"].is_string());
  const Reply second = fx.Post("/api/v1/admin/backups", "admin", {{"to", to}});
  REQUIRE(second.status == 201);
  CHECK(second["backup_id"] == 2);
  CHECK(fx.store().Head().size == head);  // a backup writes no event

  const Reply list = fx.Get("/api/v1/admin/backups?to=" + to, "admin");
  REQUIRE(list.status == 200);
  REQUIRE(list["backups"].size() == 2);
  CHECK(list["backups"][0]["backup_id"] == 1);
  CHECK(list["backups"][1]["log_size"] == head);
  const Reply none = fx.Get("/api/v1/admin/backups?to=" + backups.Sub("none"), "admin");
  REQUIRE(none.status == 200);
  CHECK(none["backups"].empty());
}

TEST_CASE("only an admin backs up, into an absolute directory it may write that holds backups or nothing",
          "[http][backup]") {
  HttpFixture fx;
  TempDir backups;
  for (const char* role : {"clerk", "auditor", "committee", "regulator"}) {
    INFO(role);
    CHECK(fx.Post("/api/v1/admin/backups", role, {{"to", backups.Sub("b")}}).status == 403);
    CHECK(fx.Get("/api/v1/admin/backups?to=" + backups.Sub("b"), role).status == 403);
  }
  CHECK(fx.Post("/api/v1/admin/backups", "", {{"to", backups.Sub("b")}}).status == 401);

  const Reply relative = fx.Post("/api/v1/admin/backups", "admin", {{"to", "backups"}});
  INFO(relative.body);
  REQUIRE(relative.status == 422);
  CHECK(relative["errors"][0]["field"] == "to");
  CHECK(relative["errors"][0]["message"].get<std::string>().find("absolute") != std::string::npos);
  CHECK(fx.Post("/api/v1/admin/backups", "admin", json::object()).status == 422);
  CHECK(fx.Get("/api/v1/admin/backups", "admin").status == 422);
  CHECK(fx.Get("/api/v1/admin/backups?to=backups", "admin").status == 422);
  CHECK(fx.Post("/api/v1/admin/backups", "admin", {{"to", fx.dir() + "/backups"}}).status == 422);

  std::ofstream(backups.Sub("notes.txt")) << "not a backup";
  const Reply other = fx.Post("/api/v1/admin/backups", "admin", {{"to", backups.path()}});
  INFO(other.body);
  REQUIRE(other.status == 409);
  CHECK(other["current_status"] == "NOT_A_BACKUP_DIRECTORY");
  CHECK(other["detail"].get<std::string>().find(backups.path()) != std::string::npos);

  // Under a regular file no directory can be made (whoever the server runs as).
  const Reply unwritable = fx.Post("/api/v1/admin/backups", "admin", {{"to", backups.Sub("notes.txt") + "/b"}});
  INFO(unwritable.body);
  CHECK(unwritable.status == 409);
  CHECK(unwritable["current_status"] == "UNWRITABLE");
  CHECK(unwritable.body.find("Not a directory") == std::string::npos);  // no text of the system's
}

}  // namespace
}  // namespace certreg::testing
