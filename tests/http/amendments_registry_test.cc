// The registry-level amendments of domain.md §9 through HTTP: the warnings of
// the scheme's own validity and of a missing calendar (§9.10, §9.11), and the
// refusal of a duplicate application (§9.12).
#include <catch2/catch.hpp>

#include "certreg/projections/keys.h"
#include "http/http_steps.h"

namespace certreg::testing {
namespace {

std::vector<std::string> WarningCodes(const json& warnings) {
  std::vector<std::string> codes;
  for (const auto& w : warnings) codes.push_back(w["code"]);
  return codes;
}

TEST_CASE("/readyz and the work queue carry the registry's warnings, no file is overdue for them",
          "[http][amendments][warnings]") {
  HttpFixture fx;  // today 2026-12-01, after the rule's validity (2025-05-20), weekends-only calendar
  const Reply ready = fx.Get("/readyz");
  REQUIRE(ready.status == 200);  // warnings do not make the registry unready
  CHECK(WarningCodes(ready["warnings"]) == std::vector<std::string>{"scheme_expired", "calendar_missing"});
  for (const auto& w : ready["warnings"]) CHECK_FALSE(w["message"].get<std::string>().empty());

  REQUIRE(fx.Post("/api/v1/applications", "clerk", ApplicationBody()).status == 201);
  const Reply queue = Ok(fx.Get("/api/v1/files", "clerk"));
  CHECK(WarningCodes(queue["warnings"]) == std::vector<std::string>{"scheme_expired", "calendar_missing"});
  REQUIRE(queue["items"].size() == 1);
  for (const auto& reason : queue["items"][0]["overdue_reasons"]) CHECK(reason != "scheme_expired");
  const Reply file = Ok(fx.Get("/api/v1/files/F-2026-000001", "clerk"));
  for (const auto& reason : file["overdue_reasons"]) CHECK(reason != "scheme_expired");
}

TEST_CASE("a second application of one USCC for the same scope is refused and writes nothing",
          "[http][amendments][duplicates]") {
  HttpFixture fx;
  const std::string uscc = UsccFrom("91330110MA2H3X4Y5");
  REQUIRE(fx.Post("/api/v1/applications", "clerk", ApplicationBody("杭州星河直播电子商务有限公司", uscc)).status == 201);
  const auto head = fx.Head();

  SECTION("the same scope, written with other white space and a lower-case USCC: 409 naming the file") {
    json body = ApplicationBody("杭州星河直播电子商务有限公司", uscc);
    body["scope"] = " " + body["scope"].get<std::string>() + "  ";
    body["applicant"]["uscc"] = uscc;  // the USCC as validated (upper case)
    const Reply refused = fx.Post("/api/v1/applications", "clerk", body);
    INFO(refused);
    CHECK(refused.status == 409);
    CHECK(refused["type"] == "duplicate-application");
    CHECK(refused["detail"].get<std::string>().find("F-2026-000001") != std::string::npos);
    CHECK(fx.Head() == head);
    CHECK(Ok(fx.Get("/api/v1/files", "clerk"))["total"] == 1);
  }
  SECTION("another scope of the same holder is a new file") {
    json body = ApplicationBody("杭州星河直播电子商务有限公司", uscc);
    body["scope"] = "电子商务直播售货质量管理（直播平台运营）";
    CHECK(fx.Post("/api/v1/applications", "clerk", body).status == 201);
  }
  SECTION("once the first application is withdrawn, the holder may apply again") {
    REQUIRE(fx.Post("/api/v1/files/F-2026-000001/withdrawal", "clerk",
                    {{"reason", "材料准备不足"}, {"received_on", "2026-03-03"}})
                .status == 200);
    const Reply again = fx.Post("/api/v1/applications", "clerk", ApplicationBody("杭州星河直播电子商务有限公司", uscc, "2026-03-04"));
    INFO(again);
    CHECK(again.status == 201);
    CHECK(again["file_id"] == "F-2026-000002");
  }
}

TEST_CASE("read models of another format are rebuilt from the log when the registry opens",
          "[http][amendments][duplicates]") {
  HttpFixture fx;
  const std::string uscc = UsccFrom("91330110MA2H3X4Y5");
  REQUIRE(fx.Post("/api/v1/applications", "clerk", ApplicationBody("杭州星河直播电子商务有限公司", uscc)).status == 201);
  // As an older version left them: no index of held scopes, an older format.
  REQUIRE(fx.store().WriteExtra({"proj_held_scopes"}, {{"proj_meta", "format", "1"}}).ok());
  fx.Restart();
  auto format = fx.store().GetExtra("proj_meta", "format");
  REQUIRE(format.ok());
  CHECK(*format == std::optional<std::string>(std::to_string(projections::kReadModelFormat)));
  const Reply refused = fx.Post("/api/v1/applications", "clerk", ApplicationBody("杭州星河直播电子商务有限公司", uscc));
  CHECK(refused.status == 409);
  CHECK(refused["type"] == "duplicate-application");
}

}  // namespace
}  // namespace certreg::testing
