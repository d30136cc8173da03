#include <catch2/catch.hpp>

#include <fstream>
#include <numeric>
#include <sstream>

#include "certreg/common/sha256.h"
#include "certreg/scheme/scheme_loader.h"

using certreg::Status;
using certreg::domain::Date;
using namespace certreg::scheme;

namespace {

const std::string kSchemePath = std::string(CERTREG_SOURCE_DIR) + "/src/scheme/cmm-525-0010.json";

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  REQUIRE(file);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

// The scheme file with `from` (which must occur exactly once) replaced by `to`.
std::string Edited(const std::string& from, const std::string& to) {
  std::string text = ReadFile(kSchemePath);
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  REQUIRE(text.find(from, pos + 1) == std::string::npos);
  return text.replace(pos, from.size(), to);
}

// The error message of loading `text`, which must fail with InvalidArgument.
std::string LoadError(const std::string& text) {
  auto scheme = LoadScheme(text);
  REQUIRE_FALSE(scheme.ok());
  CHECK(scheme.status().code() == Status::Code::kInvalidArgument);
  return scheme.status().message();
}

}  // namespace

TEST_CASE("the built-in scheme validates and is the scheme file byte for byte", "[scheme][loader]") {
  const auto& scheme = BuiltInScheme();
  CHECK(scheme.id == "CMM-525-0010");
  CHECK(scheme.version == "V1.0");
  CHECK(scheme.sha256 == certreg::ToHex(certreg::Sha256Of(ReadFile(kSchemePath))));
  auto from_file = LoadSchemeFile(kSchemePath);
  REQUIRE(from_file.ok());
  CHECK(from_file->sha256 == scheme.sha256);
}

TEST_CASE("the built-in scheme carries every number of CMM-525-0010", "[scheme][loader]") {
  const auto& scheme = BuiltInScheme();
  CHECK(scheme.rule_effective_from == *Date::Parse("2025-01-01"));
  CHECK(scheme.rule_valid_until == *Date::Parse("2025-05-20"));
  CHECK(scheme.basis == "GB/T 41247-2023; CMM-525-0010-GBT 41247-2023 (V1.0)");
  CHECK(scheme.certification_body == "北京希莫认证服务有限公司");
  CHECK(scheme.category == "电子商务直播售货质量管理能力认证");
  CHECK(scheme.field == "电子商务直播售货质量管理");
  CHECK(scheme.mode == "服务特性要求测评+服务管理要求审核");
  CHECK(scheme.certificate_number_pattern == "CMM-525-{YYYY}-{NNNNN}");
  CHECK(scheme.acceptance_working_days == 5);
  CHECK(scheme.notice_working_days == 5);
  CHECK(scheme.validity_years == 3);
  CHECK(scheme.recertification_window_months == 3);
  CHECK(scheme.surveillance_interval_months == 12);
  CHECK(scheme.recertification_grace_months == 6);
  CHECK(scheme.onsite_days.at("initial").min == 5);
  CHECK(scheme.onsite_days.at("initial").max == 7);
  CHECK(scheme.onsite_days.at("surveillance").max == 3);
  CHECK(scheme.onsite_days.at("recertification").min == 5);

  REQUIRE(scheme.indicators.size() == 20);
  std::string thresholds;
  for (const auto& indicator : scheme.indicators) {
    thresholds += indicator.id + " " + indicator.name_zh + " " + std::to_string(static_cast<int>(indicator.threshold)) + " · ";
  }
  CHECK(thresholds ==
        "9.1.1 资质管理 90 · 9.1.2 制度建设 85 · 9.1.3 责任分工 85 · 9.1.4 资源配置 80 · 9.2.1 人员配置 85 · "
        "9.2.2 人员培训 85 · 9.2.3 人员考核 80 · 9.2.4 人员激励 80 · 9.3.1 商品选择 90 · 9.3.2 商品上架 90 · "
        "9.3.3 商品下架 85 · 9.3.4 商品追溯 85 · 9.4.1 信息展示 90 · 9.4.2 信息审核 90 · 9.4.3 信息安全 95 · "
        "9.4.4 信息记录 85 · 9.5.1 保护机制 90 · 9.5.2 投诉处理 90 · 9.5.3 售后服务 85 · 9.5.4 权益保障 85 · ");

  REQUIRE(scheme.areas.size() == 8);
  CHECK(scheme.FindArea("quality")->weight == 0.25);
  CHECK(scheme.FindArea("efficiency")->weight == 0.20);
  CHECK(scheme.FindArea("effect")->weight == 0.15);
  CHECK(scheme.FindArea("organisation")->weight == 0.10);
  CHECK(scheme.FindArea("personnel")->weight == 0.08);
  CHECK(scheme.FindArea("goods")->weight == 0.10);
  CHECK(scheme.FindArea("live_information")->weight == 0.07);
  CHECK(scheme.FindArea("consumer_protection")->weight == 0.05);

  REQUIRE(scheme.enhancements.size() == 8);
  double enhancement_total = 0;
  for (const auto& enhancement : scheme.enhancements) enhancement_total += enhancement.weight;
  CHECK(enhancement_total == Approx(0.18));

  REQUIRE(scheme.sheets.size() == 4);
  for (const auto& sheet : scheme.sheets) {
    CAPTURE(sheet.id);
    CHECK(std::accumulate(sheet.item_points.begin(), sheet.item_points.end(), 0.0) == 30);
    CHECK(sheet.item_names_zh.size() == 4);
  }
  CHECK(scheme.FindSheet("D.1.1")->item_points == std::vector<double>{10, 8, 7, 5});
  CHECK(scheme.FindSheet("D.1.2")->item_points == std::vector<double>{8, 7, 7, 8});
  CHECK(scheme.FindSheet("D.2.1")->item_points == std::vector<double>{10, 8, 7, 5});
  CHECK(scheme.FindSheet("D.3.1")->item_points == std::vector<double>{20, 5, 3, 2});
  CHECK(scheme.FindSheet("D.1.2")->item_names_zh[3] == "客户信息准确性");

  CHECK(scheme.finding_codes.size() == 20 + 1 + 3 + 5 + 4 + 5);
  CHECK(scheme.suspension_grounds.size() == 4);
  CHECK(scheme.revocation_grounds.size() == 5);
  CHECK(scheme.cancellation_grounds.size() == 4);
  for (const auto* list : {&scheme.suspension_grounds, &scheme.revocation_grounds, &scheme.cancellation_grounds}) {
    for (const auto& grounds : *list) {
      CAPTURE(grounds.code);
      CHECK_FALSE(grounds.text_zh.empty());
      CHECK_FALSE(grounds.text_en.empty());
    }
  }
}

