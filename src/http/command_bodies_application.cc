// The Annex A application body (api.md, "The application body").
#include "http/command_bodies_internal.h"

namespace certreg::http {
namespace {

domain::StatusAndPlan ReadStatusAndPlan(BodyReader body) {
  domain::StatusAndPlan out;
  out.status = body.Text("status");
  out.plan = body.Text("plan");
  body.Finish();
  return out;
}

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

void ReadBusiness(BodyReader body, domain::BusinessOverview* b) {
  b->scale = body.Text("scale");
  b->service_scope = body.Text("service_scope");
  b->platforms = body.TextList("platforms");
  b->live_modes = body.TextList("live_modes");
  b->live_hours = body.Text("live_hours");
  constexpr std::int64_t kMax = 1'000'000'000'000'000LL;
  b->salespersons = body.Integer("salespersons", Need::kOptional, 0, kMax);
  b->annual_turnover_cny = body.Integer("annual_turnover_cny", Need::kOptional, 0, kMax);
  b->annual_live_sessions = body.Integer("annual_live_sessions", Need::kOptional, 0, kMax);
  body.Finish();
}

}  // namespace

domain::ApplicationForm ReadApplicationForm(BodyReader& body) {
  domain::ApplicationForm form;
  ReadApplicant(body.Object("applicant", Need::kRequired), &form);
  ReadBusiness(body.Object("business"), &form.business);

  BodyReader qm = body.Object("quality_management");
  domain::QualityManagementStatus& q = form.quality_management;
  q.system = ReadStatusAndPlan(qm.Object("system"));
  q.organisation = ReadStatusAndPlan(qm.Object("organisation"));
  q.personnel = ReadStatusAndPlan(qm.Object("personnel"));
  q.goods = ReadStatusAndPlan(qm.Object("goods"));
  q.live_information = ReadStatusAndPlan(qm.Object("live_information"));
  q.consumer_protection = ReadStatusAndPlan(qm.Object("consumer_protection"));
  qm.Finish();

  BodyReader sc = body.Object("service_capability");
  domain::ServiceCapabilityStatus& s = form.service_capability;
  s.quality = ReadStatusAndPlan(sc.Object("quality"));
  s.efficiency = ReadStatusAndPlan(sc.Object("efficiency"));
  s.effect = ReadStatusAndPlan(sc.Object("effect"));
  s.satisfaction = ReadStatusAndPlan(sc.Object("satisfaction"));
  s.complaint_handling_rate = ReadStatusAndPlan(sc.Object("complaint_handling_rate"));
  s.problem_resolution_rate = ReadStatusAndPlan(sc.Object("problem_resolution_rate"));
  sc.Finish();

  for (BodyReader& item : body.ObjectList("performance_indicators")) {
    domain::PerformanceIndicator p;
    p.category = item.Text("category");
    p.name = item.Text("name");
    p.target = item.Text("target");
    p.actual = item.Text("actual");
    item.Finish();
    form.performance_indicators.push_back(std::move(p));
  }

  BodyReader d = body.Object("declarations", Need::kRequired);
  form.declarations.materials_true = d.Bool("materials_true", Need::kRequired).value_or(false);
  form.declarations.accepts_audit = d.Bool("accepts_audit", Need::kRequired).value_or(false);
  form.declarations.follows_rules = d.Bool("follows_rules", Need::kRequired).value_or(false);
  form.declarations.continuous_improvement = d.Bool("continuous_improvement", Need::kRequired).value_or(false);
  d.Finish();

  form.applied_on = body.Date("applied_on");

  BodyReader e = body.Object("eligibility", Need::kRequired);
  form.eligibility.legal_entity = e.Bool("legal_entity", Need::kRequired).value_or(false);
  form.eligibility.qms_established = e.Bool("qms_established", Need::kRequired).value_or(false);
  form.eligibility.meets_standard = e.Bool("meets_standard", Need::kRequired).value_or(false);
  form.eligibility.no_major_accident_12m = e.Bool("no_major_accident_12m", Need::kRequired).value_or(false);
  form.eligibility.has_resources = e.Bool("has_resources", Need::kRequired).value_or(false);
  e.Finish();

  form.materials = body.TextList("materials");
  form.scope = body.Text("scope", Need::kRequired, 2000);
  return form;
}

}  // namespace certreg::http
