// The events of application, audit and decision (domain.md §3.1-3.3), and
// the values several events carry. Each struct is named by its wire name and
// carries it as kName. Part of the catalogue: include certreg/domain/events.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
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
  // The lapse is notified like a decision: the lapse's date + the scheme's
  // notice working days. None on lapses recorded before it was carried.
  std::optional<Date> notice_due_on;
  friend bool operator==(const ConditionalApprovalLapsed&, const ConditionalApprovalLapsed&) = default;
};

}  // namespace certreg::domain
