// Application (§6.1, §11.1, Annex A), withdrawal, and the recertification
// application (§6.4.3).
#include <regex>

#include "certreg/domain/uscc.h"
#include "domain/decide_internal.h"

namespace certreg::domain::internal {
namespace {

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxText = 4000;

void LimitLength(Builder& b, const std::string& field, const std::string& value, std::size_t max) {
  if (value.size() > max) b.Invalid(field, "must be at most " + std::to_string(max) + " bytes");
}

bool PlausiblePhone(const std::string& phone) {
  static const std::regex kPhone(R"(^\+?[0-9][0-9 \-]{4,19}$)");
  return std::regex_match(phone, kPhone);
}

bool PlausibleEmail(const std::string& email) {
  static const std::regex kEmail(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)");
  return std::regex_match(email, kEmail);
}


}  // namespace

Decision DecideCommand(const SubmitApplication& c, Builder& b) {
  if (b.state().exists) return b.RejectState("file " + b.context().file_id + " already exists");
  ValidateForm(c.form, b);
  if (b.has_errors()) return b.Done();
  b.Emit(ApplicationSubmitted{b.context().file_id, c.form, c.act,
                              b.calendar().AddWorkingDays(c.act.received_on, b.scheme().acceptance_working_days),
                              RefOf(b.scheme())});
  return b.Done();
}

Decision DecideCommand(const RequestMaterials& c, Builder& b) {
  if (c.missing.empty()) b.Invalid("missing", "must list at least one item");
  for (std::size_t i = 0; i < c.missing.size(); ++i) b.Require("missing[" + std::to_string(i) + "]", c.missing[i]);
  if (b.has_errors()) return b.Done();
  const CycleState* cycle = OpenCycle(b.state());
  if (cycle == nullptr || cycle->accepted.has_value()) return b.RejectState("no application awaits acceptance");
  if (cycle->materials_requested) {
    return b.RejectState("materials were already requested for this application; every gap is told at once (§6.1.3)");
  }
  b.Emit(MaterialsRequested{c.missing});
  return b.Done();
}

Decision DecideCommand(const SupplementMaterials& c, Builder& b) {
  if (c.supplied.empty()) b.Invalid("supplied", "must list at least one item");
  if (b.has_errors()) return b.Done();
  const CycleState* cycle = OpenCycle(b.state());
  if (cycle == nullptr || !cycle->materials_outstanding) return b.RejectState("no materials request is outstanding");
  b.Emit(MaterialsSupplemented{c.supplied, c.act,
                               b.calendar().AddWorkingDays(c.act.received_on, b.scheme().acceptance_working_days)});
  return b.Done();
}

Decision DecideCommand(const DecideAcceptance& c, Builder& b) {
  if (!c.accept) b.Require("reason", c.reason);
  if (b.has_errors()) return b.Done();
  const CycleState* cycle = OpenCycle(b.state());
  if (cycle == nullptr || cycle->accepted.has_value()) return b.RejectState("no application awaits acceptance");
  if (cycle->materials_outstanding) return b.RejectState("the materials request is not answered yet");
  const bool late = b.effective_date() > cycle->due_on;
  if (c.accept) {
    b.Emit(ApplicationAccepted{late});
  } else {
    b.Emit(ApplicationDeclined{c.reason, late});
  }
  return b.Done();
}

Decision DecideCommand(const WithdrawApplication& c, Builder& b) {
  b.Require("reason", c.reason);
  if (b.has_errors()) return b.Done();
  const CycleState* cycle = OpenCycle(b.state());
  if (cycle == nullptr) return b.RejectState("no open application to withdraw");
  if (cycle->decision) return b.RejectState("the application is already decided");
  b.Emit(ApplicationWithdrawn{c.reason, c.act, cycle->recertification});
  return b.Done();
}

Decision DecideCommand(const ApplyForRecertification& c, Builder& b) {
  ValidateForm(c.form, b);
  if (auto refused = b.Refusal(RequireLiveCertificate(b, "recertified"))) return *refused;
  if (OpenCycle(b.state()) != nullptr) return b.RejectState("an application is already open on this file");
  if (const CycleState* last = b.state().current_cycle(); last != nullptr && last->NoticeDue()) {
    return b.RejectState("the last decision is not notified yet (due " + last->NoticeDue()->ToString() +
                         "); notify it first (§6.3.3)");
  }
  const CertificateState& certificate = *b.state().certificate;
  const Date opens = certificate.valid_until.AddMonths(-b.scheme().recertification_window_months);
  if (b.effective_date() < opens || b.effective_date() > certificate.valid_until) {
    return b.RejectState("recertification can be applied for from " + opens.ToString() + " to " +
                         certificate.valid_until.ToString() + " (§6.4.3)");
  }
  b.Emit(RecertificationApplied{c.form, c.act,
                                b.calendar().AddWorkingDays(c.act.received_on, b.scheme().acceptance_working_days),
                                RefOf(b.scheme())});
  return b.Done();
}

void ValidateForm(const ApplicationForm& form, Builder& b) {
  const Applicant& a = form.applicant;
  b.Require("applicant.name", a.name);
  LimitLength(b, "applicant.name", a.name, kMaxName);
  if (a.org_type == OrgType::kLiveSalesperson) {
    // A natural person's address is personal data: sealed, never in the hashed log (domain.md §2).
    b.Require("applicant.address", form.personal.address);
    LimitLength(b, "applicant.address", form.personal.address, kMaxName);
    if (!a.address.empty()) b.Invalid("applicant.address", "a live salesperson's address belongs to the personal data");
  } else {
    b.Require("applicant.address", a.address);
    LimitLength(b, "applicant.address", a.address, kMaxName);
    if (!form.personal.address.empty()) b.Invalid("applicant.address", "an organisation's address is not personal data");
  }
  if (a.org_type != OrgType::kLiveSalesperson || !a.uscc.empty()) {
    if (a.uscc.empty()) {
      b.Invalid("applicant.uscc", "is required unless org_type is live_salesperson");
    } else if (!IsValidUscc(a.uscc)) {
      b.Invalid("applicant.uscc", "is not a valid unified social credit code (GB 32100-2015 check character)");
    }
  }
  if (a.founded_on && *a.founded_on > b.effective_date()) b.Invalid("applicant.founded_on", "must not be in the future");
  if (a.live_business_since && *a.live_business_since > b.effective_date()) {
    b.Invalid("applicant.live_business_since", "must not be in the future");
  }
  b.Require("applicant.legal_representative", form.personal.legal_representative);
  LimitLength(b, "applicant.legal_representative", form.personal.legal_representative, kMaxName);
  b.Require("applicant.contact.name", form.personal.contact_name);
  LimitLength(b, "applicant.contact.name", form.personal.contact_name, kMaxName);
  if (form.personal.phone.empty()) {
    b.Invalid("applicant.contact.phone", "is required");
  } else if (!PlausiblePhone(form.personal.phone)) {
    b.Invalid("applicant.contact.phone", "must be a phone number (digits, spaces, '-', an optional leading '+')");
  }
  if (!form.personal.email.empty() && !PlausibleEmail(form.personal.email)) {
    b.Invalid("applicant.contact.email", "must be an e-mail address");
  }
  const Declarations& d = form.declarations;
  if (!d.materials_true) b.Invalid("declarations.materials_true", "must be true (A.6)");
  if (!d.accepts_audit) b.Invalid("declarations.accepts_audit", "must be true (A.6)");
  if (!d.follows_rules) b.Invalid("declarations.follows_rules", "must be true (A.6)");
  if (!d.continuous_improvement) b.Invalid("declarations.continuous_improvement", "must be true (A.6)");
  const Eligibility& e = form.eligibility;
  if (!e.legal_entity) b.Invalid("eligibility.legal_entity", "must be true (§6.1.1 item 1)");
  if (!e.qms_established) b.Invalid("eligibility.qms_established", "must be true (§6.1.1 item 2)");
  if (!e.meets_standard) b.Invalid("eligibility.meets_standard", "must be true (§6.1.1 item 3)");
  if (!e.no_major_accident_12m) b.Invalid("eligibility.no_major_accident_12m", "must be true (§6.1.1 item 4)");
  if (!e.has_resources) b.Invalid("eligibility.has_resources", "must be true (§6.1.1 item 5)");
  if (form.applied_on && *form.applied_on > b.effective_date()) b.Invalid("applied_on", "must not be in the future");
  b.Require("scope", form.scope);
  LimitLength(b, "scope", form.scope, kMaxText);
  for (const auto& [name, value] : {std::pair{"business.salespersons", form.business.salespersons},
                                    std::pair{"business.annual_turnover_cny", form.business.annual_turnover_cny},
                                    std::pair{"business.annual_live_sessions", form.business.annual_live_sessions}}) {
    if (value && *value < 0) b.Invalid(name, "must not be negative");
  }
}

}  // namespace certreg::domain::internal
