#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "certreg/domain/scoring.h"
#include "certreg/scheme/scheme_loader.h"

using namespace certreg::domain;
using namespace certreg::scheme;

namespace {

// Every indicator 90, every service area 80 as a figure, no enhancement.
ScoresInput FullInput() {
  ScoresInput input;
  for (const auto& indicator : BuiltInScheme().indicators) input.management[indicator.id] = 90;
  for (const char* area : {"quality", "efficiency", "effect"}) input.service[area] = 80;
  return input;
}

Evaluation Evaluated(const ScoresInput& input, bool full) {
  auto result = Evaluate(BuiltInScheme(), input, full);
  if (auto* errors = std::get_if<std::vector<FieldError>>(&result)) {
    for (const auto& error : *errors) UNSCOPED_INFO(error.field << ": " << error.message);
    FAIL("the input was refused");
  }
  return std::get<Evaluation>(result);
}

std::vector<FieldError> Refused(const ScoresInput& input, bool full) {
  auto result = Evaluate(BuiltInScheme(), input, full);
  REQUIRE(std::holds_alternative<std::vector<FieldError>>(result));
  return std::get<std::vector<FieldError>>(result);
}

// The message for `field`, or "" when no error names it.
std::string ErrorFor(const std::vector<FieldError>& errors, const std::string& field) {
  auto it = std::find_if(errors.begin(), errors.end(), [&](const FieldError& e) { return e.field == field; });
  return it == errors.end() ? "" : it->message;
}

// Checks that `errors` are exactly `expected`: each (field, message) pair, and no other error.
void CheckErrors(const std::vector<FieldError>& errors,
                 const std::vector<std::pair<std::string, std::string>>& expected) {
  for (const auto& [field, message] : expected) CHECK(ErrorFor(errors, field) == message);
  CHECK(errors.size() == expected.size());
}

}  // namespace

TEST_CASE("the hand check of Annex C gives 102.105", "[domain][scoring]") {
  ScoresInput input = FullInput();
  input.management["9.4.3"] = 96;
  for (const auto& enhancement : BuiltInScheme().enhancements) input.enhancement[enhancement.id] = 100;

  const Evaluation evaluation = Evaluated(input, true);
  CHECK(evaluation.service_characteristic_score == 48);        // 80 × (0.25 + 0.20 + 0.15)
  CHECK(evaluation.service_management_score == 36.105);        // 9 + 7.2 + 9 + 91.5 × 0.07 + 4.5
  CHECK(evaluation.enhancement_score == 18);                   // 100 × 0.18
  CHECK(evaluation.comprehensive_score == 102.105);
  CHECK(evaluation.areas.at("live_information") == 91.5);
  CHECK(evaluation.areas.at("organisation") == 90);
  CHECK(evaluation.areas.at("quality") == 80);
  CHECK(evaluation.complete);
  // 9.1.1 and friends need 90 (met by 90), but 9.4.3 needs 95: 96 passes.
  CHECK(evaluation.all_thresholds_met);
  REQUIRE(evaluation.indicators.size() == 20);
  CHECK(evaluation.indicators.front().id == "9.1.1");
  CHECK(evaluation.indicators.back().id == "9.5.4");
}

TEST_CASE("perfect scores everywhere give the maximum of 118", "[domain][scoring]") {
  ScoresInput input;
  for (const auto& indicator : BuiltInScheme().indicators) input.management[indicator.id] = 100;
  for (const auto& sheet : BuiltInScheme().sheets) input.sheets[sheet.id] = sheet.item_points;
  for (const auto& enhancement : BuiltInScheme().enhancements) input.enhancement[enhancement.id] = 100;
  const Evaluation evaluation = Evaluated(input, true);
  CHECK(evaluation.service_characteristic_score == 60);
  CHECK(evaluation.service_management_score == 40);
  CHECK(evaluation.enhancement_score == 18);
  CHECK(evaluation.comprehensive_score == 118);
}

