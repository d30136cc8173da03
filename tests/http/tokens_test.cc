// Tokens over HTTP, for admins: a token created while the server runs opens
// the API at once, and a revoked one is refused at once.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

TEST_CASE("an admin creates, lists and revokes tokens while the server runs", "[http][tokens]") {
  HttpFixture fx;
  const auto head = fx.store().Head().size;

  const Reply created = fx.Post("/api/v1/tokens", "admin", {{"role", "clerk"}, {"name", "zhou.min"}});
  INFO(created.body);
  REQUIRE(created.status == 201);
  CHECK(created["role"] == "clerk");
  CHECK(created["name"] == "zhou.min");
  CHECK(created["revoked_at"].is_null());
  const std::string id = created["id"].get<std::string>();
  const std::string token = created["token"].get<std::string>();
  CHECK(created.header("Location") == "/api/v1/tokens/" + id);
  CHECK(token.find(id) != std::string::npos);

  // The new token works at once, as its user.
  const Reply queue = fx.Get("/api/v1/files", "literal:" + token);
  CHECK(queue.status == 200);

  // The list shows it, never a secret.
  const Reply list = fx.Get("/api/v1/tokens", "admin");
  REQUIRE(list.status == 200);
  bool listed = false;
  for (const auto& t : list["tokens"]) {
    CHECK_FALSE(t.contains("token"));
    if (t["id"] == id) listed = true;
  }
  CHECK(listed);
  CHECK(list.body.find(token) == std::string::npos);

  // Revoked: its next request gets 401.
  const Reply revoked = fx.Post("/api/v1/tokens/" + id + "/revocation", "admin", json::object());
  REQUIRE(revoked.status == 200);
  CHECK(revoked["revoked_at"].is_string());
  CHECK(fx.Get("/api/v1/files", "literal:" + token).status == 401);
  CHECK(fx.Post("/api/v1/tokens/" + id + "/revocation", "admin", json::object()).status == 200);  // again: no change
  CHECK(fx.Post("/api/v1/tokens/0123456789abcdef/revocation", "admin", json::object()).status == 404);

  // No event was written by any of it.
  CHECK(fx.store().Head().size == head);
}

TEST_CASE("only an admin manages tokens, with well-formed bodies", "[http][tokens]") {
  HttpFixture fx;
  for (const char* role : {"clerk", "auditor", "committee", "regulator"}) {
    INFO(role);
    CHECK(fx.Get("/api/v1/tokens", role).status == 403);
    CHECK(fx.Post("/api/v1/tokens", role, {{"role", "admin"}, {"name", "mallory"}}).status == 403);
  }
  CHECK(fx.Get("/api/v1/tokens").status == 401);
  const Reply invalid = fx.Post("/api/v1/tokens", "admin", {{"role", "owner"}, {"name", "has space"}, {"x", 1}});
  CHECK(invalid.status == 422);
  CHECK(invalid.has_error("role"));
  CHECK(invalid.has_error("x"));
  const Reply bad_name = fx.Post("/api/v1/tokens", "admin", {{"role", "clerk"}, {"name", "has space"}});
  CHECK(bad_name.status == 422);
  CHECK(bad_name.has_error("name"));
  CHECK(fx.Send("POST", "/api/v1/tokens", "admin", std::string("{}"), "text/plain").status == 415);
  CHECK(fx.Send("POST", "/api/v1/tokens", "admin", std::string("{"), "application/json").status == 400);
}

}  // namespace
}  // namespace certreg::testing
