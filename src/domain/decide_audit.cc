// Audits and evaluation (§5, §6.2, §6.4.2, §9, §10, Annexes C and D).
#include <algorithm>
#include <set>

#include "domain/decide_internal.h"

namespace certreg::domain::internal {
namespace {

bool IsCycleAudit(AuditKind kind) { return kind == AuditKind::kInitial || kind == AuditKind::kRecertification; }

const AuditState* FindAudit(const FileState& state, const std::string& id) {
  auto it = state.audits.find(id);
  return it == state.audits.end() ? nullptr : &it->second;
}

std::string Ordinal(std::uint64_t n, const char* prefix) { return prefix + std::to_string(n); }

// Findings and scores are recorded until the report is approved (cycle
// audits) or the audit is completed (surveillance and special audits).
std::optional<Decision> RequireAuditOpen(const AuditState& audit, const Builder& b) {
  if (audit.report_approved) return b.RejectState("the report of audit " + audit.id + " is already approved");
  if (audit.completed) return b.RejectState("audit " + audit.id + " is already completed");
  return std::nullopt;
}

}  // namespace

Decision DecideCommand(const PlanAudit& c, Builder& b) {
  b.Require("leader", c.leader);
  if (!c.start_date) b.Invalid("start_date", "is required");
  const OnsiteDays* range = b.scheme().FindOnsiteDays(std::string(ToWire(c.kind)));
  if (range == nullptr) {
    b.Invalid("kind", "has no on-site days in the scheme");
  } else if (c.onsite_days < range->min || c.onsite_days > range->max) {
    b.Invalid("onsite_days", "must be from " + std::to_string(range->min) + " to " + std::to_string(range->max) +
                                 " days for a " + std::string(ToWire(c.kind)) + " audit (§5.3)");
  }
  if (c.sites.empty()) b.Invalid("sites", "must list at least one site");
  if (c.kind == AuditKind::kSpecial && c.trigger == SpecialTrigger::kNone) {
    b.Invalid("trigger", "is required for a special audit: major_change, complaint or other");
  }
  if (c.kind != AuditKind::kSpecial && c.trigger != SpecialTrigger::kNone) {
    b.Invalid("trigger", "is only for special audits");
  }
  if (b.has_errors()) return b.Done();

  const FileState& s = b.state();
  if (IsCycleAudit(c.kind)) {
    const CycleState* cycle = OpenCycle(s);
    const bool recert = c.kind == AuditKind::kRecertification;
    if (cycle == nullptr || cycle->recertification != recert) {
      return b.RejectState(std::string("no open ") + (recert ? "recertification" : "initial application") +
                           " to audit");
    }
    if (!cycle->accepted.value_or(false)) return b.RejectState("the application is not accepted yet");
    if (cycle->decision) return b.RejectState("the application is already decided");
  } else {
    if (auto refused = RequireLiveCertificate(b, "audited")) return *refused;
  }
  std::vector<std::string> members;
  for (const std::string& m : c.members) {
    if (m != c.leader && std::find(members.begin(), members.end(), m) == members.end()) members.push_back(m);
  }
  const std::string audit_id = Ordinal(s.audit_count + 1, "A");
  b.Emit(AuditTeamAssigned{audit_id, c.kind, c.leader, members});
  b.Emit(AuditPlanned{audit_id, c.kind, *c.start_date, c.onsite_days, c.sites, c.scope, c.content, c.methods,
                      c.trigger, c.trigger_ref, RefOf(b.scheme())});
  return b.Done();
}

Decision DecideCommand(const RecordFinding& c, Builder& b) {
  const AuditState* audit = FindAudit(b.state(), c.audit_id);
  if (audit == nullptr) return b.NotFound("audit " + c.audit_id);
  if (!b.scheme().IsFindingCode(c.indicator)) {
    b.Invalid("indicator", "is not a finding code of the scheme (an indicator 9.x.y, 5.2.1-1, or 5.1.1-n[.m])");
  }
  b.Require("description", c.description);
  const bool graded = c.grade != FindingGrade::kObservation;
  if (graded && !IsCycleAudit(audit->kind)) {
    b.RequireAfterEffectiveDate("correction_deadline", c.correction_deadline);
  } else if (c.correction_deadline && *c.correction_deadline <= b.effective_date()) {
    b.Invalid("correction_deadline", "must be after the effective date " + b.effective_date().ToString());
  }
  if (auto refused = b.Refusal(RequireAuditOpen(*audit, b))) return *refused;
  b.Emit(FindingRecorded{c.audit_id, Ordinal(b.state().finding_count + 1, "F"), c.indicator, c.grade, c.description,
                         c.evidence, c.correction_deadline});
  return b.Done();
}

Decision DecideCommand(const CloseFinding& c, Builder& b) {
  auto it = b.state().findings.find(c.finding_id);
  if (it == b.state().findings.end()) return b.NotFound("finding " + c.finding_id);
  b.Require("corrective_action", c.corrective_action);
  b.Require("verification", c.verification);
  if (b.has_errors()) return b.Done();
  if (!it->second.open) return b.RejectState("finding " + c.finding_id + " is not open");
  b.Emit(FindingClosed{it->second.audit_id, c.finding_id, c.corrective_action, c.verification});
  return b.Done();
}

Decision DecideCommand(const RecordScores& c, Builder& b) {
  const AuditState* audit = FindAudit(b.state(), c.audit_id);
  if (audit == nullptr) return b.NotFound("audit " + c.audit_id);
  auto evaluated = Evaluate(b.scheme(), c.scores, IsCycleAudit(audit->kind));
  if (auto* errors = std::get_if<std::vector<FieldError>>(&evaluated)) {
    for (const FieldError& e : *errors) b.Invalid(e.field, e.message);
    return b.Done();
  }
  if (auto refused = RequireAuditOpen(*audit, b)) return *refused;
  const Evaluation& e = std::get<Evaluation>(evaluated);
  ScoresRecorded event;
  event.audit_id = c.audit_id;
  event.management = c.scores.management;
  event.service = c.scores.service;
  event.sheets = c.scores.sheets;
  event.enhancement = c.scores.enhancement;
  event.areas = e.areas;
  event.service_characteristic = e.service_characteristic_score;
  event.service_management = e.service_management_score;
  event.enhancement_score = e.enhancement_score;
  event.comprehensive = e.comprehensive_score;
  event.complete = e.complete;
  event.all_thresholds_met = e.all_thresholds_met;
  event.scheme = RefOf(b.scheme());
  b.Emit(std::move(event));
  return b.Done();
}

Decision DecideCommand(const SubmitReport& c, Builder& b) {
  const AuditState* audit = FindAudit(b.state(), c.audit_id);
  if (audit == nullptr) return b.NotFound("audit " + c.audit_id);
  b.Require("conclusion", c.conclusion);
  if (c.report_sent_on && *c.report_sent_on > b.context().today) b.Invalid("report_sent_on", "must not be in the future");
  if (b.has_errors()) return b.Done();
  if (audit->leader != b.context().actor.name) {
    return b.Forbidden("only the team leader of audit " + audit->id + " submits its report");
  }
  if (!IsCycleAudit(audit->kind)) {
    return b.RejectState("a " + std::string(ToWire(audit->kind)) + " audit ends with its completion, not a report");
  }
  if (audit->report_submitted) return b.RejectState("the report of audit " + audit->id + " is already submitted");
  b.Emit(AuditReportSubmitted{c.audit_id, c.conclusion, c.recommendation, c.report_sent_on});
  return b.Done();
}

Decision DecideCommand(const ApproveReport& c, Builder& b) {
  const AuditState* audit = FindAudit(b.state(), c.audit_id);
  if (audit == nullptr) return b.NotFound("audit " + c.audit_id);
  if (auto conflicted = RequireImpartial(b, {audit->id}, "", "approve its report")) return *conflicted;
  if (!audit->report_submitted) return b.RejectState("the report of audit " + audit->id + " is not submitted yet");
  if (audit->report_approved) return b.RejectState("the report of audit " + audit->id + " is already approved");
  b.Emit(AuditReportApproved{c.audit_id});
  return b.Done();
}

Decision DecideCommand(const CompleteSurveillanceAudit& c, Builder& b) {
  const AuditState* audit = FindAudit(b.state(), c.audit_id);
  if (audit == nullptr) return b.NotFound("audit " + c.audit_id);
  if (audit->leader != b.context().actor.name) {
    return b.Forbidden("only the team leader of audit " + audit->id + " completes it");
  }
  if (IsCycleAudit(audit->kind)) {
    return b.RejectState("an " + std::string(ToWire(audit->kind)) + " audit ends with a report, not a completion");
  }
  if (audit->completed) return b.RejectState("audit " + audit->id + " is already completed");
  if (!audit->scores) return b.RejectState("audit " + audit->id + " has no scores recorded (重点测评 needs at least one)");
  if (auto refused = RequireLiveCertificate(b, "audited")) return *refused;
  // Once a year from the audit's own date, its Annex B.4 date (domain.md §9.6);
  // special audits do not move it.
  std::optional<Date> next_due;
  if (audit->kind == AuditKind::kSurveillance) {
    next_due = audit->start_date.AddMonths(b.scheme().surveillance_interval_months);
  }
  b.Emit(SurveillanceAuditCompleted{c.audit_id, audit->kind, audit->start_date, c.conclusion, audit->leader, next_due});
  return b.Done();
}

}  // namespace certreg::domain::internal
