// Evolve: how each event changes a file's state. Events are facts: nothing
// here validates or refuses.
#include "certreg/domain/file_state.h"
#include "certreg/domain/grounds.h"

#include <algorithm>

#include "domain/overloaded.h"

namespace certreg::domain {

bool AuditState::OnTeam(const std::string& user) const {
  return leader == user || std::find(members.begin(), members.end(), user) != members.end();
}

bool CycleState::open() const {
  if (withdrawn || lapsed || certificate_issued || ended_by_certificate) return false;
  if (accepted.has_value() && !*accepted) return false;
  if (decision && decision->outcome == DecisionOutcome::kReject) return false;
  return true;
}

bool CycleState::approved() const {
  if (!decision) return false;
  if (decision->outcome == DecisionOutcome::kApprove) return true;
  return decision->outcome == DecisionOutcome::kConditional && conditions_fulfilled;
}

std::optional<Date> CycleState::NoticeDue() const {
  if (!decision || withdrawn) return std::nullopt;
  if (!notified_on) return decision->notice_due_on;
  if (lapsed && !lapse_notified_on) {
    // A lapse recorded before lapses carried their notice's due date owes it from the lapse.
    return lapse_notice_due_on ? lapse_notice_due_on : closed_on;
  }
  return std::nullopt;
}

bool FileState::ended() const {
  return certificate && (certificate->status == CertificateStatus::kRevoked ||
                         certificate->status == CertificateStatus::kCancelled);
}

namespace {

void SetStatus(FileState& s, CertificateStatus status, Date since) {
  if (!s.certificate) return;
  s.certificate->status = status;
  s.certificate->status_since = since;
}

// A reported major change or a complaint makes a special audit owed (§9.7).
void OweSpecialAudit(FileState& s, const std::string& cause, Date on) {
  if (!s.special_audit_owed) s.special_audit_owed = SpecialAuditOwedState{{}, on};
  s.special_audit_owed->causes.push_back(cause);
}

// The current cycle, taken (and copied out of a shared list) only by an event that changes it.
class CurrentCycle {
 public:
  explicit CurrentCycle(FileState& s) : s_(s) {}
  explicit operator bool() const { return !s_.cycles.empty(); }
  CycleState* operator->() { return s_.current_cycle(); }