TEST_CASE("an indicator below its threshold fails and the evaluation shows it", "[domain][scoring]") {
  ScoresInput input = FullInput();  // 9.4.3 at 90 is below its threshold of 95
  const Evaluation evaluation = Evaluated(input, true);
  CHECK(evaluation.complete);
  CHECK_FALSE(evaluation.all_thresholds_met);
  for (const auto& row : evaluation.indicators) {
    CAPTURE(row.id);
    REQUIRE(row.pass);
    CHECK(*row.pass == (row.id != "9.4.3"));
  }
  const auto& row = *std::find_if(evaluation.indicators.begin(), evaluation.indicators.end(),
                                  [](const auto& r) { return r.id == "9.4.3"; });
  CHECK(row.name_zh == "信息安全");
  CHECK(row.threshold == 95);
  CHECK(row.score == 90);
}

TEST_CASE("a service area comes from its sheets as the mean of points over total", "[domain][scoring]") {
  ScoresInput input = FullInput();
  input.service.erase("quality");
  input.service.erase("effect");
  input.sheets["D.1.1"] = {10, 8, 7, 5};    // 30/30 = 100
  input.sheets["D.1.2"] = {8, 7, 4.5, 6};   // 25.5/30 = 85
  input.sheets["D.3.1"] = {15, 4, 3, 2};    // 24/30 = 80
  const Evaluation evaluation = Evaluated(input, true);
  CHECK(evaluation.areas.at("quality") == 92.5);
  CHECK(evaluation.areas.at("effect") == 80);
  CHECK(evaluation.areas.at("efficiency") == 80);  // the figure
  // 92.5 × 0.25 + 80 × 0.20 + 80 × 0.15
  CHECK(evaluation.service_characteristic_score == 51.125);

  input.sheets["D.3.1"] = {16, 4, 3, 2};  // 25/30 = 83.3333...
  CHECK(Evaluated(input, true).areas.at("effect") == 83.333);
}

TEST_CASE("a figure and sheets for the same service area are refused", "[domain][scoring]") {
  ScoresInput input = FullInput();
  input.sheets["D.2.1"] = {10, 8, 7, 5};
  const auto errors = Refused(input, true);
  CHECK(ErrorFor(errors, "service.efficiency") == "given both as a figure and by sheets (D.2.1)");
}

TEST_CASE("a service area scored from only some of its sheets is refused", "[domain][scoring]") {
  ScoresInput input = FullInput();
  input.service.erase("quality");
  input.sheets["D.1.1"] = {10, 8, 7, 5};
  const auto errors = Refused(input, true);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "sheets.D.1.2");
  CHECK_THAT(errors[0].message, Catch::Contains("quality") && Catch::Contains("D.1.1, D.1.2"));
  // Not full: the same gap is still refused.
  ScoresInput partial;
  partial.sheets["D.1.2"] = {8, 7, 7, 8};
  CHECK(ErrorFor(Refused(partial, false), "sheets.D.1.1") != "");
}

TEST_CASE("scores have at most one decimal and lie between 0 and 100", "[domain][scoring]") {
  ScoresInput input = FullInput();
  input.management["9.1.1"] = 90.5;  // fine
  input.management["9.1.2"] = 0.1;   // fine
  CHECK(std::holds_alternative<Evaluation>(Evaluate(BuiltInScheme(), input, true)));
  input.management["9.1.3"] = 90.25;
  input.service["quality"] = 100.1;
  input.enhancement["technical_innovation"] = -1;
  input.management["9.2.1"] = 85.05;
  const auto errors = Refused(input, true);
  CheckErrors(errors, {{"management.9.1.3", "must have at most one decimal"},
                       {"management.9.2.1", "must have at most one decimal"},
                       {"service.quality", "must be a score from 0 to 100"},
                       {"enhancement.technical_innovation", "must be a score from 0 to 100"}});
}

