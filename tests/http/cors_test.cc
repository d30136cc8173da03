// CORS on the public surface (platforms.md §1): Access-Control-Allow-Origin
// on every answer of /public/ and /log/, errors included; OPTIONS preflights
// answered 204 by the server for every public route; never credentials,
// never cookies; no CORS on the staff API.
#include <catch2/catch.hpp>

#include "http/http_steps.h"
#include "support/raw_socket.h"

namespace certreg::testing {
namespace {

void RequireCors(const Reply& reply) {
  INFO(reply);
  CHECK(reply.header("Access-Control-Allow-Origin") == "*");
  const std::string exposed = reply.header("Access-Control-Expose-Headers");
  for (const char* name : {"ETag", "X-Certreg-Tree-Size", "Retry-After", "X-Request-Id"}) {
    CHECK(exposed.find(name) != std::string::npos);
  }
  CHECK_FALSE(reply.has_header("Access-Control-Allow-Credentials"));
  CHECK_FALSE(reply.has_header("Set-Cookie"));
}

TEST_CASE("CORS: every public and log answer allows any origin, errors and 304s included", "[http][cors]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string c = "/public/v1/certificates/" + file.certificate_no;
  const httplib::Headers origin = {{"Origin", "https://platform.example"}};
  const Reply lookup = Ok(fx.Get(c, "", origin));
  RequireCors(lookup);
  RequireCors(Ok(fx.Get("/public/v1/certificates?q=" + Q("星河"), "", origin)));
  RequireCors(Ok(fx.Get(c + "/history", "", origin)));
  RequireCors(Ok(fx.Get(c + "/qr.svg", "", origin)));
  RequireCors(Ok(fx.Get("/public/v1/registry", "", origin)));
  RequireCors(Ok(fx.Get("/log/vkey", "", origin)));
  // Errors: unknown certificate, bad query, no checkpoint yet (503 with Retry-After), unknown log path.
  RequireCors(fx.Get("/public/v1/certificates/NOSUCH-0000", "", origin));
  RequireCors(fx.Get("/public/v1/certificates?page_size=0", "", origin));
  const Reply unavailable = fx.Get("/log/checkpoint", "", origin);
  CHECK(unavailable.status == 503);
  RequireCors(unavailable);
  RequireCors(fx.Get("/log/nothing-here", "", origin));
  // A 304 keeps them.
  const Reply again = fx.Get(c, "", {{"Origin", "https://platform.example"}, {"If-None-Match", lookup.header("ETag")}});
  CHECK(again.status == 304);
  RequireCors(again);
  // A regulator's entry bundle is on /log too; a refused one says so with CORS.
  RequireCors(fx.Get("/log/tile/entries/000", "", origin));
  // Refused by the connection layer before routing (a body over the limit): CORS too.
  const Reply too_large = fx.RawRequest("GET /public/v1/registry HTTP/1.1\r\nHost: r.example\r\nContent-Length: " +
                                        std::to_string((1 << 20) + 1) + "\r\n\r\n");
  CHECK(too_large.status == 413);
  RequireCors(too_large);
}

TEST_CASE("CORS: the staff API, the page and operations carry none", "[http][cors]") {
  HttpFixture fx;
  for (const char* path : {"/api/v1/files", "/", "/healthz"}) {
    const Reply r = fx.Get(path, "clerk", {{"Origin", "https://platform.example"}});
    INFO(path << " " << r);
    CHECK(r.status != 0);
    CHECK_FALSE(r.has_header("Access-Control-Allow-Origin"));
  }
  // OPTIONS there stays 405 with Allow: no preflight is answered for staff routes.
  const Reply staff = fx.Send("OPTIONS", "/api/v1/files", "", std::nullopt, "", {{"Origin", "https://x.example"}});
  CHECK(staff.status == 405);
  CHECK_FALSE(staff.has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("CORS: a preflight on a public route is 204 with the methods, headers and max age, at the wire",
          "[http][cors]") {
  HttpFixture fx;
  RawSocket s(fx.port());
  REQUIRE(s.connected());
  const std::string preflight =
      "OPTIONS /public/v1/certificates/ABC-1/history HTTP/1.1\r\nHost: registry.example\r\n"
      "Origin: https://platform.example\r\nAccess-Control-Request-Method: GET\r\n"
      "Access-Control-Request-Headers: if-none-match\r\n\r\n";
  // Two preflights and a GET pipelined on one connection: the 204s carry no body to misframe the next answer.
  REQUIRE(s.Send(preflight + preflight + "GET /public/v1/registry HTTP/1.1\r\nHost: registry.example\r\n\r\n"));
  for (int i = 0; i < 2; ++i) {
    const RawAnswer a = s.ReadAnswer();
    REQUIRE(a.status == 204);
    CHECK(a.body.empty());
    CHECK(a.header("content-length").empty());
    CHECK(a.header("access-control-allow-origin") == "*");
    CHECK(a.header("access-control-allow-methods") == "GET, HEAD, OPTIONS");
    const std::string allowed = a.header("access-control-allow-headers");
    for (const char* name : {"If-None-Match", "Content-Type", "Accept", "Last-Event-ID"}) CHECK(allowed.find(name) != std::string::npos);
    CHECK_FALSE(a.header("access-control-max-age").empty());
    CHECK(a.header("access-control-expose-headers").find("ETag") != std::string::npos);
    CHECK(a.header("access-control-allow-credentials").empty());
  }
  const RawAnswer get = s.ReadAnswer();
  CHECK(get.status == 200);
  CHECK(get.header("access-control-allow-origin") == "*");

  // Every public route answers one; an unknown public path is 404 (with CORS), not 204.
  for (const char* path : {"/public/v1/certificates/X-1", "/public/v1/certificates", "/public/v1/registry",
                           "/public/v1/certificates/X-1/qr.svg", "/public/v1/certificates/X-1/statement",
                           "/log/checkpoint", "/log/vkey", "/log/tile/0/000", "/log/proof/inclusion/0"}) {
    const Reply r = fx.Send("OPTIONS", path, "", std::nullopt, "", {{"Origin", "https://platform.example"}});
    INFO(path << " " << r);
    CHECK(r.status == 204);
    CHECK(r.header("Access-Control-Allow-Origin") == "*");
  }
  const Reply unknown = fx.Send("OPTIONS", "/public/v1/nothing", "", std::nullopt, "", {});
  CHECK(unknown.status == 404);
  CHECK(unknown.header("Access-Control-Allow-Origin") == "*");
}

}  // namespace
}  // namespace certreg::testing
