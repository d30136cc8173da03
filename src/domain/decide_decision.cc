// The decision (§6.3) and the certificate's issue and renewal (§6.4.1, §6.4.3, §7).
#include "domain/decide_internal.h"

namespace certreg::domain::internal {
namespace {

// The cycle's audit, approved and reviewed: what the decision rests on.
const AuditState* CycleAudit(const FileState& state, const CycleState& cycle) {
  auto it = state.audits.find(cycle.audit_id);
  return it == state.audits.end() ? nullptr : &it->second;
}

std::vector<const FindingState*> OpenFindings(const FileState& state, const std::string& audit_id, FindingGrade grade) {
  std::vector<const FindingState*> out;
  for (const auto& [id, finding] : state.findings) {
    if (finding.audit_id == audit_id && finding.open && finding.grade == grade) out.push_back(&finding);
  }
  return out;
}

std::string Join(const std::vector<const FindingState*>& findings) {
  std::string out;
  for (const FindingState* f : findings) out += (out.empty() ? "" : ", ") + f->id;
  return out;
}

// Every §9 pass mark of the audit met: what approval, conditional or not, rests on (domain.md §9.1).
bool ThresholdsMet(const FileState& state, const std::string& audit_id) {
  auto it = state.audits.find(audit_id);
  return it != state.audits.end() && it->second.scores && it->second.scores->all_thresholds_met;
}

Decision FailedMarksRejection(const Builder& b, const std::string& audit_id) {
  return b.RejectState("not every indicator of audit " + audit_id + " meets its threshold (§9); no certificate "
                       "rests on it");
}

double Area(const ScoresRecorded& scores, const char* id) {
  auto it = scores.areas.find(id);
  return it == scores.areas.end() ? 0.0 : it->second;
}

EvaluationResults ResultsOf(const FileState& state, const AuditState& audit) {
  EvaluationResults r;
  if (audit.scores) {
    const ScoresRecorded& s = *audit.scores;
    r.quality = Area(s, "quality");
    r.efficiency = Area(s, "efficiency");
    r.effect = Area(s, "effect");
    r.service_characteristic = s.service_characteristic;
    r.organisation = Area(s, "organisation");
    r.personnel = Area(s, "personnel");
    r.goods = Area(s, "goods");
    r.live_information = Area(s, "live_information");
    r.consumer_protection = Area(s, "consumer_protection");
    r.service_management = s.service_management;
    r.enhancement = s.enhancement_score;
    r.comprehensive = s.comprehensive;
  }
  // The QMS result comes from the cycle's findings against 5.2.1-1 (domain.md §3.4).
  r.qms = QmsResult::kConforms;
  for (const auto& [id, finding] : state.findings) {
    if (finding.audit_id == audit.id && finding.indicator == "5.2.1-1" && finding.grade == FindingGrade::kMinor) {
      r.qms = QmsResult::kConformsWithMinor;
    }
  }
  return r;
}

// Completes a certificate issued or renewed on `issue_date` after `audit` with
// what both carry (the audit's results, the next surveillance, the scheme) and emits it.
template <typename Event>
Decision EmitIssue(Builder& b, Event e, const AuditState& audit, Date issue_date) {
  e.evaluation = ResultsOf(b.state(), audit);
  e.next_surveillance_due = issue_date.AddMonths(b.scheme().surveillance_interval_months);
  e.audit_id = audit.id;
  e.scheme = RefOf(b.scheme());
  b.Emit(std::move(e));
  return b.Done();
}

// The first issue (§6.4.1, §7.1): the application's items, valid from the issue date.
Decision FirstIssue(const IssueCertificate& c, Builder& b, const AuditState& audit) {
  const FileState& s = b.state();
  if (b.context().new_certificate_no.empty()) return b.InvalidRequest("no certificate number");
  const Date issue_date = b.effective_date();
  const Scheme& scheme = b.scheme();
  CertificateIssued e;
  e.certificate_no = b.context().new_certificate_no;
  e.holder_name = s.applicant.name;
  e.address = s.applicant.address;
  e.address_kind = c.address_kind.value_or(AddressKind::kRegistered);
  e.uscc = s.applicant.uscc;
  e.scope = s.scope;
  e.basis = scheme.basis;
  e.valid_from = issue_date;
  e.valid_until = scheme.ValidUntil(issue_date);
  e.issue_date = issue_date;
  e.first_issued_on = issue_date;
  e.certification_body = scheme.certification_body;
  e.category = scheme.category;
  e.field = scheme.field;
  e.mode = scheme.mode;
  return EmitIssue(b, std::move(e), audit, issue_date);
}

// The renewal after recertification (§6.4.3, domain.md §9.4): same number,
// status unchanged; the recertification application's holder name and address
// and the scope as audited; valid from the day after the previous validity,
// for the scheme's validity. A live salesperson's certificate carries no
// address (it is personal data): a renewal keeps what it has.
Decision Renewal(const IssueCertificate& c, Builder& b, const AuditState& audit) {
  const FileState& s = b.state();
  const CertificateState& certificate = *s.certificate;
  if (certificate.status != CertificateStatus::kValid) {
    return b.Reject("certificate " + certificate.number + " is " + std::string(ToWire(certificate.status)) +
                    "; only a VALID certificate is renewed");
  }
  const bool live_salesperson = s.applicant.org_type == OrgType::kLiveSalesperson;
  if (c.address_kind && live_salesperson) {
    b.Invalid("address_kind", "a live salesperson's certificate carries no address (it is personal data)");
    return b.Done();
  }
  CertificateRenewed e;
  e.certificate_no = certificate.number;
  e.previous_valid_until = certificate.valid_until;
  e.valid_from = certificate.valid_until.AddDays(1);
  e.valid_until = b.scheme().ValidUntil(e.valid_from);
  e.issue_date = b.effective_date();
  e.holder_name = s.applicant.name;
  e.address = live_salesperson ? certificate.address : s.applicant.address;
  e.address_kind = c.address_kind.value_or(certificate.address_kind);
  e.scope = audit.scope.empty() ? s.scope : audit.scope;
  auto differs = [&](const char* field, const std::string& before, const std::string& after) {
    if (before != after) e.changes.push_back({field, before, after});
  };
  differs("holder_name", certificate.holder_name, e.holder_name);
  differs("address", certificate.address, e.address);
  differs("address_kind", std::string(ToWire(certificate.address_kind)), std::string(ToWire(e.address_kind)));
  differs("scope", certificate.scope, e.scope);
  const Date issue_date = e.issue_date;
  return EmitIssue(b, std::move(e), audit, issue_date);
}

}  // namespace

Decision DecideCommand(const ReviewFile& c, Builder& b) {
  const CycleState* cycle = OpenCycle(b.state());
  if (cycle == nullptr) return b.RejectState("no open application to review");
  const AuditState* audit = CycleAudit(b.state(), *cycle);
  if (audit == nullptr || !audit->report_approved) return b.RejectState("the audit report is not approved yet");
  if (cycle->decision) return b.RejectState("the application is already decided");
  if (auto conflicted = RequireImpartial(b, {audit->id}, "", "review it")) return *conflicted;
  b.Emit(CommitteeReviewed{audit->id, c.process_conforms, c.findings_accurate, c.conclusion_reasonable, c.comments});
  return b.Done();
}

Decision DecideCommand(const DecideCertification& c, Builder& b) {
  if (c.outcome == DecisionOutcome::kReject) b.Require("reason", c.reason);
  if (c.outcome == DecisionOutcome::kConditional) {
    b.RequireAfterEffectiveDate("conditions_deadline", c.conditions_deadline);
  } else if (c.conditions_deadline) {
    b.Invalid("conditions_deadline", "is only for a conditional approval");
  }
  if (b.has_errors()) return b.Done();

  const FileState& s = b.state();
  const CycleState* cycle = OpenCycle(s);
  if (cycle == nullptr) return b.RejectState("no open application to decide");
  if (cycle->decision) return b.RejectState("the application is already decided");
  const AuditState* audit = CycleAudit(s, *cycle);
  if (audit == nullptr) return b.RejectState("the application has no audit yet");
  if (auto conflicted = RequireImpartial(b, {audit->id}, "", "decide on it")) return *conflicted;
  if (!audit->scores || !audit->scores->complete) return b.RejectState("audit " + audit->id + " is not fully scored");
  if (!audit->report_approved) return b.RejectState("the report of audit " + audit->id + " is not approved");
  if (!cycle->review || cycle->review->audit_id != audit->id ||
      cycle->review->version <= audit->report_approved_version) {
    return b.RejectState("the technical committee has not reviewed the approved report (§6.3.1)");
  }
  if (!cycle->review->all_points_hold && c.outcome != DecisionOutcome::kReject) {
    return b.RejectState("the review found a point that does not hold; only reject is allowed");
  }
  const auto majors = OpenFindings(s, audit->id, FindingGrade::kMajor);
  const auto minors = OpenFindings(s, audit->id, FindingGrade::kMinor);
  std::vector<std::string> conditional;
  switch (c.outcome) {
    case DecisionOutcome::kApprove:
      if (!majors.empty() || !minors.empty()) {
        return b.RejectState("findings are open: " + Join(majors.empty() ? minors : majors) +
                             "; approval needs none open");
      }
      if (!audit->scores->all_thresholds_met) return b.RejectState("not every indicator meets its threshold");
      break;
    case DecisionOutcome::kConditional:
      // Conditional approval is for minor nonconformities, never for failed pass marks (domain.md §9.1).
      if (!majors.empty()) return b.RejectState("major findings are open: " + Join(majors));
      if (!audit->scores->all_thresholds_met) {
        return b.RejectState("not every indicator meets its threshold (§9); a conditional approval needs them all");
      }
      if (minors.empty()) return b.RejectState("a conditional approval needs an open minor finding; approve instead");
      for (const FindingState* f : minors) conditional.push_back(f->id);
      break;
    case DecisionOutcome::kReject:
      break;
  }
  b.Emit(CertificationDecided{audit->id, c.outcome, c.reason, conditional, c.conditions_deadline,
                              b.calendar().AddWorkingDays(b.effective_date(), b.scheme().notice_working_days),
                              RefOf(b.scheme())});
  return b.Done();
}

Decision DecideCommand(const NotifyDecision& c, Builder& b) {
  b.Require("channel", c.channel);
  if (b.has_errors()) return b.Done();
  const CycleState* cycle = b.state().current_cycle();
  if (cycle == nullptr || !cycle->decision) return b.RejectState("there is no decision to notify");
  // The decision's notice, whatever its outcome; after a lapse, one more (domain.md §9.2).
  const std::optional<Date> due = cycle->NoticeDue();
  if (!due) {
    const Date last = cycle->lapse_notified_on.value_or(cycle->notified_on.value_or(cycle->decision->decided_on));
    return b.RejectState("the decision was already notified on " + last.ToString());
  }
  b.Emit(DecisionNotified{c.notified_on, c.channel, c.notified_on > *due});
  return b.Done();
}

Decision DecideCommand(const FulfilConditions&, Builder& b) {
  const FileState& s = b.state();
  const CycleState* cycle = s.current_cycle();
  if (cycle == nullptr || !cycle->decision || cycle->decision->outcome != DecisionOutcome::kConditional) {
    return b.RejectState("there is no conditional approval");
  }
  if (cycle->lapsed) return b.RejectState("the conditional approval lapsed");
  if (cycle->conditions_fulfilled) return b.RejectState("the conditions are already fulfilled");
  if (auto conflicted = RequireImpartial(b, {cycle->decision->audit_id}, "", "accept the conditions as fulfilled")) {
    return *conflicted;
  }
  if (b.effective_date() > *cycle->decision->conditions_deadline) {
    return b.RejectState("the conditions deadline " + cycle->decision->conditions_deadline->ToString() + " has passed");
  }
  std::vector<const FindingState*> open;
  for (const std::string& id : cycle->decision->conditional_findings) {
    auto it = s.findings.find(id);
    if (it != s.findings.end() && it->second.open) open.push_back(&it->second);
  }
  if (!open.empty()) return b.RejectState("listed findings are still open: " + Join(open));
  if (!ThresholdsMet(s, cycle->decision->audit_id)) return FailedMarksRejection(b, cycle->decision->audit_id);
  b.Emit(ConditionsFulfilled{});
  return b.Done();
}

Decision DecideCommand(const IssueCertificate& c, Builder& b) {
  const FileState& s = b.state();
  const CycleState* cycle = s.current_cycle();
  if (cycle == nullptr || !cycle->approved() || cycle->certificate_issued || cycle->withdrawn || cycle->lapsed) {
    return b.RejectState("there is no approved decision awaiting a certificate");
  }
  if (!ThresholdsMet(s, cycle->decision->audit_id)) return FailedMarksRejection(b, cycle->decision->audit_id);
  // §6.3.3: the holder hears of the decision before it holds a certificate (domain.md §9.2).
  if (!cycle->notified_on) {
    return b.RejectState("the decision notice is missing: the decision is notified (§6.3.3) before the certificate "
                         "is issued");
  }
  if (s.revocation) {
    return b.RejectState("a revocation proceeding is open since " + s.revocation->opened_on.ToString() +
                         "; no certificate is issued or renewed while it runs");
  }
  const AuditState& audit = s.audits.at(cycle->decision->audit_id);
  if (!s.certificate) return FirstIssue(c, b, audit);
  return Renewal(c, b, audit);
}

}  // namespace certreg::domain::internal
