// Annex C and domain.md §5 "Scores". Every derived figure is rounded half-up
// to 3 decimals, and each level is computed from the rounded figures of the
// level below (sheet -> area -> weighted sums -> comprehensive), so anyone can
// recompute a certificate's results from the figures it shows.
#include "certreg/domain/scoring.h"

#include <cmath>
#include <map>
#include <string>
#include <string_view>

namespace certreg::domain {
namespace {

// True when `value` is a multiple of 0.1 (up to binary representation error).
bool HasAtMostOneDecimal(double value) {
  const double tenths = value * 10;
  return std::fabs(tenths - std::round(tenths)) < 1e-6;
}

std::string FormatPoints(double points) {
  std::string text = std::to_string(points);  // "10.000000"
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text;
}

class Checker {
 public:
  void Add(std::string field, std::string message) { errors_.push_back({std::move(field), std::move(message)}); }

  // A recorded indicator, area or enhancement score: 0..100, at most one decimal.
  void Score(const std::string& field, double value) { InRange(field, value, 100, "must be a score from 0 to 100"); }

  // One item of a score sheet: 0..points, at most one decimal.
  void Item(const std::string& field, double value, double points) {
    InRange(field, value, points, "must be from 0 to " + FormatPoints(points));
  }

  std::vector<FieldError>& errors() { return errors_; }

 private:
  // `value` from 0 to `max` with at most one decimal; `out_of_range` is the
  // message for a value outside.
  void InRange(const std::string& field, double value, double max, const std::string& out_of_range) {
    if (!std::isfinite(value) || value < 0 || value > max) {
      Add(field, out_of_range);
    } else if (!HasAtMostOneDecimal(value)) {
      Add(field, "must have at most one decimal");
    }
  }

