// The scale of a public certificate's evaluation results (platforms.md §5):
// what each score is out of and the pass marks the rule sets, from the scheme.
#include "http/render.h"

#include <algorithm>

namespace certreg::http {
namespace {

// The most a weighted sum over `group`'s areas can reach: each area scores at most 100.
double GroupMax(const domain::Scheme& scheme, const std::string& group) {
  double weights = 0;
  for (const domain::AreaDef& area : scheme.areas) {
    if (area.group == group) weights += area.weight;
  }
  return domain::RoundHalfUp3(weights * 100);
}

}  // namespace

nlohmann::json EvaluationScaleJson(const domain::Scheme& scheme) {
  double enhancement_weights = 0;
  for (const domain::EnhancementDef& e : scheme.enhancements) enhancement_weights += e.weight;
  const double service_characteristic = GroupMax(scheme, "service");
  const double service_management = GroupMax(scheme, "management");
  const double enhancement = domain::RoundHalfUp3(enhancement_weights * 100);
  nlohmann::json thresholds = {{"rule", "§9"}, {"indicators", scheme.indicators.size()}};
  if (!scheme.indicators.empty()) {
    const auto [lowest, highest] = std::minmax_element(
        scheme.indicators.begin(), scheme.indicators.end(),
        [](const domain::IndicatorDef& a, const domain::IndicatorDef& b) { return a.threshold < b.threshold; });
    thresholds["lowest"] = lowest->threshold;
    thresholds["highest"] = highest->threshold;
  } else {
    thresholds["lowest"] = nullptr;
    thresholds["highest"] = nullptr;
  }
  return {{"max",
           {{"service_characteristic_score", service_characteristic},
            {"service_management_score", service_management},
            {"enhancement_score", enhancement},
            {"comprehensive_score",
             domain::RoundHalfUp3(service_characteristic + service_management + enhancement)},
            {"area", 100}}},
          {"indicator_thresholds", thresholds}};
}

}  // namespace certreg::http