TEST_CASE("a broken scheme file is refused with a message naming the field", "[scheme][loader]") {
  struct Case {
    const char* from;
    const char* to;
    const char* message;
  };
  const Case cases[] = {
      {R"("threshold": 95)", R"("threshold": 105)", "indicators[14].threshold: must be a number from 0 to 100"},
      {R"("threshold": 95)", R"("threshold": "95")", "indicators[14].threshold: must be a number from 0 to 100"},
      {R"("weight": 0.25)", R"("weigth": 0.25)", R"(unknown field "weigth" in areas[0])"},
      {R"("weight": 0.25)", R"("weigth": 0.25)", "areas[0].weight: required"},
      {R"("weight": 0.05)", R"("weight": 0.06)", "areas: weights must sum to 1"},
      {R"("area": "organisation", "name_zh": "资质管理")", R"("area": "quality", "name_zh": "资质管理")",
       R"(indicators[0].area: "quality" is not a management area)"},
      {R"("area": "personnel", "name_zh": "人员激励")", R"("area": "staff", "name_zh": "人员激励")",
       R"(indicators[7].area: unknown area "staff")"},
      {R"("id": "D.2.1", "area": "efficiency")", R"("id": "D.2.1", "area": "goods")",
       R"(sheets[2].area: "goods" is not a service area)"},
      {R"({"name_zh": "调研质量", "points": 2})", R"({"name_zh": "调研质量", "points": 0})",
       "sheets[3].items[3].points: must be positive"},
      {R"({"name_zh": "调研质量", "points": 2})", R"({"name_zh": "调研质量", "points": 3})",
       "sheets[3].total: is 30 but the items' points sum to 31"},
      {R"("initial": {"min": 5, "max": 7})", R"("initial": {"min": 8, "max": 7})",
       "onsite_days.initial.min: must not exceed max"},
      {R"("special": {"min": 2, "max": 3},)", "", "onsite_days.special: required"},
      {R"("valid_until": "2025-05-20")", R"("valid_until": "2025-02-30")",
       R"(rule.valid_until: must be a date "YYYY-MM-DD")"},
      {R"("valid_until": "2025-05-20")", R"("valid_until": "2024-12-31")",
       "rule.valid_until: must not be before effective_from"},
      {R"("version": "V1.0",)", "", "version: required"},
      {R"("version": "V1.0",)", R"("version": "",)", "version: must be a non-empty string"},
      {R"("validity_years": 3)", R"("validity_years": "3")",
       "certificate.validity_years: must be an integer from 1 to 100"},
      {R"("validity_years": 3)", R"("validity_years": 3.5)",
       "certificate.validity_years: must be an integer from 1 to 100"},
      {R"("acceptance_working_days": 5)", R"("acceptance_working_days": 0)",
       "clocks.acceptance_working_days: must be an integer from 1 to 366"},
      {"CMM-525-{YYYY}-{NNNNN}", "CMM-525-{YYYY}-{NNN}",
       "certificate.number_pattern: must contain {YYYY} and {NNNNN} once each"},
      {R"({"code": "8.2.3-4")", R"({"code": "8.2.1-4")", R"(grounds.cancellation[3].code: duplicate "8.2.1-4")"},
      {R"({"code": "9.4.3", "name_zh": "信息安全"},)", "", R"(finding_codes: indicator "9.4.3" is missing)"},
      {R"("id": "CMM-525-0010",)", R"("id": "CMM-525-0010", "notes": "x",)",
       R"(unknown field "notes" at the top level)"},
      {R"("id": "CMM-525-0010",)", R"("id": "CMM-525-0010", "id": "CMM-525-0011",)", R"(duplicate field "id")"},
      {R"("areas": [)", R"("areas": {)", "not valid JSON"},
      {R"("sheets": [)", R"("sheets": 4, "x": [)", "sheets: must be an array"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.from, c.to);
    CHECK_THAT(LoadError(Edited(c.from, c.to)), Catch::Contains(c.message));
  }
}