  std::vector<FieldError> errors_;
};

std::vector<const SheetDef*> SheetsOf(const Scheme& scheme, const std::string& area) {
  std::vector<const SheetDef*> sheets;
  for (const SheetDef& sheet : scheme.sheets) {
    if (sheet.area == area) sheets.push_back(&sheet);
  }
  return sheets;
}

std::string JoinIds(const std::vector<const SheetDef*>& sheets) {
  std::string ids;
  for (const SheetDef* sheet : sheets) ids += (ids.empty() ? "" : ", ") + sheet->id;
  return ids;
}

// Checks each score of `scores` as the field `prefix` + its id: `unknown(id)`
// says what is wrong with the id (nullptr when nothing is), else the score
// must be one.
template <typename Unknown>
void CheckScores(const std::map<std::string, double>& scores, const std::string& prefix, Checker& check,
                 Unknown unknown) {
  for (const auto& [id, score] : scores) {
    if (const char* problem = unknown(id)) {
      check.Add(prefix + id, problem);
    } else {
      check.Score(prefix + id, score);
    }
  }
}

void CheckInput(const Scheme& scheme, const ScoresInput& input, bool full, Checker& check) {
  CheckScores(input.management, "management.", check, [&](const std::string& id) -> const char* {
    return scheme.FindIndicator(id) == nullptr ? "unknown indicator" : nullptr;
  });
  CheckScores(input.service, "service.", check, [&](const std::string& id) -> const char* {
    const AreaDef* area = scheme.FindArea(id);
    if (area == nullptr) return "unknown service area";
    return area->group != "service" ? "is not a service area" : nullptr;
  });
  for (const auto& [id, items] : input.sheets) {
    const std::string field = "sheets." + id;
    const SheetDef* sheet = scheme.FindSheet(id);
    if (sheet == nullptr) {
      check.Add(field, "unknown sheet");
    } else if (items.size() != sheet->item_points.size()) {
      check.Add(field, "has " + std::to_string(items.size()) + " items; the sheet has " +
                           std::to_string(sheet->item_points.size()));
    } else {
      for (std::size_t i = 0; i < items.size(); ++i) {
        check.Item(field + ".items[" + std::to_string(i) + "]", items[i], sheet->item_points[i]);
      }
    }
  }
  for (const AreaDef& area : scheme.areas) {
    if (area.group != "service") continue;
    const auto all_sheets = SheetsOf(scheme, area.id);
    std::vector<const SheetDef*> given, missing;
    for (const SheetDef* sheet : all_sheets) (input.sheets.contains(sheet->id) ? given : missing).push_back(sheet);
    const bool has_figure = input.service.contains(area.id);
    if (!given.empty() && has_figure) {
      check.Add("service." + area.id, "given both as a figure and by sheets (" + JoinIds(given) + ")");
    }
    if (!given.empty() && !missing.empty()) {
      for (const SheetDef* sheet : missing) {
        check.Add("sheets." + sheet->id, "required: service area " + area.id + " is scored from all its sheets (" +
                                             JoinIds(all_sheets) + ")");
      }
    }
    if (full && given.empty() && !has_figure) {
      std::string message = "required in a full assessment";
      if (!all_sheets.empty()) message += ": a figure or its sheets (" + JoinIds(all_sheets) + ")";
      check.Add("service." + area.id, message);
    }
  }
  CheckScores(input.enhancement, "enhancement.", check, [&](const std::string& id) -> const char* {
    return scheme.FindEnhancement(id) == nullptr ? "unknown enhancement indicator" : nullptr;
  });
  if (full) {
    for (const IndicatorDef& indicator : scheme.indicators) {
      if (!input.management.contains(indicator.id)) {
        check.Add("management." + indicator.id, "required in a full assessment");
      }
    }
  } else if (input.management.empty() && input.service.empty() && input.sheets.empty() && input.enhancement.empty()) {
    check.Add("scores", "at least one score is required");
  }
}

// The score of a service area from its sheets, or nullopt unless all are given.
std::optional<double> AreaFromSheets(const Scheme& scheme, const std::string& area, const ScoresInput& input) {
  const auto sheets = SheetsOf(scheme, area);
  if (sheets.empty()) return std::nullopt;
  double sum = 0;
  for (const SheetDef* sheet : sheets) {
    auto it = input.sheets.find(sheet->id);
    if (it == input.sheets.end()) return std::nullopt;
    double points = 0, total = 0;
    for (double item : it->second) points += item;
    for (double max : sheet->item_points) total += max;
    sum += RoundHalfUp3(points / total * 100);
  }
  return RoundHalfUp3(sum / static_cast<double>(sheets.size()));
}

// The mean of a management area's indicators, or nullopt unless all are scored.
std::optional<double> AreaFromIndicators(const Scheme& scheme, const std::string& area, const ScoresInput& input) {
  double sum = 0;
  int count = 0;
  for (const IndicatorDef& indicator : scheme.indicators) {
    if (indicator.area != area) continue;
    auto it = input.management.find(indicator.id);
    if (it == input.management.end()) return std::nullopt;
    sum += it->second;
    ++count;
  }
  if (count == 0) return std::nullopt;
  return RoundHalfUp3(sum / count);
}

Evaluation Compute(const Scheme& scheme, const ScoresInput& input) {
  Evaluation result;
  bool all_pass = true;
  for (const IndicatorDef& indicator : scheme.indicators) {
    IndicatorResult row{indicator.id, indicator.name_zh, std::nullopt, indicator.threshold, std::nullopt};
    if (auto it = input.management.find(indicator.id); it != input.management.end()) {
      row.score = it->second;
      row.pass = it->second >= indicator.threshold;
      all_pass = all_pass && *row.pass;
    }
    result.indicators.push_back(std::move(row));
  }

  bool all_service_areas = true;
  for (const AreaDef& area : scheme.areas) {
    std::optional<double> score;
    if (area.group == "service") {
      auto figure = input.service.find(area.id);
      score = figure != input.service.end() ? std::optional<double>(figure->second)
                                            : AreaFromSheets(scheme, area.id, input);
      all_service_areas = all_service_areas && score.has_value();
    } else {
      score = AreaFromIndicators(scheme, area.id, input);
    }
    if (!score) continue;
    result.areas[area.id] = *score;
    (area.group == "service" ? result.service_characteristic_score : result.service_management_score) +=
        *score * area.weight;
  }
  result.service_characteristic_score = RoundHalfUp3(result.service_characteristic_score);
  result.service_management_score = RoundHalfUp3(result.service_management_score);

  for (const auto& [id, score] : input.enhancement) {
    result.enhancement[id] = score;
    result.enhancement_score += score * scheme.FindEnhancement(id)->weight;
  }
  result.enhancement_score = RoundHalfUp3(result.enhancement_score);

  result.comprehensive_score = RoundHalfUp3(result.service_characteristic_score + result.service_management_score +
                                            result.enhancement_score);
  result.complete = all_service_areas && input.management.size() == scheme.indicators.size();
  result.all_thresholds_met = result.complete && all_pass;
  return result;
}

}  // namespace

std::variant<Evaluation, std::vector<FieldError>> Evaluate(const Scheme& scheme, const ScoresInput& input, bool full) {
  Checker check;
  CheckInput(scheme, input, full, check);
  if (!check.errors().empty()) return std::move(check.errors());
  return Compute(scheme, input);
}

bool AssessedIndicatorsPass(const Scheme& scheme, const std::map<std::string, double>& management) {
  for (const IndicatorDef& indicator : scheme.indicators) {
    auto it = management.find(indicator.id);
    if (it != management.end() && it->second < indicator.threshold) return false;
  }
  return true;
}

double RoundHalfUp3(double value) {
  if (!std::isfinite(value)) return value;
  const double scaled = std::fabs(value) * 1000;
  // A value that is a half in binary approximation (36.105 is 36.10499999...)
  // counts as the exact half it stands for.
  const double floor = std::floor(scaled);
  double rounded = scaled - floor >= 0.5 - 1e-6 ? floor + 1 : floor;
  return std::copysign(rounded / 1000, value);
}

}  // namespace certreg::domain
