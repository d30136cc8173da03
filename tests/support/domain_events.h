// Event builders for the common history of a certification file, by field
// name, for the deciders' Given / Then (support/decider_spec.h). Every builder
// states the event the deciders record on kGivenOn for the fixtures of
// lifecycle_fixture.h (ValidForm, the users); arguments vary what a case needs.
// The histories at the end are the usual starting points, one step each.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "support/decider_spec.h"

namespace certreg::testing {

inline SchemeRef BuiltInRef() {
  const Scheme& s = scheme::BuiltInScheme();
  return {.id = s.id, .version = s.version, .sha256 = s.sha256};
}

// A holder's act received by e-mail on `on`.
inline HolderAct Act(Date on = kGivenOn) { return {.received_on = on, .channel = "email"}; }
inline HolderAct Act(const char* on) { return Act(D(on)); }

// --- Application --------------------------------------------------------------

inline ApplicationSubmitted Applied() {
  return {.file_id = "F-1", .form = ValidForm(), .act = Act(), .due_on = D("2026-03-09"), .scheme = BuiltInRef()};
}
inline MaterialsRequested MaterialsAsked() { return {.missing = {"营业执照副本", "质量手册"}}; }
inline ApplicationAccepted Accepted() { return {.late = false}; }

// --- Audit --------------------------------------------------------------------

// zhang.wei leads, wang.fang is the member.
inline AuditTeamAssigned TeamAssigned(const std::string& audit = "A1", AuditKind kind = AuditKind::kInitial) {
  return {.audit_id = audit, .kind = kind, .leader = Leader().name, .members = {Member().name}};
}
inline AuditPlanned AuditPlannedEv(const std::string& audit = "A1", AuditKind kind = AuditKind::kInitial) {
  const bool cycle = kind == AuditKind::kInitial || kind == AuditKind::kRecertification;
  return {.audit_id = audit,
          .kind = kind,
          .start_date = kGivenOn,
          .onsite_days = cycle ? 5 : 2,
          .sites = {"杭州总部"},
          .scope = ValidForm().scope,
          .trigger = kind == AuditKind::kSpecial ? SpecialTrigger::kComplaint : SpecialTrigger::kNone,
          .scheme = BuiltInRef()};
}
inline FindingRecorded FindingEv(const std::string& finding = "F1", FindingGrade grade = FindingGrade::kMinor,
                                 const std::string& audit = "A1") {
  return {.audit_id = audit,
          .finding_id = finding,
          .indicator = "9.4.3",
          .grade = grade,
          .description = "直播信息审核记录不全",
          .evidence = "抽查记录"};
}
inline FindingClosed FindingClosedEv(const std::string& finding = "F1", const std::string& audit = "A1") {
  return {.audit_id = audit, .finding_id = finding, .corrective_action = "补全审核记录", .verification = "复核通过"};
}

// The evaluation a complete, passing assessment carries (Scored and the certificate):
// service areas 88, 90 and 86, every management area 96.
inline EvaluationResults Evaluated() {
  EvaluationResults e{.quality = 88, .efficiency = 90, .effect = 86, .service_characteristic = 88.1};
  e.organisation = e.personnel = e.goods = e.live_information = e.consumer_protection = 96;
  e.service_management = 96;
  e.enhancement = 12.6;
  e.comprehensive = 93;
  return e;
}
// Complete scores meeting every threshold, whose areas and sums are Evaluated().
inline ScoresRecorded Scored(const std::string& audit = "A1") {
  const EvaluationResults e = Evaluated();
  ScoresRecorded scores{.audit_id = audit,
                        .areas = {{"quality", e.quality}, {"efficiency", e.efficiency}, {"effect", e.effect}},
                        .service_characteristic = e.service_characteristic,
                        .service_management = e.service_management,
                        .enhancement_score = e.enhancement,
                        .comprehensive = e.comprehensive,
                        .complete = true,
                        .all_thresholds_met = true,
                        .scheme = BuiltInRef()};
  for (const AreaDef& area : scheme::BuiltInScheme().areas) {
    if (area.group == "management") scores.areas[area.id] = e.organisation;
  }
  return scores;
}
inline AuditReportSubmitted ReportSubmitted(const std::string& audit = "A1") {
  return {.audit_id = audit, .conclusion = "符合认证要求", .recommendation = DecisionOutcome::kApprove};
}
inline AuditReportApproved ReportApproved(const std::string& audit = "A1") { return {.audit_id = audit}; }

// --- Decision -----------------------------------------------------------------

inline CommitteeReviewed Reviewed(const std::string& audit = "A1") {
  return {.audit_id = audit,
          .process_conforms = true,
          .findings_accurate = true,
          .conclusion_reasonable = true,
          .comments = "审查通过"};
}
inline CertificationDecided Decided(const std::string& audit = "A1") {
  return {.audit_id = audit,
          .outcome = DecisionOutcome::kApprove,
          .notice_due_on = D("2026-03-09"),
          .scheme = BuiltInRef()};
}
// Conditional on the open minor finding F1, to be fulfilled by `deadline`.
inline CertificationDecided DecidedConditionally(const char* deadline = "2026-04-30") {
  return {.audit_id = "A1",
          .outcome = DecisionOutcome::kConditional,
          .conditional_findings = {"F1"},
          .conditions_deadline = D(deadline),
          .notice_due_on = D("2026-03-09"),
          .scheme = BuiltInRef()};
}
// Rejected with `reason`, the notice due in five working days.
inline CertificationDecided DecidedToReject(const char* reason = "管理要求不符合") {
  return {.audit_id = "A1",
          .outcome = DecisionOutcome::kReject,
          .reason = reason,
          .notice_due_on = D("2026-03-09"),
          .scheme = BuiltInRef()};
}
inline DecisionNotified Notified() { return {.notified_on = kGivenOn, .channel = "email"}; }

// --- Certificate --------------------------------------------------------------

inline CertificateIssued Issued() {
  const Scheme& s = scheme::BuiltInScheme();
  const ApplicationForm form = ValidForm();
  return {.certificate_no = kNewCertificateNo,
          .holder_name = form.applicant.name,
          .address = form.applicant.address,
          .uscc = form.applicant.uscc,
          .scope = form.scope,
          .basis = s.basis,
          .valid_from = kGivenOn,
          .valid_until = D("2029-03-01"),
          .issue_date = kGivenOn,
          .first_issued_on = kGivenOn,
          .certification_body = s.certification_body,
          .category = s.category,
          .field = s.field,
          .mode = s.mode,
          .evaluation = Evaluated(),
          .next_surveillance_due = D("2027-03-02"),
          .audit_id = "A1",
          .scheme = BuiltInRef()};
}
// The renewal of Certified() on 2029-01-04 after the recertification audit A2,
// with the application's items unchanged (domain.md §9.4).
inline CertificateRenewed Renewed() {
  const ApplicationForm form = ValidForm();
  return {.certificate_no = kNewCertificateNo,
          .previous_valid_until = D("2029-03-01"),
          .valid_from = D("2029-03-02"),
          .valid_until = D("2032-03-01"),
          .issue_date = D("2029-01-04"),
          .evaluation = Evaluated(),
          .next_surveillance_due = D("2030-01-04"),
          .audit_id = "A2",
          .scheme = BuiltInRef(),
          .holder_name = form.applicant.name,
          .address = form.applicant.address,
          .scope = form.scope};
}
inline CertificateSuspended Suspended(const char* deadline = "2026-06-30") {
  return {.grounds = "8.2.1-3",
          .details = "一般违法违规行为",
          .rectification = "整改直播信息审核流程",
          .deadline = D(deadline),
          .approver = "陈杰"};
}
inline RectificationSubmitted RectificationSubmittedEv() {
  return {.description = "已整改", .evidence = "整改报告", .act = Act()};
}
inline RectificationVerified RectificationVerifiedEv(bool verified = true) {
  return {.verified = verified, .approver = "陈杰"};
}
inline RevocationProceedingOpened ProceedingOpened(const std::string& audit = "") {
  return {.grounds = "8.2.2-2", .details = "提供虚假材料", .audit_id = audit};
}
inline RevocationNoticeIssued NoticeIssued(const char* appeal_deadline = "2026-03-20") {
  return {.grounds = "8.2.2-2", .details = "提供虚假材料", .appeal_deadline = D(appeal_deadline)};
}
inline AppealFiled AppealFiledEv() { return {.grounds = "材料真实，请求复核", .act = Act()}; }
inline CertificateRevoked Revoked() { return {.grounds = "8.2.2-2", .reason = "调查属实", .approver = "陈杰"}; }
inline CertificateCancelled Cancelled() {
  return {.grounds = "8.2.3-4", .reason = "其他应当注销的情形", .approver = "陈杰"};
}
inline RecertificationApplied RecertificationAppliedEv(Date on) {
  return {.form = ValidForm(), .act = Act(on), .due_on = on.AddDays(7), .scheme = BuiltInRef()};
}

// --- Histories ----------------------------------------------------------------

// Accepted, with the initial audit A1 planned.
inline std::vector<Event> InAudit() { return History(Applied(), Accepted(), TeamAssigned(), AuditPlannedEv()); }
// A1 scored, reported and its report approved: awaiting the committee's review.
inline std::vector<Event> ReportApprovedHistory() {
  return History(InAudit(), Scored(), ReportSubmitted(), ReportApproved());
}
// Reviewed: awaiting the decision.
inline std::vector<Event> ReviewedHistory() { return History(ReportApprovedHistory(), Reviewed()); }
// Approved and notified: awaiting the certificate.
inline std::vector<Event> ApprovedHistory() { return History(ReviewedHistory(), Decided(), Notified()); }
// Certificate CMM-525-2026-00001 VALID from 2026-03-02 to 2029-03-01.
inline std::vector<Event> Certified() { return History(ApprovedHistory(), Issued()); }

}  // namespace certreg::testing
