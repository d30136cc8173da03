// The commands of the certification procedure (api.md's write endpoints).
// Commands are imperative; each names what the caller wants recorded. Time,
// actor and new ids arrive in the command (CommandContext), so deciding is pure.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "certreg/domain/application_form.h"
#include "certreg/domain/events.h"
#include "certreg/domain/scoring.h"

namespace certreg::domain {

// Application (§6.1).
struct SubmitApplication { ApplicationForm form; HolderAct act; };
struct RequestMaterials { std::vector<std::string> missing; };
struct SupplementMaterials { std::vector<std::string> supplied; HolderAct act; };
struct DecideAcceptance { bool accept = false; std::string reason; };
struct WithdrawApplication { std::string reason; HolderAct act; };

// Audit (§6.2, §6.4.2).
struct PlanAudit {
  AuditKind kind = AuditKind::kInitial;
  std::string leader;
  std::vector<std::string> members;
  std::optional<Date> start_date;
  int onsite_days = 0;
  std::vector<std::string> sites;
  std::string scope, content, methods;
  SpecialTrigger trigger = SpecialTrigger::kNone;
  std::string trigger_ref;
};
struct RecordFinding {
  std::string audit_id;
  std::string indicator;
  FindingGrade grade = FindingGrade::kObservation;
  std::string description, evidence;
  std::optional<Date> correction_deadline;
};
struct CloseFinding { std::string finding_id; std::string corrective_action, verification; };
struct RecordScores { std::string audit_id; ScoresInput scores; };
struct SubmitReport {
  std::string audit_id;
  std::string conclusion;
  DecisionOutcome recommendation = DecisionOutcome::kApprove;
  std::optional<Date> report_sent_on;
};
struct ApproveReport { std::string audit_id; };
struct CompleteSurveillanceAudit { std::string audit_id; SurveillanceConclusion conclusion = SurveillanceConclusion::kMaintain; };

// Decision (§6.3).
struct ReviewFile { bool process_conforms = false, findings_accurate = false, conclusion_reasonable = false; std::string comments; };
struct DecideCertification { DecisionOutcome outcome = DecisionOutcome::kReject; std::string reason; std::optional<Date> conditions_deadline; };
struct NotifyDecision { Date notified_on; std::string channel; };
struct FulfilConditions {};

// Certificate (§6.4, §7.4, §8).
struct IssueCertificate { std::optional<AddressKind> address_kind; };
struct ChangeCertificate {
  std::optional<std::string> holder_name, address, scope;
  std::optional<AddressKind> address_kind;
  // Required with `scope`: true when the new scope extends the old (it then
  // needs a special audit of it), false when it reduces it (domain.md §3.4).
  std::optional<bool> scope_extension;
  std::string reason, approver;
  HolderAct act;
};
struct ReissueCertificate { ReissueCause cause = ReissueCause::kLost; std::string approver; HolderAct act; };
struct ReportMajorChange { std::string description; HolderAct act; };
struct ReceiveComplaint { std::string summary; HolderAct act; PersonalData complainant; };
struct RecordSurveillanceRefusal { std::string details; };
struct SuspendCertificate { std::string grounds, details, rectification; std::optional<Date> deadline; std::string approver; };
struct SubmitRectification { std::string description, evidence; HolderAct act; };
struct VerifyRectification { bool verified = false; std::string approver; };
struct ReinstateCertificate { std::string approver; };
struct OpenRevocationProceeding {
  std::string grounds, details;
  std::string audit_id;  // optional: the audit the proceeding rests on (impartiality of the appeal)
};
struct CloseRevocationProceeding { std::string reason; };
struct IssueRevocationNotice { std::optional<Date> appeal_deadline; };
struct FileAppeal { std::string grounds; HolderAct act; };
struct DecideAppeal { AppealOutcome outcome = AppealOutcome::kDismissed; std::string reason; std::optional<Date> new_deadline; };
struct RevokeCertificate { std::string reason, approver; };
struct RequestCancellation { std::string reason; HolderAct act; };
struct CancelCertificate { std::string grounds, reason, approver; std::optional<Date> notified_on; };
struct AnnounceCancellation {};
struct ApplyForRecertification { ApplicationForm form; HolderAct act; };

using Command = std::variant<
    SubmitApplication, RequestMaterials, SupplementMaterials, DecideAcceptance, WithdrawApplication, PlanAudit,
    RecordFinding, CloseFinding, RecordScores, SubmitReport, ApproveReport, CompleteSurveillanceAudit, ReviewFile,
    DecideCertification, NotifyDecision, FulfilConditions, IssueCertificate, ChangeCertificate, ReissueCertificate,
    ReportMajorChange, ReceiveComplaint, RecordSurveillanceRefusal, SuspendCertificate, SubmitRectification,
    VerifyRectification, ReinstateCertificate, OpenRevocationProceeding, CloseRevocationProceeding,
    IssueRevocationNotice, FileAppeal, DecideAppeal, RevokeCertificate, RequestCancellation, CancelCertificate,
    AnnounceCancellation, ApplyForRecertification>;

// The command's name, e.g. "SuspendCertificate".
std::string_view CommandName(const Command& command);

}  // namespace certreg::domain
