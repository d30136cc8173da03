// Internal to the deciders: a small builder shared by the decide_*.cc files.
#pragma once

#include <string>
#include <vector>

#include "certreg/domain/decider.h"

namespace certreg::domain::internal {

// What every DecideCommand returns: Decide's result.
using Decision = Result<std::vector<Event>>;

// Collects field errors and events for one decision.
class Builder {
 public:
  Builder(const FileState& state, const CommandContext& context) : state_(state), context_(context) {}

  const FileState& state() const { return state_; }
  const CommandContext& context() const { return context_; }
  const Scheme& scheme() const { return *context_.scheme; }
  const WorkingCalendar& calendar() const { return *context_.calendar; }
  Date effective_date() const { return context_.effective_date; }  // the command's business date

  void Invalid(std::string field, std::string message) { errors_.push_back({std::move(field), std::move(message)}); }
  bool has_errors() const { return !errors_.empty(); }
  // Adds "is required" for an empty text field.
  void Require(const std::string& field, const std::string& value);
  // Adds an error unless `date` is after the command's effective date.
  void RequireAfterEffectiveDate(const std::string& field, const std::optional<Date>& date);

  void Emit(EventBody body);

  Decision Done();  // the events, or kInvalidArgument listing the field errors when any was added
  // What refuses the command before it is decided: its field errors when any
  // was added (as Done() gives them), else `state_refusal`, a check of the
  // file's state that returns its rejection or nullopt.
  std::optional<Decision> Refusal(std::optional<Decision> state_refusal);
  // kRejected naming the file's current state (DescribeState) in current_state().
  Decision Reject(std::string message) const;
  // The same, whose message ends with the file's current state.
  Decision RejectState(const std::string& why) const;
  Decision Forbidden(std::string message) const { return Status::Forbidden(std::move(message)); }
  Decision ConflictOfInterest(std::string message) const { return Status::ConflictOfInterest(std::move(message)); }
  Decision InvalidRequest(std::string message) const { return Status::InvalidArgument(std::move(message)); }
  Decision NotFound(const std::string& what) const { return Status::NotFound(what + " not found"); }

 private:
  const FileState& state_;
  const CommandContext& context_;
  std::vector<FieldError> errors_;
  std::vector<Event> events_;
};

// A scheme reference for events decided under the context's scheme.
SchemeRef RefOf(const Scheme& scheme);

// Annex A validation, every invalid field at once ("applicant.uscc", ...).
void ValidateForm(const ApplicationForm& form, Builder& b);

// Certificate checks shared by the certificate commands: a rejection when
// there is no certificate (kState) or it is REVOKED/CANCELLED.
std::optional<Decision> RequireLiveCertificate(const Builder& b, const char* action);

// The file's current cycle when it is open, else nullptr.
const CycleState* OpenCycle(const FileState& state);

// Impartiality of an act that rests on audits (domain.md §1, §9.8): a
// kForbidden/kConflictOfInterest refusal when the acting committee member or
// the named `approver` (empty: none named) sat on the team of one of
// `audit_ids`; nullopt otherwise. `act` completes "... and may not <act>".
std::optional<Decision> RequireImpartial(const Builder& b, const std::vector<std::string>& audit_ids,
                                         const std::string& approver, const std::string& act);

// One overload per command, in decide_*.cc by group. A command without one
// does not compile (Decide visits every alternative).
// decide_application.cc
Decision DecideCommand(const SubmitApplication& c, Builder& b);
Decision DecideCommand(const RequestMaterials& c, Builder& b);
Decision DecideCommand(const SupplementMaterials& c, Builder& b);
Decision DecideCommand(const DecideAcceptance& c, Builder& b);
Decision DecideCommand(const WithdrawApplication& c, Builder& b);
Decision DecideCommand(const ApplyForRecertification& c, Builder& b);
// decide_audit.cc
Decision DecideCommand(const PlanAudit& c, Builder& b);
Decision DecideCommand(const RecordFinding& c, Builder& b);
Decision DecideCommand(const CloseFinding& c, Builder& b);
Decision DecideCommand(const RecordScores& c, Builder& b);
Decision DecideCommand(const SubmitReport& c, Builder& b);
Decision DecideCommand(const ApproveReport& c, Builder& b);
Decision DecideCommand(const CompleteSurveillanceAudit& c, Builder& b);
// decide_decision.cc
Decision DecideCommand(const ReviewFile& c, Builder& b);
Decision DecideCommand(const DecideCertification& c, Builder& b);
Decision DecideCommand(const NotifyDecision& c, Builder& b);
Decision DecideCommand(const FulfilConditions& c, Builder& b);
Decision DecideCommand(const IssueCertificate& c, Builder& b);
// decide_certificate.cc
Decision DecideCommand(const ChangeCertificate& c, Builder& b);
Decision DecideCommand(const ReissueCertificate& c, Builder& b);
Decision DecideCommand(const ReportMajorChange& c, Builder& b);
Decision DecideCommand(const ReceiveComplaint& c, Builder& b);
Decision DecideCommand(const RecordSurveillanceRefusal& c, Builder& b);
// decide_followup.cc
Decision DecideCommand(const MaintainCertification& c, Builder& b);
Decision DecideCommand(const WaiveSpecialAudit& c, Builder& b);
// decide_status.cc
Decision DecideCommand(const SuspendCertificate& c, Builder& b);
Decision DecideCommand(const SubmitRectification& c, Builder& b);
Decision DecideCommand(const VerifyRectification& c, Builder& b);
Decision DecideCommand(const ReinstateCertificate& c, Builder& b);
Decision DecideCommand(const OpenRevocationProceeding& c, Builder& b);
Decision DecideCommand(const CloseRevocationProceeding& c, Builder& b);
Decision DecideCommand(const IssueRevocationNotice& c, Builder& b);
Decision DecideCommand(const FileAppeal& c, Builder& b);
Decision DecideCommand(const DecideAppeal& c, Builder& b);
Decision DecideCommand(const RevokeCertificate& c, Builder& b);
Decision DecideCommand(const RequestCancellation& c, Builder& b);
Decision DecideCommand(const CancelCertificate& c, Builder& b);
Decision DecideCommand(const AnnounceCancellation& c, Builder& b);

}  // namespace certreg::domain::internal