 private:
  FileState& s_;
};

CycleState NewCycle(bool recertification, const HolderAct& act, Date due_on) {
  CycleState cycle;
  cycle.recertification = recertification;
  cycle.received_on = act.received_on;
  cycle.due_on = due_on;
  return cycle;
}

}  // namespace

FileState Evolve(FileState s, const Event& event) {
  const Date on = event.effective_date;
  s.version = event.version != 0 ? event.version : s.version + 1;
  s.last_effective_date = std::max(s.last_effective_date, on);
  CurrentCycle cycle(s);

  std::visit(
      Overloaded{
          [&](const ApplicationSubmitted& e) {
            s.exists = true;
            s.file_id = e.file_id;
            s.applicant = e.form.applicant;
            s.scope = e.form.scope;
            s.scheme = e.scheme;
            s.cycles.push_back(NewCycle(false, e.act, e.due_on));
          },
          [&](const MaterialsRequested&) {
            if (!cycle) return;
            cycle->materials_requested = true;
            cycle->materials_outstanding = true;
          },
          [&](const MaterialsSupplemented& e) {
            if (!cycle) return;
            cycle->materials_outstanding = false;
            cycle->due_on = e.due_on;
          },
          [&](const ApplicationAccepted&) {
            if (cycle) cycle->accepted = true;
          },
          [&](const ApplicationDeclined&) {
            if (!cycle) return;
            cycle->accepted = false;
            cycle->closed_on = on;
          },
          [&](const ApplicationWithdrawn&) {
            if (!cycle) return;
            cycle->withdrawn = true;
            cycle->closed_on = on;
          },
          [&](const AuditTeamAssigned& e) {
            AuditState& audit = s.audits[e.audit_id];
            audit.id = e.audit_id;
            audit.kind = e.kind;
            audit.leader = e.leader;
            audit.members = e.members;
            ++s.audit_count;
            if ((e.kind == AuditKind::kInitial || e.kind == AuditKind::kRecertification) && cycle) {
              cycle->audit_id = e.audit_id;
            }
          },
          [&](const AuditPlanned& e) {
            AuditState& audit = s.audits[e.audit_id];
            audit.id = e.audit_id;
            audit.kind = e.kind;
            audit.start_date = e.start_date;
            audit.onsite_days = e.onsite_days;
            audit.trigger = e.trigger;
            audit.scope = e.scope;
            if (e.kind == AuditKind::kSpecial) s.special_audit_owed.reset();  // planned: no longer owed (§9.7)
          },
          [&](const FindingRecorded& e) {
            FindingState& finding = s.findings[e.finding_id];
            finding.id = e.finding_id;
            finding.audit_id = e.audit_id;
            finding.indicator = e.indicator;
            finding.grade = e.grade;
            finding.correction_deadline = e.correction_deadline;
            finding.recorded_on = event.recorded_on;
            finding.open = e.grade != FindingGrade::kObservation;
            ++s.finding_count;
          },
          [&](const FindingClosed& e) { s.findings[e.finding_id].open = false; },
          [&](const ScoresRecorded& e) { s.audits[e.audit_id].scores = e; },
          [&](const AuditReportSubmitted& e) {
            AuditState& audit = s.audits[e.audit_id];
            audit.report_submitted = true;
            audit.recommendation = e.recommendation;
          },
          [&](const AuditReportApproved& e) {
            AuditState& audit = s.audits[e.audit_id];
            audit.report_approved = true;
            audit.report_approved_version = s.version;
          },
          [&](const SurveillanceAuditCompleted& e) {
            AuditState& audit = s.audits[e.audit_id];
            audit.completed = true;
            audit.conclusion = e.conclusion;
            if (e.next_surveillance_due && s.certificate) s.certificate->next_surveillance_due = *e.next_surveillance_due;
            // Owed unless what the conclusion asks is already in effect: a
            // suspension for `suspend`, a revocation proceeding for either.
            const bool in_effect = s.revocation || (e.conclusion == SurveillanceConclusion::kSuspend && s.certificate &&
                                                    s.certificate->status == CertificateStatus::kSuspended);
            if (e.conclusion != SurveillanceConclusion::kMaintain && !in_effect) {
              s.surveillance_action = SurveillanceActionState{e.audit_id, e.conclusion, on};
            }
          },
          [&](const CommitteeReviewed& e) {
            if (!cycle) return;
            cycle->review = CycleState::Review{
                e.audit_id, e.process_conforms && e.findings_accurate && e.conclusion_reasonable, s.version};
          },
          [&](const CertificationDecided& e) {
            if (!cycle) return;
            cycle->decision = CycleState::Decided{e.outcome,  e.conditional_findings, e.conditions_deadline, on,
                                                  event.recorded_on, e.notice_due_on, e.audit_id};
            if (e.outcome == DecisionOutcome::kReject) cycle->closed_on = on;
          },
          [&](const DecisionNotified& e) {
            if (!cycle) return;
            // One notice after a lapse tells the holder of it (and of the
            // decision, when that was not notified yet).
            if (!cycle->notified_on) cycle->notified_on = e.notified_on;
            if (cycle->lapsed) cycle->lapse_notified_on = e.notified_on;
          },
          [&](const ConditionsFulfilled&) {
            if (cycle) cycle->conditions_fulfilled = true;
          },
          [&](const ConditionalApprovalLapsed& e) {
            if (!cycle) return;
            cycle->lapsed = true;
            cycle->closed_on = on;
            cycle->lapse_notice_due_on = e.notice_due_on;
          },
          [&](const CertificateIssued& e) {
            CertificateState c;
            c.number = e.certificate_no;
            c.holder_name = e.holder_name;
            c.address = e.address;
            c.address_kind = e.address_kind;
            c.uscc = e.uscc;
            c.scope = e.scope;
            c.basis = e.basis;
            c.certification_body = e.certification_body;
            c.category = e.category;
            c.field = e.field;
            c.mode = e.mode;
            c.valid_from = e.valid_from;
            c.valid_until = e.valid_until;
            c.issue_date = e.issue_date;
            c.first_issued_on = e.first_issued_on;
            c.status = CertificateStatus::kValid;
            c.status_since = on;
            c.evaluation = e.evaluation;
            c.next_surveillance_due = e.next_surveillance_due;
            c.valid_until_recorded_on = event.recorded_on;
            s.certificate = c;
            if (cycle) cycle->certificate_issued = true;
          },
          [&](const CertificateChanged& e) {
            if (!s.certificate) return;
            for (const ChangedItem& item : e.changes) {
              if (item.field == "holder_name") {
                s.certificate->former_names.push_back(item.before);
                s.certificate->holder_name = item.after;
                s.applicant.name = item.after;
              } else if (item.field == "address") {
                s.certificate->address = item.after;
                s.applicant.address = item.after;
              } else if (item.field == "address_kind") {
                s.certificate->address_kind = FromWire<AddressKind>(item.after).value_or(s.certificate->address_kind);
              } else if (item.field == "scope") {
                s.certificate->scope = item.after;
              }
            }
          },
          [&](const CertificateReissued&) {},
          [&](const MajorChangeReported& e) {
            s.major_change_reports.push_back(e.report_id);
            ++s.report_count;
            OweSpecialAudit(s, e.report_id, on);
          },
          [&](const ComplaintReceived& e) {
            s.complaints.push_back(e.complaint_id);
            ++s.complaint_count;
            OweSpecialAudit(s, e.complaint_id, on);
          },
          [&](const SurveillanceRefused&) {},
          [&](const CertificationMaintained&) { s.surveillance_action.reset(); },
          [&](const SpecialAuditWaived&) { s.special_audit_owed.reset(); },
          [&](const CertificateSuspended& e) {
            SetStatus(s, CertificateStatus::kSuspended, on);
            SuspensionState suspension;
            suspension.grounds = e.grounds;
            suspension.suspended_on = on;
            suspension.deadline = e.deadline;
            suspension.deadline_recorded_on = event.recorded_on;
            suspension.audit_id = e.audit_id;
            s.suspension = suspension;
            s.surveillance_action.reset();  // the committee acted (§9.6)
          },
          [&](const RectificationSubmitted& e) {
            if (!s.suspension) return;
            s.suspension->last_rectification_on = e.act.received_on;
            s.suspension->rectification_unverified = true;
          },
          [&](const RectificationVerified& e) {
            if (!s.suspension) return;
            s.suspension->rectification_unverified = false;
            s.suspension->last_verification = e.verified;
            s.suspension->last_verification_on = on;
            if (e.verified) s.suspension->verified_ok = true;
          },
          [&](const CertificateReinstated&) {
            SetStatus(s, CertificateStatus::kValid, on);
            s.suspension.reset();
          },
          [&](const RevocationProceedingOpened& e) {
            RevocationState revocation;
            revocation.grounds = e.grounds;
            revocation.details = e.details;
            revocation.audit_id = e.audit_id;
            revocation.opened_on = on;
            s.revocation = revocation;
            if (e.grounds == grounds::kRectificationOverdue && s.suspension) {
              s.suspension->revocation_opened_for_deadline = true;
            }
            s.surveillance_action.reset();  // the committee acted (§9.6)
          },
          [&](const RevocationNoticeIssued& e) {
            if (!s.revocation) return;
            s.revocation->notice_on = on;
            s.revocation->appeal_deadline = e.appeal_deadline;
            s.revocation->appeal_deadline_recorded_on = event.recorded_on;
          },
          [&](const AppealFiled& e) {
            if (!s.revocation) return;
            s.revocation->appeal_filed_on = e.act.received_on;
            s.revocation->appeal_pending = true;
          },
          [&](const AppealDecided& e) {
            if (!s.revocation) return;
            s.revocation->appeal_pending = false;
            s.revocation->appeal_outcome = e.outcome;
            if (e.outcome == AppealOutcome::kUpheld) {
              if (e.new_deadline && s.suspension) {
                s.suspension->deadline = *e.new_deadline;
                s.suspension->deadline_recorded_on = event.recorded_on;
                s.suspension->revocation_opened_for_deadline = false;
              }
              s.revocation.reset();
              if (s.certificate) s.certificate->proceeding_ended_on = on;
            }
          },
          [&](const RevocationProceedingClosed&) {
            // The deadline's proceeding stays done: only a new deadline (an
            // upheld appeal) lets the rule open another one.
            s.revocation.reset();
            if (s.certificate) s.certificate->proceeding_ended_on = on;
          },
          [&](const CertificateRevoked& e) {
            SetStatus(s, CertificateStatus::kRevoked, on);
            if (cycle && cycle->recertification && cycle->open()) {
              cycle->ended_by_certificate = true;
              cycle->closed_on = on;
            }
            s.revoked = EndingState{on, e.grounds, e.reason, std::nullopt};
            s.revocation.reset();
            s.suspension.reset();
          },
          [&](const CancellationRequested&) { s.cancellation_requested = true; },
          [&](const CertificateCancelled& e) {
            SetStatus(s, CertificateStatus::kCancelled, on);
            if (cycle && cycle->recertification && cycle->open()) {
              cycle->ended_by_certificate = true;
              cycle->closed_on = on;
            }
            s.cancelled = EndingState{on, e.grounds, e.reason, std::nullopt};
            s.cancellation_requested = false;
            s.suspension.reset();
            // No proceeding runs on a cancelled certificate: neither the
            // decider nor the expiry rule cancels while one is open (§9.3).
            s.revocation.reset();
          },
          [&](const CancellationAnnounced&) {
            if (s.cancelled) s.cancelled->announced_on = on;
          },
          [&](const RecertificationApplied& e) {
            s.applicant = e.form.applicant;
            s.scope = e.form.scope;
            s.cycles.push_back(NewCycle(true, e.act, e.due_on));
          },
          [&](const CertificateRenewed& e) {
            if (!s.certificate) return;
            // The recertified items (domain.md §9.4); a renewal recorded
            // before renewals carried them names no holder and keeps them.
            if (!e.holder_name.empty()) {
              if (e.holder_name != s.certificate->holder_name) {
                s.certificate->former_names.push_back(s.certificate->holder_name);
              }
              s.certificate->holder_name = e.holder_name;
              s.certificate->address = e.address;
              s.certificate->address_kind = e.address_kind;
              s.certificate->scope = e.scope;
            }
            s.certificate->valid_until_recorded_on = event.recorded_on;
            s.certificate->valid_from = e.valid_from;
            s.certificate->valid_until = e.valid_until;
            s.certificate->issue_date = e.issue_date;
            s.certificate->evaluation = e.evaluation;
            s.certificate->next_surveillance_due = e.next_surveillance_due;
            if (cycle) cycle->certificate_issued = true;
          },
      },
      event.body);
  return s;
}

FileState Fold(const std::vector<Event>& events) {
  FileState state;
  for (const Event& event : events) state = Evolve(std::move(state), event);
  return state;
}

}  // namespace certreg::domain
