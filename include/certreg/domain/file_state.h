// The state of one certification file (stream cert-file/{file_id}), folded
// from its events by Evolve. Plain data (copying it shares its large parts,
// see copy_on_write.h); everything a decision, the work queue
// or a regulator's replay needs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "certreg/domain/copy_on_write.h"
#include "certreg/domain/events.h"

namespace certreg::domain {

struct FindingState {
  std::string id;
  std::string audit_id;
  std::string indicator;
  FindingGrade grade = FindingGrade::kObservation;
  std::optional<Date> correction_deadline;
  Date recorded_on;  // the recording date of the event that set the deadline
  bool open = true;
};

struct AuditState {
  std::string id;
  AuditKind kind = AuditKind::kInitial;
  std::string leader;
  std::vector<std::string> members;
  Date start_date;
  int onsite_days = 0;
  SpecialTrigger trigger = SpecialTrigger::kNone;
  std::string scope;
  std::optional<ScoresRecorded> scores;
  bool report_submitted = false;
  DecisionOutcome recommendation = DecisionOutcome::kApprove;
  bool report_approved = false;
  std::uint64_t report_approved_version = 0;  // stream version of the approval
  bool completed = false;                     // surveillance / special audits
  std::optional<SurveillanceConclusion> conclusion;

  bool OnTeam(const std::string& user) const;  // leader or member
};

// An application or a recertification, from receipt to its close.
struct CycleState {
  bool recertification = false;
  Date received_on;
  Date due_on;  // acceptance deadline
  bool materials_requested = false;
  bool materials_outstanding = false;  // requested and not supplemented yet
  std::optional<bool> accepted;        // true accepted, false declined
  bool withdrawn = false;
  std::string audit_id;  // the cycle's initial or recertification audit (the latest planned)
  struct Review {
    std::string audit_id;
    bool all_points_hold = false;
    std::uint64_t version = 0;
  };
  std::optional<Review> review;
  struct Decided {
    DecisionOutcome outcome = DecisionOutcome::kReject;
    std::vector<std::string> conditional_findings;
    std::optional<Date> conditions_deadline;
    Date decided_on;
    Date recorded_on;
    Date notice_due_on;
    std::string audit_id;
  };
  std::optional<Decided> decision;
  std::optional<Date> notified_on;  // the decision's notice
  bool conditions_fulfilled = false;
  bool lapsed = false;
  std::optional<Date> lapse_notice_due_on;  // a lapse is notified like a decision (domain.md §9.2)
  std::optional<Date> lapse_notified_on;
  bool certificate_issued = false;  // issued or renewed on this cycle's decision
  bool ended_by_certificate = false;  // a recertification closed because the certificate was revoked or cancelled
  std::optional<Date> closed_on;    // when it was declined, withdrawn, rejected, lapsed or so ended

  // Open: neither declined, withdrawn, rejected, lapsed, nor ended in a certificate.
  bool open() const;
  // Approved: an `approve` decision, or `conditional` followed by conditions fulfilled.
  bool approved() const;
  // The due date of the notice the holder is still owed (domain.md §9.2): the
  // decision's, whatever its outcome, until notified; then a lapse's, until
  // notified. None when nothing is owed or the cycle was withdrawn.
  std::optional<Date> NoticeDue() const;
};

struct CertificateState {
  std::string number;
  std::string holder_name;
  std::vector<std::string> former_names;
  std::string address;
  AddressKind address_kind = AddressKind::kRegistered;
  std::string uscc;
  std::string scope;
  std::string basis, certification_body, category, field, mode;  // as issued (§7.1, §7.2.1)
  Date valid_from, valid_until, issue_date, first_issued_on;
  CertificateStatus status = CertificateStatus::kValid;
  Date status_since;
  EvaluationResults evaluation;
  Date next_surveillance_due;
  Date valid_until_recorded_on;  // recording date of the event that set valid_until