TEST_CASE("every problem of a scheme file is reported in one message", "[scheme][loader]") {
  std::string text = Edited(R"("threshold": 95)", R"("threshold": -1)");
  text.replace(text.find(R"("weight": 0.25)"), 14, R"("weight": 1.25)");
  const std::string message = LoadError(text);
  CHECK_THAT(message, Catch::Contains("indicators[14].threshold"));
  CHECK_THAT(message, Catch::Contains("areas[0].weight: must be a number from 0 to 1"));
  // No knock-on complaint about the sum of a weight already reported.
  CHECK_THAT(message, !Catch::Contains("weights must sum"));
}

TEST_CASE("a missing scheme file is NotFound", "[scheme][loader]") {
  auto scheme = LoadSchemeFile("/nonexistent/scheme.json");
  REQUIRE_FALSE(scheme.ok());
  CHECK(scheme.status().code() == Status::Code::kNotFound);
}

TEST_CASE("the example calendar lists China's 2026 holidays and make-up days", "[scheme][calendar]") {
  auto calendar = LoadCalendarFile(std::string(CERTREG_SOURCE_DIR) + "/docs/calendar.example.json");
  REQUIRE(calendar.ok());
  CHECK(calendar->holidays().size() == 33);
  CHECK(calendar->makeup_workdays().size() == 6);
  CHECK(calendar->AddWorkingDays(*Date::Parse("2026-09-30"), 5) == *Date::Parse("2026-10-13"));
  CHECK(calendar->AddWorkingDays(*Date::Parse("2026-03-02"), 5) == *Date::Parse("2026-03-09"));
}

TEST_CASE("a broken calendar file is refused with a message naming the field", "[scheme][calendar]") {
  auto error = [](const std::string& text) {
    auto calendar = LoadCalendar(text);
    REQUIRE_FALSE(calendar.ok());
    CHECK(calendar.status().code() == Status::Code::kInvalidArgument);
    return calendar.status().message();
  };
  CHECK_THAT(error(R"({"holidays": ["2026-10-01", "2026-10-32"], "makeup_workdays": []})"),
             Catch::Contains(R"(holidays[1]: must be a date "YYYY-MM-DD")"));
  CHECK_THAT(error(R"({"holidays": ["2026-10-01"], "makeup_workdays": ["2026-10-01"]})"),
             Catch::Contains("makeup_workdays: 2026-10-01 is also listed in holidays"));
  CHECK_THAT(error(R"({"holidays": [], "makeup_workdays": [], "holiday": []})"),
             Catch::Contains(R"(unknown field "holiday" at the top level)"));
  CHECK_THAT(error(R"({"holidays": []})"), Catch::Contains("makeup_workdays: required"));
  CHECK_THAT(error(R"({"holidays": ["2026-10-01", "2026-10-01"], "makeup_workdays": []})"),
             Catch::Contains("holidays[1]: duplicate date 2026-10-01"));
  CHECK_THAT(error("[]"), Catch::Contains("must be an object"));
  auto empty = LoadCalendar(R"({"holidays": [], "makeup_workdays": []})");
  REQUIRE(empty.ok());
  CHECK(empty->IsWorkingDay(*Date::Parse("2026-10-01")));
}
