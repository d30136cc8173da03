// Bulk lookup (platforms.md §2): POST /public/v1/certificates/lookup answers
// one item per input in input order (numbers, then usccs), every certificate
// of a USCC, the public lookup's fields and no personal data; at most 1,000
// inputs, each checked; no token; CORS and its preflight like every public
// route.
#include <catch2/catch.hpp>

#include <set>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

const std::string kLookup = "/public/v1/certificates/lookup";

TEST_CASE("bulk lookup answers every input in order, found or not, each USCC with all its certificates",
          "[http][public][bulk-lookup]") {
  HttpFixture fx;
  const std::string several = UsccFrom("91330110MA2H3X4Y5"), lone = UsccFrom("91330106MA28XYW01");
  const CertifiedFile a = Certify(fx, "杭州星河直播电子商务有限公司", several);
  const CertifiedFile b = Certify(fx, "杭州星河直播电子商务有限公司", several, 1, "电子商务直播售货质量管理（直播营销人员）");
  const CertifiedFile c = Certify(fx, "杭州云帆文化传媒有限公司", lone, 2);
  const std::string unknown_uscc = UsccFrom("91110000MA0000000");
  const Reply r = Ok(fx.Post(kLookup, "",
                             {{"numbers", {c.certificate_no, "CMM-525-2099-99999", a.certificate_no}},
                              {"usccs", {several, unknown_uscc, lone}}}));
  INFO(r);
  const json& items = r["items"];
  REQUIRE(items.size() == 7);
  // The numbers first, in their order; an unknown one says so and no more.
  CHECK(items[0]["input"] == c.certificate_no);
  CHECK(items[0]["found"] == true);
  CHECK(items[0]["certificate_no"] == c.certificate_no);
  CHECK(items[1] == json({{"input", "CMM-525-2099-99999"}, {"found", false}}));
  CHECK(items[2]["certificate_no"] == a.certificate_no);
  // Then each USCC in its order: every certificate it holds, one item each, all with that input.
  CHECK(items[3]["input"] == several);
  CHECK(items[4]["input"] == several);
  CHECK(std::set<std::string>{items[3]["certificate_no"], items[4]["certificate_no"]} ==
        std::set<std::string>{a.certificate_no, b.certificate_no});
  CHECK(items[5] == json({{"input", unknown_uscc}, {"found", false}}));
  CHECK(items[6]["input"] == lone);
  CHECK(items[6]["certificate_no"] == c.certificate_no);
  // An item carries exactly the public lookup's fields, with its values.
  const json single = Ok(fx.Get("/public/v1/certificates/" + c.certificate_no)).json_body;
  std::set<std::string> keys;
  for (const auto& [key, value] : items[0].items()) {
    keys.insert(key);
    if (key != "input" && key != "found") CHECK(value == single.at(key));
  }
  CHECK(keys == std::set<std::string>{"input", "found", "certificate_no", "holder_name", "status", "status_since",
                                      "valid_until", "in_validity"});
  CHECK(items[0]["status"] == "VALID");
  CHECK(items[0]["in_validity"] == true);
  // A lower-case USCC finds the same certificates; a suspension shows at once.
  std::string lower = several;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  Ok(fx.Post("/api/v1/certificates/" + a.certificate_no + "/suspension", "committee",
             SuspensionBody("8.2.1-3", "2026-07-31", "2026-05-04")));
  const Reply again = Ok(fx.Post(kLookup, "", {{"usccs", {lower}}}));
  REQUIRE(again["items"].size() == 2);
  for (const json& item : again["items"]) {
    CHECK(item["input"] == lower);
    CHECK(item["status"] == (item["certificate_no"] == a.certificate_no ? "SUSPENDED" : "VALID"));
  }
}

