// What the citizen's page needs from a public certificate (platforms.md §5):
// a suspended certificate says since when and on what grounds (public per
// domain.md §7, Annex B.3), like a revoked or cancelled one; and every
// certificate says what its scores are out of and the rule's pass marks.
// Both on the lookup and on every search item; the lookup keeps its ETag.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

constexpr char kHolder[] = "杭州星河直播电子商务有限公司";

TEST_CASE("a suspended certificate's public answer says since when and on what grounds", "[http][public][page]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, kHolder, UsccFrom("91330110MA2H3X4Y5"));
  const std::string pub = "/public/v1/certificates/" + file.certificate_no;
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  CHECK_FALSE(Ok(fx.Get(pub)).json_body.contains("suspension"));  // a valid certificate has none

  Ok(fx.Post(c + "/suspension", "committee", SuspensionBody("8.2.1-3", "2026-07-10", "2026-06-01")));
  const json expected = {{"date", "2026-06-01"},
                         {"grounds", "8.2.1-3"},
                         {"grounds_text", "认证对象存在一般违法违规行为"},
                         {"grounds_text_en", "The holder committed an ordinary violation of laws or regulations"}};
  const Reply lookup = Ok(fx.Get(pub, "", {{"Origin", "https://platform.example"}}));
  CHECK(lookup["status"] == "SUSPENDED");
  CHECK(lookup["suspension"] == expected);
  CHECK(lookup["status_since"] == lookup["suspension"]["date"]);
  // A public answer as §1 wants it: any origin, an entity tag that answers 304.
  CHECK(lookup.header("Access-Control-Allow-Origin") == "*");
  const Reply again = fx.Get(pub, "", {{"If-None-Match", lookup.header("ETag")}});
  CHECK(again.status == 304);

  const Reply found = Ok(fx.Get("/public/v1/certificates?q=" + Q("星河")));
  REQUIRE(found["items"].size() == 1);
  CHECK(found["items"][0]["suspension"] == expected);
  const Reply csv = Ok(fx.Get("/public/v1/certificates?q=" + Q("星河") + "&format=csv"));
  CHECK(csv.body.find("suspension.grounds") != std::string::npos);
  CHECK(csv.body.find("8.2.1-3") != std::string::npos);

  // Reinstated, it carries no suspension any more (and the kept lookup is not served).
  Ok(fx.Post(c + "/rectification", "clerk",
             {{"description", "下架涉事商品"}, {"evidence", "整改报告"}, {"received_on", "2026-06-15"}}));
  Ok(fx.Post(c + "/rectification/verification", "committee",
             {{"verified", true}, {"approver", "陈杰"}, {"effective_date", "2026-06-20"}}));
  Ok(fx.Post(c + "/reinstatement", "committee", {{"approver", "陈杰"}, {"effective_date", "2026-06-22"}}));
  const Reply reinstated = Ok(fx.Get(pub));
  CHECK(reinstated["status"] == "VALID");
  CHECK_FALSE(reinstated.json_body.contains("suspension"));
}

TEST_CASE("a public certificate says what its scores are out of and the rule's pass marks", "[http][public][page]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, kHolder, UsccFrom("91330110MA2H3X4Y5"));
  const Reply lookup = Ok(fx.Get("/public/v1/certificates/" + file.certificate_no));
  // CMM-525-0010: service areas weigh 25 + 20 + 15 %, management areas 40 %, enhancement 18 % (domain.md §5).
  const json expected = {{"max",
                          {{"service_characteristic_score", 60.0},
                           {"service_management_score", 40.0},
                           {"enhancement_score", 18.0},
                           {"comprehensive_score", 118.0},
                           {"area", 100}}},
                         {"indicator_thresholds", {{"rule", "§9"}, {"indicators", 20}, {"lowest", 80.0}, {"highest", 95.0}}}};
  CHECK(lookup["evaluation_scale"] == expected);
  // Every score lies within its scale.
  for (const auto& [name, max] : expected["max"].items()) {
    if (name == "area") continue;
    INFO(name);
    CHECK(lookup["evaluation"][name].get<double>() > 0);
    CHECK(lookup["evaluation"][name].get<double>() <= max.get<double>());
  }
  const Reply found = Ok(fx.Get("/public/v1/certificates?q=" + Q("星河")));
  REQUIRE(found["items"].size() == 1);
  CHECK(found["items"][0]["evaluation_scale"] == expected);
  // The staff answer is not the public one: it carries no scale.
  CHECK_FALSE(Ok(fx.Get("/api/v1/certificates/" + file.certificate_no, "clerk")).json_body.contains("evaluation_scale"));
}

}  // namespace
}  // namespace certreg::testing
