// The commands of the certification procedure (api.md's write endpoints).
// Commands are imperative; each names what the caller wants recorded. Time,
// actor and new ids arrive in the command (CommandContext), so deciding is pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "certreg/domain/application_form.h"
#include "certreg/domain/events.h"
#include "certreg/domain/scoring.h"

namespace certreg::domain {

// Application (§6.1).
struct SubmitApplication {
  static constexpr std::string_view kName = "SubmitApplication";
  ApplicationForm form;
  HolderAct act;
};
struct RequestMaterials {
  static constexpr std::string_view kName = "RequestMaterials";
  std::vector<std::string> missing;
};
struct SupplementMaterials {
  static constexpr std::string_view kName = "SupplementMaterials";
  std::vector<std::string> supplied;
  HolderAct act;
};
struct DecideAcceptance {
  static constexpr std::string_view kName = "DecideAcceptance";
  bool accept = false;
  std::string reason;
};
struct WithdrawApplication {
  static constexpr std::string_view kName = "WithdrawApplication";
  std::string reason;
  HolderAct act;
};

// Audit (§6.2, §6.4.2).
struct PlanAudit {
  static constexpr std::string_view kName = "PlanAudit";
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
  static constexpr std::string_view kName = "RecordFinding";
  std::string audit_id;
  std::string indicator;
  FindingGrade grade = FindingGrade::kObservation;
  std::string description, evidence;
  std::optional<Date> correction_deadline;
};
struct CloseFinding {
  static constexpr std::string_view kName = "CloseFinding";
  std::string finding_id;
  std::string corrective_action, verification;
};
struct RecordScores {
  static constexpr std::string_view kName = "RecordScores";
  std::string audit_id;
  ScoresInput scores;
};
struct SubmitReport {
  static constexpr std::string_view kName = "SubmitReport";
  std::string audit_id;
  std::string conclusion;
  DecisionOutcome recommendation = DecisionOutcome::kApprove;
  std::optional<Date> report_sent_on;
};
struct ApproveReport {
  static constexpr std::string_view kName = "ApproveReport";
  std::string audit_id;
};
struct CompleteSurveillanceAudit {
  static constexpr std::string_view kName = "CompleteSurveillanceAudit";
  std::string audit_id;
  SurveillanceConclusion conclusion = SurveillanceConclusion::kMaintain;
};

// Decision (§6.3).
struct ReviewFile {
  static constexpr std::string_view kName = "ReviewFile";
  bool process_conforms = false, findings_accurate = false, conclusion_reasonable = false;
  std::string comments;
};
struct DecideCertification {
  static constexpr std::string_view kName = "DecideCertification";
  DecisionOutcome outcome = DecisionOutcome::kReject;
  std::string reason;
  std::optional<Date> conditions_deadline;
};
struct NotifyDecision {
  static constexpr std::string_view kName = "NotifyDecision";
  Date notified_on;
  std::string channel;
};
struct FulfilConditions {
  static constexpr std::string_view kName = "FulfilConditions";
};

// Certificate (§6.4, §7.4, §8).
struct IssueCertificate {
  static constexpr std::string_view kName = "IssueCertificate";
  std::optional<AddressKind> address_kind;
};
struct ChangeCertificate {
  static constexpr std::string_view kName = "ChangeCertificate";
  std::optional<std::string> holder_name, address, scope;
  std::optional<AddressKind> address_kind;
  // Required with `scope`: true when the new scope extends the old (it then
  // needs a special audit of it), false when it reduces it (domain.md §3.4).
  std::optional<bool> scope_extension;
  std::string reason, approver;
  HolderAct act;
};
struct ReissueCertificate {
  static constexpr std::string_view kName = "ReissueCertificate";
  ReissueCause cause = ReissueCause::kLost;
  std::string approver;
  HolderAct act;
};
struct ReportMajorChange {
  static constexpr std::string_view kName = "ReportMajorChange";
  std::string description;
  HolderAct act;
};
struct ReceiveComplaint {
  static constexpr std::string_view kName = "ReceiveComplaint";
  std::string summary;
  HolderAct act;
  PersonalData complainant;
};
struct RecordSurveillanceRefusal {
  static constexpr std::string_view kName = "RecordSurveillanceRefusal";
  std::string details;
};
// The committee keeps the certificate as it is after a surveillance or special
// audit concluded suspend or revoke (domain.md §9.6).
struct MaintainCertification {
  static constexpr std::string_view kName = "MaintainCertification";
  std::string reason;
};
// The committee decides no special audit is needed for the major changes and
// complaints that made one owed (domain.md §9.7).
struct WaiveSpecialAudit {
  static constexpr std::string_view kName = "WaiveSpecialAudit";
  std::string reason;
};
struct SuspendCertificate {
  static constexpr std::string_view kName = "SuspendCertificate";
  std::string grounds, details, rectification;
  std::optional<Date> deadline;
  std::string approver;
  std::string audit_id = {};  // optional: the audit the suspension rests on (impartiality, domain.md §9.8)
};
struct SubmitRectification {
  static constexpr std::string_view kName = "SubmitRectification";
  std::string description, evidence;
  HolderAct act;
};
struct VerifyRectification {
  static constexpr std::string_view kName = "VerifyRectification";
  bool verified = false;
  std::string approver;
};
struct ReinstateCertificate {
  static constexpr std::string_view kName = "ReinstateCertificate";
  std::string approver;
};
struct OpenRevocationProceeding {
  static constexpr std::string_view kName = "OpenRevocationProceeding";
  std::string grounds, details;
  std::string audit_id;  // optional: the audit the proceeding rests on (impartiality of the appeal)
};
struct CloseRevocationProceeding {
  static constexpr std::string_view kName = "CloseRevocationProceeding";
  std::string reason;
};
struct IssueRevocationNotice {
  static constexpr std::string_view kName = "IssueRevocationNotice";
  std::optional<Date> appeal_deadline;
};
struct FileAppeal {
  static constexpr std::string_view kName = "FileAppeal";
  std::string grounds;
  HolderAct act;
};
struct DecideAppeal {
  static constexpr std::string_view kName = "DecideAppeal";
  AppealOutcome outcome = AppealOutcome::kDismissed;
  std::string reason;
  std::optional<Date> new_deadline;
};
struct RevokeCertificate {
  static constexpr std::string_view kName = "RevokeCertificate";
  std::string reason, approver;
};
struct RequestCancellation {
  static constexpr std::string_view kName = "RequestCancellation";
  std::string reason;
  HolderAct act;
};
struct CancelCertificate {
  static constexpr std::string_view kName = "CancelCertificate";
  std::string grounds, reason, approver;
  std::optional<Date> notified_on;
  std::string audit_id = {};  // optional: the audit the cancellation rests on (impartiality, domain.md §9.8)
};
struct AnnounceCancellation {
  static constexpr std::string_view kName = "AnnounceCancellation";
};
struct ApplyForRecertification {
  static constexpr std::string_view kName = "ApplyForRecertification";
  ApplicationForm form;
  HolderAct act;
};

using Command = std::variant<
    SubmitApplication, RequestMaterials, SupplementMaterials, DecideAcceptance, WithdrawApplication, PlanAudit,
    RecordFinding, CloseFinding, RecordScores, SubmitReport, ApproveReport, CompleteSurveillanceAudit, ReviewFile,
    DecideCertification, NotifyDecision, FulfilConditions, IssueCertificate, ChangeCertificate, ReissueCertificate,
    ReportMajorChange, ReceiveComplaint, RecordSurveillanceRefusal, MaintainCertification, WaiveSpecialAudit,
    SuspendCertificate, SubmitRectification,
    VerifyRectification, ReinstateCertificate, OpenRevocationProceeding, CloseRevocationProceeding,
    IssueRevocationNotice, FileAppeal, DecideAppeal, RevokeCertificate, RequestCancellation, CancelCertificate,
    AnnounceCancellation, ApplyForRecertification>;

// The command's name: its struct's kName, e.g. "SuspendCertificate".
std::string_view CommandName(const Command& command);

}  // namespace certreg::domain
