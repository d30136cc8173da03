// The Annex A application body (api.md, "The application body").
#include <cstddef>

#include "http/command_bodies_internal.h"
#include "http/form_sections.h"

namespace certreg::http {
namespace {

domain::StatusAndPlan ReadStatusAndPlan(BodyReader body) {
  domain::StatusAndPlan out{.status = body.Lines("status"), .plan = body.Lines("plan")};
  body.Finish();
  return out;
}

// A section of like members (form_sections.h): each read with `read`, in the order listed.
template <typename Section, typename Value, std::size_t N, typename Read>
Section ReadSection(BodyReader body, const form_sections::Member<Section, Value> (&members)[N], Read read) {
  Section out;
  for (const auto& [name, field] : members) out.*field = read(body, name);
  body.Finish();
  return out;
}

domain::StatusAndPlan ReadStatusAndPlanMember(BodyReader& parent, const char* name) {
  return ReadStatusAndPlan(parent.Object(name));
}

bool ReadRequiredBool(BodyReader& body, const char* name) { return body.Bool(name, Need::kRequired).value_or(false); }

void ReadApplicant(BodyReader body, domain::ApplicationForm* form) {
  domain::Applicant& a = form->applicant;
  a.name = body.Text("name", Need::kRequired, 500);
  a.org_type = body.Enum<domain::OrgType>("org_type", Need::kRequired,
                                         {"platform_operator", "live_service_agency", "in_platform_merchant",
                                          "live_salesperson", "other"})
                   .value_or(domain::OrgType::kOther);
  std::string address = body.Text("address", Need::kRequired, 1000);
  // A live salesperson is a natural person: the address is personal data (domain.md §2).
  if (a.org_type == domain::OrgType::kLiveSalesperson) {
    form->personal.address = std::move(address);
  } else {
    a.address = std::move(address);
  }
  a.uscc = body.Text("uscc", Need::kOptional, 18 * 4);
  a.founded_on = body.Date("founded_on");
  a.live_business_since = body.Date("live_business_since");
  form->personal.legal_representative = body.Text("legal_representative", Need::kRequired, 200);
  BodyReader contact = body.Object("contact", Need::kRequired);
  form->personal.contact_name = contact.Text("name", Need::kRequired, 200);
  form->personal.phone = contact.Text("phone", Need::kRequired, 40);
  form->personal.email = contact.Text("email", Need::kOptional, 254);
  contact.Finish();
  body.Finish();
}

domain::BusinessOverview ReadBusiness(BodyReader body) {
  constexpr std::int64_t kMax = 1'000'000'000'000'000LL;
  domain::BusinessOverview out{
      .scale = body.Text("scale"),
      .service_scope = body.Lines("service_scope"),
      .platforms = body.TextList("platforms"),
      .live_modes = body.TextList("live_modes"),
      .live_hours = body.Text("live_hours"),
      .salespersons = body.Integer("salespersons", Need::kOptional, 0, kMax),
      .annual_turnover_cny = body.Integer("annual_turnover_cny", Need::kOptional, 0, kMax),
      .annual_live_sessions = body.Integer("annual_live_sessions", Need::kOptional, 0, kMax)};
  body.Finish();
  return out;
}

}  // namespace

domain::ApplicationForm ReadApplicationForm(BodyReader& body) {
  domain::ApplicationForm form;
  ReadApplicant(body.Object("applicant", Need::kRequired), &form);
  form.business = ReadBusiness(body.Object("business"));

  form.quality_management = ReadSection(body.Object("quality_management"), form_sections::kQualityManagement,
                                        ReadStatusAndPlanMember);
  form.service_capability = ReadSection(body.Object("service_capability"), form_sections::kServiceCapability,
                                        ReadStatusAndPlanMember);

  for (BodyReader& item : body.ObjectList("performance_indicators")) {
    form.performance_indicators.push_back({.category = item.Text("category"),
                                           .name = item.Text("name"),
                                           .target = item.Text("target"),
                                           .actual = item.Text("actual")});
    item.Finish();
  }

  form.declarations =
      ReadSection(body.Object("declarations", Need::kRequired), form_sections::kDeclarations, ReadRequiredBool);

  form.applied_on = body.Date("applied_on");

  form.eligibility =
      ReadSection(body.Object("eligibility", Need::kRequired), form_sections::kEligibility, ReadRequiredBool);

  form.materials = body.TextList("materials");
  form.scope = body.Lines("scope", Need::kRequired, 2000);
  return form;
}

}  // namespace certreg::http
