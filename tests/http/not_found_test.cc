// An unknown certificate is 404 everywhere the public asks for one
// (platforms.md §1): the JSON lookup, its history, its QR code, its status
// statement and the statement's QR code, and the page /certificates/{no},
// which is still the page (it shows "not found") but with status 404.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

TEST_CASE("Not found: an unknown certificate is 404 on every public path", "[http][not-found]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  fx.SignCheckpoint();
  const std::string unknown = "/public/v1/certificates/NOSUCH-2026-0001";
  for (const std::string& path : {unknown, unknown + "/history", unknown + "/qr.svg", unknown + "/statement",
                                  unknown + "/statement?format=json", unknown + "/statement/qr.svg"}) {
    INFO(path);
    RequireProblem(fx.Get(path), 404, "not-found");
  }
  // The known certificate's answers at the same paths are 200: the 404s are about the number.
  const std::string known = "/public/v1/certificates/" + file.certificate_no;
  for (const std::string& path : {known, known + "/history", known + "/qr.svg", known + "/statement",
                                  known + "/statement/qr.svg"}) {
    INFO(path);
    CHECK(fx.Get(path).status == 200);
  }
}

TEST_CASE("Not found: the page of an unknown certificate is the page, with status 404", "[http][not-found]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const Reply page = Ok(fx.Get("/certificates/" + file.certificate_no));
  const Reply missing = fx.Get("/certificates/NOSUCH-2026-0001");
  CHECK(missing.status == 404);
  CHECK(missing.content_type().rfind("text/html", 0) == 0);
  CHECK(missing.body == page.body);  // the same document: its script shows "not found"
  // A 404 is never turned into a 304.
  CHECK(fx.Get("/certificates/NOSUCH-2026-0001", "", {{"If-None-Match", "*"}}).status == 404);
}

}  // namespace
}  // namespace certreg::testing