  // Its validity had already ended when it was recorded (history entered
  // late): the expiry rule does not fire, the work queue lists it (domain.md §9.3).
  bool ExpiredWhenRecorded() const { return valid_until < valid_until_recorded_on; }
  // The day the latest revocation proceeding ended without revocation (closed,
  // or its appeal upheld): an expiry held back by it follows on that day (§9.3).
  std::optional<Date> proceeding_ended_on;
};

struct SuspensionState {
  std::string grounds;
  Date suspended_on;
  Date deadline;
  Date deadline_recorded_on;  // recording date of the event that set the deadline
  std::optional<Date> last_rectification_on;
  bool rectification_unverified = false;  // submitted and not verified since
  std::optional<bool> last_verification;  // the latest verification's result
  std::optional<Date> last_verification_on;
  bool verified_ok = false;  // a successful verification since the suspension
  bool revocation_opened_for_deadline = false;
  std::string audit_id;  // the audit the suspension rests on (domain.md §9.8); empty: none
};

struct RevocationState {
  std::string grounds;
  std::string details;
  std::string audit_id;  // the audit it rests on; empty: none
  Date opened_on;
  std::optional<Date> notice_on;
  std::optional<Date> appeal_deadline;
  Date appeal_deadline_recorded_on;
  std::optional<Date> appeal_filed_on;
  bool appeal_pending = false;  // filed and not decided
  std::optional<AppealOutcome> appeal_outcome;
};

// How a certificate ended (REVOKED or CANCELLED): shown to the public.
struct EndingState {
  Date date;
  std::string grounds;
  std::string reason;
  std::optional<Date> announced_on;
};

// A surveillance or special audit concluded suspend or revoke and the committee
// has not answered it yet (domain.md §9.6): it suspends, opens a revocation
// proceeding, or maintains the certification.
struct SurveillanceActionState {
  std::string audit_id;
  SurveillanceConclusion conclusion = SurveillanceConclusion::kSuspend;
  Date since;  // the completion's effective date
};

// A special audit is owed (domain.md §9.7, §6.4.2 item 2): major changes or
// complaints reported since the last special audit was planned or waived.
struct SpecialAuditOwedState {
  std::vector<std::string> causes;  // report (R…) and complaint (C…) ids, in order
  Date since;                       // the effective date of the first of them
};

struct FileState {
  bool exists = false;
  std::string file_id;
  std::uint64_t version = 0;
  Date last_effective_date;
  Applicant applicant;  // as last applied (application or recertification)
  std::string scope;    // as applied
  SchemeRef scheme;     // of the application
  // The large parts, shared with the state this one was copied from until changed.
  CopyOnWrite<std::vector<CycleState>> cycles;  // the initial application first
  CopyOnWrite<std::map<std::string, AuditState>> audits;
  CopyOnWrite<std::map<std::string, FindingState>> findings;
  CopyOnWrite<std::vector<std::string>> complaints;            // complaint ids
  CopyOnWrite<std::vector<std::string>> major_change_reports;  // report ids
  std::optional<CertificateState> certificate;
  std::optional<SuspensionState> suspension;  // while SUSPENDED
  std::optional<RevocationState> revocation;  // an open proceeding
  bool cancellation_requested = false;        // pending request of the holder
  std::optional<EndingState> revoked;
  std::optional<EndingState> cancelled;
  std::uint64_t audit_count = 0, finding_count = 0, complaint_count = 0, report_count = 0;  // for new ids
  std::optional<SurveillanceActionState> surveillance_action;  // pending committee action (§9.6)
  std::optional<SpecialAuditOwedState> special_audit_owed;     // owed special audit (§9.7)

  const CycleState* current_cycle() const { return cycles.empty() ? nullptr : &cycles.back(); }
  CycleState* current_cycle() { return cycles.empty() ? nullptr : &cycles.back(); }  // copies a shared list
  // True when the certificate is REVOKED or CANCELLED.
  bool ended() const;
};

// Applies one recorded event. Never fails, never validates: events are facts.
FileState Evolve(FileState state, const Event& event);

// Folds a stream's events from the empty state.
FileState Fold(const std::vector<Event>& events);

}  // namespace certreg::domain
