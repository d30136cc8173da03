// The complete event catalogue of domain.md §3: one struct per event type,
// named by its wire name, which it also carries as kName. Events are facts:
// every field the rule names, every derived date that starts a clock, and the
// scheme that gave it meaning.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "certreg/domain/application_form.h"
#include "certreg/domain/date.h"
#include "certreg/domain/values.h"

namespace certreg::domain {

// The scheme an event was decided under (domain.md §5).
struct SchemeRef {
  std::string id;       // "CMM-525-0010"
  std::string version;  // "V1.0"
  std::string sha256;   // hex of the scheme file
  friend bool operator==(const SchemeRef&, const SchemeRef&) = default;
};

// An act of the holder recorded by a clerk (domain.md §1): submitted_by holder.
struct HolderAct {
  Date received_on;     // the act's effective date
  std::string channel;  // "email", "post", "in_person", "portal", ... free text
  friend bool operator==(const HolderAct&, const HolderAct&) = default;
};

// The §7.2.2 evaluation results carried by the certificate.
struct EvaluationResults {
  double quality = 0, efficiency = 0, effect = 0;
  double service_characteristic = 0;  // Σ service area × weight
  double organisation = 0, personnel = 0, goods = 0, live_information = 0, consumer_protection = 0;
  double service_management = 0;  // Σ management area × weight
  QmsResult qms = QmsResult::kConforms;
  double enhancement = 0;
  double comprehensive = 0;
  friend bool operator==(const EvaluationResults&, const EvaluationResults&) = default;
};

// --- 3.1 Application ---------------------------------------------------------

struct ApplicationSubmitted {
  static constexpr std::string_view kName = "ApplicationSubmitted";
  std::string file_id;
  ApplicationForm form;
  HolderAct act;
  Date due_on;  // acceptance deadline: act.received_on + acceptance working days
  SchemeRef scheme;
  friend bool operator==(const ApplicationSubmitted&, const ApplicationSubmitted&) = default;
};

struct MaterialsRequested {
  static constexpr std::string_view kName = "MaterialsRequested";
  std::vector<std::string> missing;  // every gap at once (一次性告知)
  friend bool operator==(const MaterialsRequested&, const MaterialsRequested&) = default;
};

struct MaterialsSupplemented {
  static constexpr std::string_view kName = "MaterialsSupplemented";
  std::vector<std::string> supplied;
  HolderAct act;
  Date due_on;  // the acceptance clock restarts
  friend bool operator==(const MaterialsSupplemented&, const MaterialsSupplemented&) = default;
};

struct ApplicationAccepted {
  static constexpr std::string_view kName = "ApplicationAccepted";
  bool late = false;  // answered after due_on: recorded and flagged, not refused
  friend bool operator==(const ApplicationAccepted&, const ApplicationAccepted&) = default;
};

struct ApplicationDeclined {
  static constexpr std::string_view kName = "ApplicationDeclined";
  std::string reason;
  bool late = false;
  friend bool operator==(const ApplicationDeclined&, const ApplicationDeclined&) = default;
};

struct ApplicationWithdrawn {
  static constexpr std::string_view kName = "ApplicationWithdrawn";
  std::string reason;
  HolderAct act;
  bool recertification = false;  // true: it withdrew an open recertification, the certificate runs on
  friend bool operator==(const ApplicationWithdrawn&, const ApplicationWithdrawn&) = default;
};

// --- 3.2 Audit and evaluation ----------------------------------------------

struct AuditTeamAssigned {
  static constexpr std::string_view kName = "AuditTeamAssigned";
  std::string audit_id;
  AuditKind kind = AuditKind::kInitial;
  std::string leader;                // user name
  std::vector<std::string> members;  // user names, leader excluded
  friend bool operator==(const AuditTeamAssigned&, const AuditTeamAssigned&) = default;
};

struct AuditPlanned {
  static constexpr std::string_view kName = "AuditPlanned";
  std::string audit_id;
  AuditKind kind = AuditKind::kInitial;
  Date start_date;
  int onsite_days = 0;
  std::vector<std::string> sites;
  std::string scope, content, methods;
  SpecialTrigger trigger = SpecialTrigger::kNone;  // special audits only
  std::string trigger_ref;                         // e.g. the complaint or report it follows
  SchemeRef scheme;
  friend bool operator==(const AuditPlanned&, const AuditPlanned&) = default;
};

struct FindingRecorded {
  static constexpr std::string_view kName = "FindingRecorded";
  std::string audit_id;
  std::string finding_id;
  std::string indicator;  // a finding code of the scheme
  FindingGrade grade = FindingGrade::kObservation;
  std::string description;
  std::string evidence;
  std::optional<Date> correction_deadline;  // required for major/minor findings of surveillance and special audits
  friend bool operator==(const FindingRecorded&, const FindingRecorded&) = default;
};

struct FindingClosed {
  static constexpr std::string_view kName = "FindingClosed";
  std::string audit_id;
  std::string finding_id;
  std::string corrective_action;
  std::string verification;
  friend bool operator==(const FindingClosed&, const FindingClosed&) = default;
};

struct ScoresRecorded {
  static constexpr std::string_view kName = "ScoresRecorded";
  std::string audit_id;
  std::map<std::string, double> management;           // indicator -> score
  std::map<std::string, double> service;              // service area -> figure
  std::map<std::string, std::vector<double>> sheets;  // sheet -> items
  std::map<std::string, double> enhancement;          // enhancement indicator -> score
  // Derived under `scheme` when recorded, so a replay never recomputes a fact.
  std::map<std::string, double> areas;
  double service_characteristic = 0, service_management = 0, enhancement_score = 0, comprehensive = 0;
  bool complete = false;
  bool all_thresholds_met = false;
  SchemeRef scheme;
  friend bool operator==(const ScoresRecorded&, const ScoresRecorded&) = default;
};

struct AuditReportSubmitted {
  static constexpr std::string_view kName = "AuditReportSubmitted";
  std::string audit_id;
  std::string conclusion;
  DecisionOutcome recommendation = DecisionOutcome::kApprove;
  std::optional<Date> report_sent_on;  // sent to the organisation (§10.3.3 item 4)
  friend bool operator==(const AuditReportSubmitted&, const AuditReportSubmitted&) = default;
};

struct AuditReportApproved {
  static constexpr std::string_view kName = "AuditReportApproved";
  std::string audit_id;
  friend bool operator==(const AuditReportApproved&, const AuditReportApproved&) = default;
};

// Annex B.4 row: date (the audit's start date), kind, conclusion, team leader.
struct SurveillanceAuditCompleted {
  static constexpr std::string_view kName = "SurveillanceAuditCompleted";
  std::string audit_id;
  AuditKind kind = AuditKind::kSurveillance;
  Date audit_date;
  SurveillanceConclusion conclusion = SurveillanceConclusion::kMaintain;
  std::string team_leader;
  std::optional<Date> next_surveillance_due;  // moved by annual surveillance only
  friend bool operator==(const SurveillanceAuditCompleted&, const SurveillanceAuditCompleted&) = default;
};

// --- 3.3 Decision ------------------------------------------------------------

struct CommitteeReviewed {
  static constexpr std::string_view kName = "CommitteeReviewed";
  std::string audit_id;
  bool process_conforms = false;
  bool findings_accurate = false;
  bool conclusion_reasonable = false;
  std::string comments;
  friend bool operator==(const CommitteeReviewed&, const CommitteeReviewed&) = default;
};

struct CertificationDecided {
  static constexpr std::string_view kName = "CertificationDecided";
  std::string audit_id;
  DecisionOutcome outcome = DecisionOutcome::kReject;
  std::string reason;
  std::vector<std::string> conditional_findings;  // conditional: every minor finding open at decision time
  std::optional<Date> conditions_deadline;
  Date notice_due_on;  // decision date + notice working days
  SchemeRef scheme;
  friend bool operator==(const CertificationDecided&, const CertificationDecided&) = default;
};

struct DecisionNotified {
  static constexpr std::string_view kName = "DecisionNotified";
  Date notified_on;
  std::string channel;
  bool late = false;
  friend bool operator==(const DecisionNotified&, const DecisionNotified&) = default;
};

struct ConditionsFulfilled {
  static constexpr std::string_view kName = "ConditionsFulfilled";
  friend bool operator==(const ConditionsFulfilled&, const ConditionsFulfilled&) = default;
};

struct ConditionalApprovalLapsed {
  static constexpr std::string_view kName = "ConditionalApprovalLapsed";
  Date conditions_deadline;
  friend bool operator==(const ConditionalApprovalLapsed&, const ConditionalApprovalLapsed&) = default;
};

// --- 3.4 Certificate ---------------------------------------------------------

struct CertificateIssued {
  static constexpr std::string_view kName = "CertificateIssued";
  std::string certificate_no;
  std::string holder_name;
  std::string address;
  AddressKind address_kind = AddressKind::kRegistered;
  std::string uscc;
  std::string scope;
  std::string basis;
  Date valid_from;
  Date valid_until;
  Date issue_date;
  Date first_issued_on;
  std::string certification_body;
  std::string category, field, mode;
  EvaluationResults evaluation;
  Date next_surveillance_due;
  std::string audit_id;  // the audit the decision rests on
  SchemeRef scheme;
  friend bool operator==(const CertificateIssued&, const CertificateIssued&) = default;
};

// One changed item of an Annex B.2 row.
struct ChangedItem {
  std::string field;  // holder_name | address | address_kind | scope
  std::string before;
  std::string after;
  friend bool operator==(const ChangedItem&, const ChangedItem&) = default;
};

struct CertificateChanged {
  static constexpr std::string_view kName = "CertificateChanged";
  std::vector<ChangedItem> changes;
  std::string reason;
  std::string approver;
  HolderAct act;
  friend bool operator==(const CertificateChanged&, const CertificateChanged&) = default;
};

struct CertificateReissued {
  static constexpr std::string_view kName = "CertificateReissued";
  ReissueCause cause = ReissueCause::kLost;
  std::string approver;
  HolderAct act;
  friend bool operator==(const CertificateReissued&, const CertificateReissued&) = default;
};

struct MajorChangeReported {
  static constexpr std::string_view kName = "MajorChangeReported";
  std::string report_id;
  std::string description;
  HolderAct act;
  friend bool operator==(const MajorChangeReported&, const MajorChangeReported&) = default;
};

struct ComplaintReceived {
  static constexpr std::string_view kName = "ComplaintReceived";
  std::string complaint_id;
  std::string summary;
  HolderAct act;             // received_on and channel of the complaint
  PersonalData complainant;  // personal; may be empty
  friend bool operator==(const ComplaintReceived&, const ComplaintReceived&) = default;
};

struct SurveillanceRefused {
  static constexpr std::string_view kName = "SurveillanceRefused";
  std::string details;
  friend bool operator==(const SurveillanceRefused&, const SurveillanceRefused&) = default;
};

struct CertificateSuspended {
  static constexpr std::string_view kName = "CertificateSuspended";
  std::string grounds;  // 8.2.1-1 .. 8.2.1-4
  std::string details;
  std::string rectification;  // what must be rectified
  Date deadline;
  std::string approver;
  friend bool operator==(const CertificateSuspended&, const CertificateSuspended&) = default;
};

struct RectificationSubmitted {
  static constexpr std::string_view kName = "RectificationSubmitted";
  std::string description;
  std::string evidence;
  HolderAct act;
  friend bool operator==(const RectificationSubmitted&, const RectificationSubmitted&) = default;
};

struct RectificationVerified {
  static constexpr std::string_view kName = "RectificationVerified";
  bool verified = false;
  std::string approver;
  friend bool operator==(const RectificationVerified&, const RectificationVerified&) = default;
};

struct CertificateReinstated {
  static constexpr std::string_view kName = "CertificateReinstated";
  std::string approver;
  friend bool operator==(const CertificateReinstated&, const CertificateReinstated&) = default;
};

struct RevocationProceedingOpened {
  static constexpr std::string_view kName = "RevocationProceedingOpened";
  std::string grounds;  // 8.2.2-1 .. 8.2.2-5
  std::string details;
  std::string audit_id;  // the audit it rests on, if any: its team may not decide the appeal
  friend bool operator==(const RevocationProceedingOpened&, const RevocationProceedingOpened&) = default;
};

struct RevocationNoticeIssued {
  static constexpr std::string_view kName = "RevocationNoticeIssued";
  std::string grounds;
  std::string details;
  Date appeal_deadline;
  friend bool operator==(const RevocationNoticeIssued&, const RevocationNoticeIssued&) = default;
};

struct AppealFiled {
  static constexpr std::string_view kName = "AppealFiled";
  std::string grounds;  // the holder's grounds, free text
  HolderAct act;
  friend bool operator==(const AppealFiled&, const AppealFiled&) = default;
};

struct AppealDecided {
  static constexpr std::string_view kName = "AppealDecided";
  AppealOutcome outcome = AppealOutcome::kDismissed;
  std::string reason;
  std::optional<Date> new_deadline;  // upheld on grounds 8.2.2-5: the new rectification deadline
  friend bool operator==(const AppealDecided&, const AppealDecided&) = default;
};

struct RevocationProceedingClosed {
  static constexpr std::string_view kName = "RevocationProceedingClosed";
  std::string reason;
  friend bool operator==(const RevocationProceedingClosed&, const RevocationProceedingClosed&) = default;
};

struct CertificateRevoked {
  static constexpr std::string_view kName = "CertificateRevoked";
  std::string grounds;  // the proceeding's grounds
  std::string reason;
  std::string approver;
  friend bool operator==(const CertificateRevoked&, const CertificateRevoked&) = default;
};

struct CancellationRequested {
  static constexpr std::string_view kName = "CancellationRequested";
  std::string reason;
  HolderAct act;
  friend bool operator==(const CancellationRequested&, const CancellationRequested&) = default;
};

struct CertificateCancelled {
  static constexpr std::string_view kName = "CertificateCancelled";
  std::string grounds;  // 8.2.3-1 .. 8.2.3-4
  std::string reason;
  std::string approver;
  std::optional<Date> notified_on;
  friend bool operator==(const CertificateCancelled&, const CertificateCancelled&) = default;
};

struct CancellationAnnounced {
  static constexpr std::string_view kName = "CancellationAnnounced";
  friend bool operator==(const CancellationAnnounced&, const CancellationAnnounced&) = default;
};

struct RecertificationApplied {
  static constexpr std::string_view kName = "RecertificationApplied";
  ApplicationForm form;
  HolderAct act;
  Date due_on;  // acceptance deadline
  SchemeRef scheme;
  friend bool operator==(const RecertificationApplied&, const RecertificationApplied&) = default;
};

struct CertificateRenewed {
  static constexpr std::string_view kName = "CertificateRenewed";
  std::string certificate_no;
  Date previous_valid_until;
  Date valid_from;
  Date valid_until;
  Date issue_date;
  EvaluationResults evaluation;
  Date next_surveillance_due;
  std::string audit_id;
  SchemeRef scheme;
  friend bool operator==(const CertificateRenewed&, const CertificateRenewed&) = default;
};

using EventBody = std::variant<
    ApplicationSubmitted, MaterialsRequested, MaterialsSupplemented, ApplicationAccepted, ApplicationDeclined,
    ApplicationWithdrawn, AuditTeamAssigned, AuditPlanned, FindingRecorded, FindingClosed, ScoresRecorded,
    AuditReportSubmitted, AuditReportApproved, SurveillanceAuditCompleted, CommitteeReviewed, CertificationDecided,
    DecisionNotified, ConditionsFulfilled, ConditionalApprovalLapsed, CertificateIssued, CertificateChanged,
    CertificateReissued, MajorChangeReported, ComplaintReceived, SurveillanceRefused, CertificateSuspended,
    RectificationSubmitted, RectificationVerified, CertificateReinstated, RevocationProceedingOpened,
    RevocationNoticeIssued, AppealFiled, AppealDecided, RevocationProceedingClosed, CertificateRevoked,
    CancellationRequested, CertificateCancelled, CancellationAnnounced, RecertificationApplied, CertificateRenewed>;

// The wire name of an event body's type: its struct's kName, e.g. "CertificateSuspended".
std::string_view EventTypeName(const EventBody& body);

// Who recorded an event.
struct Actor {
  std::string name;      // user name; "system" for time-driven events
  std::string role;      // clerk | auditor | committee | regulator | admin | system
  std::string token_id;  // empty for system
  friend bool operator==(const Actor&, const Actor&) = default;
  static Actor System() { return Actor{"system", "system", ""}; }
};

// An event as the domain sees it: the body plus what the envelope says about it.
struct Event {
  EventBody body;
  Date effective_date;
  Actor actor;
  Date recorded_on;                     // the recording date in the registry's time zone (today, for a new one)
  std::int64_t recorded_at_micros = 0;  // 0 for an event not yet recorded
  std::uint64_t version = 0;            // stream version; 0 for an event not yet recorded
};

}  // namespace certreg::domain