TEST_CASE("every invalid field is reported at once", "[domain][scoring]") {
  ScoresInput input;
  input.management["9.6.1"] = 90;                 // unknown indicator
  input.service["organisation"] = 90;             // a management area
  input.service["speed"] = 90;                    // no such area
  input.sheets["D.9.9"] = {1};                    // no such sheet
  input.sheets["D.2.1"] = {10, 8, 7};             // too few items
  input.sheets["D.3.1"] = {21, 5, 3, 1.25};       // item over its points; too many decimals
  input.enhancement["luck"] = 100;                // no such enhancement
  const auto errors = Refused(input, false);
  CheckErrors(errors, {{"management.9.6.1", "unknown indicator"},
                       {"service.organisation", "is not a service area"},
                       {"service.speed", "unknown service area"},
                       {"sheets.D.9.9", "unknown sheet"},
                       {"sheets.D.2.1", "has 3 items; the sheet has 4"},
                       {"sheets.D.3.1.items[0]", "must be from 0 to 20"},
                       {"sheets.D.3.1.items[3]", "must have at most one decimal"},
                       {"enhancement.luck", "unknown enhancement indicator"}});
}

TEST_CASE("a full assessment needs every indicator and every service area", "[domain][scoring]") {
  ScoresInput input = FullInput();
  input.management.erase("9.3.4");
  input.service.erase("effect");
  const auto errors = Refused(input, true);
  CheckErrors(errors, {{"management.9.3.4", "required in a full assessment"},
                       {"service.effect", "required in a full assessment: a figure or its sheets (D.3.1)"}});
}

TEST_CASE("a focused assessment needs one score and leaves the rest not assessed", "[domain][scoring]") {
  CHECK(ErrorFor(Refused(ScoresInput{}, false), "scores") == "at least one score is required");

  ScoresInput input;
  input.management["9.4.3"] = 97;
  input.management["9.4.1"] = 92;
  const Evaluation evaluation = Evaluated(input, false);
  CHECK_FALSE(evaluation.complete);
  CHECK_FALSE(evaluation.all_thresholds_met);
  CHECK(evaluation.areas.empty());  // no area has all its indicators
  CHECK(evaluation.service_management_score == 0);
  CHECK(evaluation.comprehensive_score == 0);
  int assessed = 0;
  for (const auto& row : evaluation.indicators) {
    CHECK(row.score.has_value() == row.pass.has_value());
    if (row.score) ++assessed;
  }
  CHECK(assessed == 2);

  input.management["9.4.2"] = 90;
  input.management["9.4.4"] = 85;
  const Evaluation with_area = Evaluated(input, false);
  CHECK(with_area.areas.at("live_information") == 91);
  CHECK(with_area.service_management_score == 6.37);
}

TEST_CASE("unrecorded enhancement indicators count as zero", "[domain][scoring]") {
  ScoresInput input = FullInput();
  input.enhancement["technical_innovation"] = 50;
  input.enhancement["industry_influence"] = 33.3;
  const Evaluation evaluation = Evaluated(input, true);
  CHECK(evaluation.enhancement.size() == 2);
  CHECK(evaluation.enhancement_score == 2.499);  // 1.5 + 0.999
  CHECK(evaluation.comprehensive_score == RoundHalfUp3(48 + 36 + 2.499));
}

TEST_CASE("derived figures round half away from zero to three decimals", "[domain][scoring]") {
  CHECK(RoundHalfUp3(36.105) == 36.105);
  CHECK(RoundHalfUp3(91.5 * 0.07) == 6.405);
  CHECK(RoundHalfUp3(1.0005) == 1.001);
  CHECK(RoundHalfUp3(2.0004999) == 2.0);
  CHECK(RoundHalfUp3(83.33333333) == 83.333);
  CHECK(RoundHalfUp3(83.3335) == 83.334);
  CHECK(RoundHalfUp3(-1.0005) == -1.001);
  CHECK(RoundHalfUp3(0) == 0);
}
