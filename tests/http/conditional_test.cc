// Conditional requests (platforms.md §1; RFC 9110 §13.1.2): every public
// answer carries a strong ETag of its bytes, the staff file and certificate
// GETs their version tag; If-None-Match naming a current tag (weakly, in a
// list, or "*") answers 304 with no body and the same ETag and Cache-Control.
#include <chrono>
#include <ctime>

#include <catch2/catch.hpp>

#include "http/conditional.h"
#include "http/http_steps.h"
#include "support/raw_socket.h"

namespace certreg::testing {
namespace {

// GETs `path` twice: the second time with If-None-Match `tag_of(first ETag)`.
void RequireRevalidates(HttpFixture& fx, const std::string& path, const std::string& token = "") {
  INFO(path);
  const Reply first = Ok(fx.Get(path, token));
  const std::string tag = first.header("ETag");
  REQUIRE_FALSE(tag.empty());
  CHECK(tag.rfind("W/", 0) == std::string::npos);  // strong
  CHECK(Ok(fx.Get(path, token)).header("ETag") == tag);  // the same bytes, the same tag
  for (const std::string& condition : {tag, "W/" + tag, "\"other\", " + tag, std::string("*")}) {
    INFO(condition);
    const Reply again = fx.Get(path, token, {{"If-None-Match", condition}});
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(again.header("ETag") == tag);
    CHECK(again.header("Cache-Control") == first.header("Cache-Control"));
  }
  const Reply other = fx.Get(path, token, {{"If-None-Match", "\"other\""}});
  CHECK(other.status == 200);
  CHECK(other.body == first.body);
}

TEST_CASE("Conditional: every public answer revalidates by its ETag", "[http][conditional]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string c = "/public/v1/certificates/" + file.certificate_no;
  fx.SignCheckpoint();
  for (const std::string& path :
       {c, c + "?include=history", c + "/history", c + "/qr.svg", c + "/statement/qr.svg",
        "/public/v1/certificates?q=" + Q("星河"), "/public/v1/certificates?q=" + Q("星河") + "&format=csv",
        std::string("/public/v1/registry"), std::string("/"), "/certificates/" + file.certificate_no,
        std::string("/assets/app.js"), std::string("/log/checkpoint"), std::string("/log/vkey"),
        std::string("/log/proof/inclusion/0")}) {
    RequireRevalidates(fx, path);
  }
  CHECK(Ok(fx.Get(c)).header("Cache-Control") == "public, max-age=1");
  // A statement is signed when fetched (its as_of): a tag of its bytes, new each time.
  const Reply statement = Ok(fx.Get(c + "/statement"));
  CHECK(statement.header("ETag") == http::BodyTag(statement.body));
}

// nginx keeps a public answer to the end of the second the server began it in
// (README, "Behind nginx"): never a second longer, so a change is seen within 1 s.
TEST_CASE("Conditional: public answers tell nginx to keep them to the end of their second", "[http][conditional]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string c = "/public/v1/certificates/" + file.certificate_no;
  const auto second = [] { return std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()); };
  for (const std::string& path : {c, c, c + "?include=history", c + "/history",
                                   "/public/v1/certificates?q=" + Q("星河")}) {
    INFO(path);
    const std::time_t before = second();
    const Reply reply = Ok(fx.Get(path));
    const std::time_t after = second();
    const std::string expires = reply.header("X-Accel-Expires");
    REQUIRE(expires.size() > 1);
    CHECK(expires[0] == '@');
    const std::time_t at = std::stoll(expires.substr(1));
    CHECK(at >= before);
    CHECK(at <= after);
    CHECK(reply.header("Cache-Control") == "public, max-age=1");
  }
}

TEST_CASE("Conditional: when the answer changes, so does its tag, and the old one gets it in full",
          "[http][conditional]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string c = "/public/v1/certificates/" + file.certificate_no;
  const Reply before = Ok(fx.Get(c));
  CHECK(before["in_validity"] == true);
  fx.SetToday(Day("2030-01-01"));  // past valid_until: the lookup says so
  const Reply after = fx.Get(c, "", {{"If-None-Match", before.header("ETag")}});
  CHECK(after.status == 200);
  CHECK(after["in_validity"] == false);
  CHECK(after.header("ETag") != before.header("ETag"));
}

TEST_CASE("Conditional: the staff file and certificate GETs answer 304 to their version tag", "[http][conditional]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const int version = Ok(fx.Get("/api/v1/files/" + file.file_id, "clerk"))["version"];
  for (const std::string& path : {"/api/v1/files/" + file.file_id, "/api/v1/certificates/" + file.certificate_no}) {
    CHECK(Ok(fx.Get(path, "clerk")).header("ETag") == "\"" + std::to_string(version) + "\"");
    RequireRevalidates(fx, path, "clerk");
    // A stale version is answered in full.
    CHECK(fx.Get(path, "clerk", {{"If-None-Match", "\"1\""}}).status == 200);
  }
}

TEST_CASE("Conditional: a 304 carries no body at the wire, so the next answer is framed right",
          "[http][conditional]") {
  HttpFixture fx;
  const std::string tag = Ok(fx.Get("/public/v1/registry")).header("ETag");
  RawSocket s(fx.port());
  REQUIRE(s.connected());
  const std::string conditional =
      "GET /public/v1/registry HTTP/1.1\r\nHost: r.example\r\nIf-None-Match: W/" + tag + "\r\n\r\n";
  REQUIRE(s.Send(conditional + "GET /public/v1/registry HTTP/1.1\r\nHost: r.example\r\n\r\n"));
  const RawAnswer not_modified = s.ReadAnswer();
  CHECK(not_modified.status == 304);
  CHECK(not_modified.header("etag") == tag);
  CHECK(not_modified.header("content-length").empty());
  const RawAnswer full = s.ReadAnswer();
  CHECK(full.status == 200);
  CHECK(full.body.find("time_zone") != std::string::npos);
}

TEST_CASE("Conditional: If-None-Match by RFC 9110's weak comparison", "[http][conditional]") {
  using http::NoneMatchNames;
  CHECK(NoneMatchNames("\"a\"", "\"a\""));
  CHECK(NoneMatchNames("W/\"a\"", "\"a\""));
  CHECK(NoneMatchNames("\"a\"", "W/\"a\""));
  CHECK(NoneMatchNames(" \"x\" ,W/\"a\" ", "\"a\""));
  CHECK(NoneMatchNames("*", "\"a\""));
  CHECK_FALSE(NoneMatchNames("\"b\"", "\"a\""));
  CHECK_FALSE(NoneMatchNames("a", "\"a\""));  // unquoted: malformed, names nothing
  CHECK_FALSE(NoneMatchNames("", "\"a\""));
  CHECK_FALSE(NoneMatchNames("\"\"a\"", "\"a\""));
  CHECK(http::BodyTag("x") == http::BodyTag("x"));
  CHECK(http::BodyTag("x") != http::BodyTag("y"));
  CHECK(http::BodyTag("x").size() == 34);
}

}  // namespace
}  // namespace certreg::testing
