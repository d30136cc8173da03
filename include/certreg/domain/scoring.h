// Scores and the evaluation of Annex C (domain.md §5, "Scores"). Pure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/domain/scheme.h"

namespace certreg::domain {

// An invalid input field (certreg/common/status.h).
using FieldError = certreg::FieldError;

// Scores as recorded by the auditors (api.md, PUT .../scores).
struct ScoresInput {
  std::map<std::string, double> management;              // indicator id -> 0..100
  std::map<std::string, double> service;                 // service area id -> 0..100 (a figure)
  std::map<std::string, std::vector<double>> sheets;     // sheet id -> item points
  std::map<std::string, double> enhancement;             // enhancement id -> 0..100
};

struct IndicatorResult {
  std::string id;
  std::string name_zh;
  std::optional<double> score;  // absent: not assessed
  double threshold = 0;
  std::optional<bool> pass;     // absent when not assessed
};

struct Evaluation {
  std::vector<IndicatorResult> indicators;         // all 20, in scheme order
  std::map<std::string, double> areas;             // every area that could be computed
  std::map<std::string, double> enhancement;       // the recorded enhancement scores
  double service_characteristic_score = 0;  // Σ area × weight over the service areas (missing areas count 0)
  double service_management_score = 0;      // likewise over the management areas
  double enhancement_score = 0;             // Σ score × weight (unrecorded count 0)
  double comprehensive_score = 0;           // the three together (at most 118)
  bool complete = false;           // every indicator and every service area has a score (全面)
  bool all_thresholds_met = false; // complete and every indicator passes
};

// Validates `input` against the scheme and computes the evaluation. Every
// invalid field is reported at once: an unknown indicator, area, sheet or
// enhancement id; a score outside 0..100 or with more than one decimal; a sheet
// with the wrong number of items or an item outside 0..its points; a figure
// and sheets for the same area; a service area with only some of its sheets.
// When `full` (initial and recertification audits) every indicator and every
// service area must be scored; otherwise at least one score of any kind.
std::variant<Evaluation, std::vector<FieldError>> Evaluate(const Scheme& scheme, const ScoresInput& input, bool full);

// Whether every indicator scored in `management` meets its threshold: the §9
// marks of an audit that assesses some indicators only (重点测评 of
// surveillance and special audits, domain.md §3.2); true when it scored none.
bool AssessedIndicatorsPass(const Scheme& scheme, const std::map<std::string, double>& management);

// Rounds half away from zero to 3 decimals (derived figures are stored so).
double RoundHalfUp3(double value);

}  // namespace certreg::domain
