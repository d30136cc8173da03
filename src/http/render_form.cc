// The Annex A application form as api.md renders it for staff (personal data included).
#include <cstddef>
#include <type_traits>

#include "http/form_sections.h"
#include "http/render.h"

namespace certreg::http {
namespace {

using nlohmann::json;

json StatusAndPlanJson(const domain::StatusAndPlan& s) { return {{"status", s.status}, {"plan", s.plan}}; }

// A section of like members (form_sections.h) as an object by member name.
template <typename Section, typename Value, std::size_t N>
json SectionJson(const Section& section, const form_sections::Member<Section, Value> (&members)[N]) {
  json j = json::object();
  for (const auto& [name, field] : members) {
    if constexpr (std::is_same_v<Value, domain::StatusAndPlan>) {
      j[name] = StatusAndPlanJson(section.*field);
    } else {
      j[name] = section.*field;
    }
  }
  return j;
}

json OptionalInt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

json ApplicationFormJson(const domain::ApplicationForm& f) {
  const bool natural_person = f.applicant.org_type == domain::OrgType::kLiveSalesperson;
  json applicant = {
      {"name", f.applicant.name},
      {"address", natural_person ? f.personal.address : f.applicant.address},
      {"uscc", f.applicant.uscc},
      {"org_type", std::string(domain::ToWire(f.applicant.org_type))},
      {"legal_representative", f.personal.legal_representative},
      {"contact", {{"name", f.personal.contact_name}, {"phone", f.personal.phone}, {"email", f.personal.email}}},
      {"founded_on", DateOrNull(f.applicant.founded_on)},
      {"live_business_since", DateOrNull(f.applicant.live_business_since)}};
  const auto& b = f.business;
  json business = {{"scale", b.scale},
                   {"service_scope", b.service_scope},
                   {"platforms", b.platforms},
                   {"live_modes", b.live_modes},
                   {"live_hours", b.live_hours},
                   {"salespersons", OptionalInt(b.salespersons)},
                   {"annual_turnover_cny", OptionalInt(b.annual_turnover_cny)},
                   {"annual_live_sessions", OptionalInt(b.annual_live_sessions)}};
  json indicators = json::array();
  for (const auto& p : f.performance_indicators) {
    indicators.push_back({{"category", p.category}, {"name", p.name}, {"target", p.target}, {"actual", p.actual}});
  }
  return {{"applicant", applicant},
          {"business", business},
          {"quality_management", SectionJson(f.quality_management, form_sections::kQualityManagement)},
          {"service_capability", SectionJson(f.service_capability, form_sections::kServiceCapability)},
          {"performance_indicators", indicators},
          {"declarations", SectionJson(f.declarations, form_sections::kDeclarations)},
          {"applied_on", DateOrNull(f.applied_on)},
          {"eligibility", SectionJson(f.eligibility, form_sections::kEligibility)},
          {"materials", f.materials},
          {"scope", f.scope}};
}

}  // namespace certreg::http