TEST_CASE("bulk lookup takes 1,000 inputs and refuses 1,001, and every bad input by name", "[http][public][bulk-lookup]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  json numbers = json::array();
  for (int i = 0; i < 600; ++i) numbers.push_back(i % 2 == 0 ? file.certificate_no : "CMM-525-2026-" + std::to_string(i));
  json usccs = json::array();
  for (int i = 0; i < 400; ++i) usccs.push_back(UsccFrom("91330110MA2H3X4Y5"));
  const Reply full = Ok(fx.Post(kLookup, "", {{"numbers", numbers}, {"usccs", usccs}}));
  CHECK(full["items"].size() == 1000);
  CHECK(full["items"][998]["certificate_no"] == file.certificate_no);

  usccs.push_back(UsccFrom("91330110MA2H3X4Y5"));
  const Reply over = Refused(fx, 422, "validation-failed", [&] {
    return fx.Post(kLookup, "", {{"numbers", numbers}, {"usccs", usccs}});
  });
  CHECK(over.body.find("at most 1000 inputs, not 1001") != std::string::npos);

  const Reply bad = fx.Post(kLookup, "",
                            {{"numbers", {file.certificate_no, "", "CMM 525", std::string(65, 'A'), 7}},
                             {"usccs", {"91330110MA2H3X4Y", "91330110MA2H3X4Y5\xe4\xb8\x80"}},
                             {"holder", "x"}});
  RequireProblem(bad, 422, "validation-failed");
  std::set<std::string> fields;
  for (const json& e : bad["errors"]) fields.insert(e["field"].get<std::string>());
  CHECK(fields == std::set<std::string>{"numbers[1]", "numbers[2]", "numbers[3]", "numbers[4]", "usccs[0]",
                                        "usccs[1]", "holder"});
  RequireProblem(fx.Post(kLookup, "", json::object()), 422, "validation-failed");
  RequireProblem(fx.Post(kLookup, "", {{"numbers", "CMM-525-2026-00001"}}), 422, "validation-failed");
  RequireProblem(fx.Post(kLookup, "", json::array()), 422, "validation-failed");
  RequireProblem(fx.Send("POST", kLookup, "", "{\"numbers\": [", "application/json"), 400);
  RequireProblem(fx.Send("POST", kLookup, "", "numbers=1", "application/x-www-form-urlencoded"), 415);
  // A body past the lookup's own limit (far below the server's): 413 naming the limit.
  const Reply large = fx.Send("POST", kLookup, "", "{\"numbers\": [\"" + std::string(200'000, 'A') + "\"]}",
                              "application/json");
  RequireProblem(large, 413);
  CHECK(large.body.find("131072") != std::string::npos);
}

TEST_CASE("bulk lookup answers no personal data, needs no token and allows any origin", "[http][public][bulk-lookup]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const Reply r = Ok(fx.Post(kLookup, "", {{"usccs", {UsccFrom("91330110MA2H3X4Y5")}}},
                             {{"Origin", "https://platform.example"}}));
  CHECK(r.header("Access-Control-Allow-Origin") == "*");
  CHECK_FALSE(r.has_header("Access-Control-Allow-Credentials"));
  REQUIRE(r["items"].size() == 1);
  CHECK(r["items"][0]["certificate_no"] == file.certificate_no);
  for (const char* personal : {"张伟", "李娜", "13800138000", "lina@example.cn"}) {
    CHECK(r.body.find(personal) == std::string::npos);
  }
  // A browser's preflight of a JSON POST is allowed, with POST and Content-Type.
  const Reply preflight = fx.Send("OPTIONS", kLookup, "", std::nullopt, "",
                                  {{"Origin", "https://platform.example"},
                                   {"Access-Control-Request-Method", "POST"},
                                   {"Access-Control-Request-Headers", "content-type"}});
  INFO(preflight);
  CHECK(preflight.status == 204);
  CHECK(preflight.header("Access-Control-Allow-Origin") == "*");
  CHECK(preflight.header("Access-Control-Allow-Methods").find("POST") != std::string::npos);
  CHECK(preflight.header("Access-Control-Allow-Headers").find("Content-Type") != std::string::npos);
  // A refusal carries CORS too, so the platform's script can read why.
  const Reply refused = fx.Post(kLookup, "", json::object(), {{"Origin", "https://platform.example"}});
  CHECK(refused.status == 422);
  CHECK(refused.header("Access-Control-Allow-Origin") == "*");
}

}  // namespace
}  // namespace certreg::testing
