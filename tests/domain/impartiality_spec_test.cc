// Impartiality of the status acts (domain.md §9 amendment 8, §11.2.1): a
// suspension, a revocation proceeding, a revocation or a cancellation that
// rests on an audit may be neither decided nor approved by a member of that
// audit's team. Given events / When a command / Then events or a refusal.
// zhang.wei leads and wang.fang sits on every audit of the fixtures;
// ConflictedCommittee() is wang.fang acting as a committee member.
#include "support/domain_events.h"

using namespace certreg::testing;

namespace {

// Surveillance audit A2 found F1 (minor), to be corrected by 2026-04-01, and
// it was not.
std::vector<Event> FindingUncorrected() {
  FindingRecorded finding = FindingEv("F1", FindingGrade::kMinor, "A2");
  finding.correction_deadline = D("2026-04-01");
  return History(Certified(), TeamAssigned("A2", AuditKind::kSurveillance),
                 AuditPlannedEv("A2", AuditKind::kSurveillance), finding);
}

SuspendCertificate SuspendForFinding(const std::string& approver = "陈杰") {
  return {.grounds = "8.2.1-1",
          .details = "监督审核发现的不符合项未按期纠正",
          .rectification = "纠正直播信息审核",
          .deadline = D("2026-06-30"),
          .approver = approver};
}

CertificateSuspended SuspendedForFinding() {
  return {.grounds = "8.2.1-1",
          .details = "监督审核发现的不符合项未按期纠正",
          .rectification = "纠正直播信息审核",
          .deadline = D("2026-06-30"),
          .approver = "陈杰",
          .audit_id = "A2"};
}

// A proceeding resting on `audit`, noticed with the appeal deadline 2026-03-20, no appeal.
std::vector<Event> AppealWindowPassed(const std::string& audit) {
  return History(Certified(), ProceedingOpened(audit), NoticeIssued());
}

CancelCertificate CancelOnAudit(const std::string& audit, const std::string& approver = "陈杰") {
  return {.grounds = "8.2.3-4", .reason = "专项审核认定应当注销", .approver = approver, .audit_id = audit};
}

}  // namespace

// --- SuspendCertificate -------------------------------------------------------

TEST_CASE("a suspension for an uncorrected surveillance finding rests on the audit of that finding",
          "[spec][status][SuspendCertificate][impartiality]") {
  Given(FindingUncorrected()).On("2026-04-02").When(SuspendForFinding(), Committee()).Then(SuspendedForFinding());
}

TEST_CASE("a member of the audit whose finding went uncorrected may not suspend on it, nor approve the suspension",
          "[spec][status][SuspendCertificate][impartiality]") {
  Given(FindingUncorrected())
      .On("2026-04-02")
      .When(SuspendForFinding(), ConflictedCommittee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
  Given(FindingUncorrected())
      .On("2026-04-02")
      .When(SuspendForFinding(Leader().name), Committee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
}

TEST_CASE("a suspension names the audit it rests on, which must exist", "[spec][status][SuspendCertificate]") {
  SuspendCertificate named = SuspendForFinding();
  named.grounds = "8.2.1-3";
  named.audit_id = "A1";
  Given(Certified()).When(named, ConflictedCommittee()).ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
  named.audit_id = "A9";
  Given(Certified()).When(named, Committee()).ThenRejected(Code::kNotFound, SubCode::kNone);
}

// --- OpenRevocationProceeding -------------------------------------------------

TEST_CASE("a member of the audit a proceeding rests on may not open it",
          "[spec][status][OpenRevocationProceeding][impartiality]") {
  Given(Certified())
      .When(OpenRevocationProceeding{.grounds = "8.2.2-1", .details = "严重不符合", .audit_id = "A1"},
            ConflictedCommittee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
}

TEST_CASE("a proceeding that answers an audit's conclusion rests on that audit",
          "[spec][status][OpenRevocationProceeding][impartiality]") {
  const auto concluded = Given(Certified(), TeamAssigned("A2", AuditKind::kSpecial),
                               AuditPlannedEv("A2", AuditKind::kSpecial), Scored("A2"),
                               SurveillanceAuditCompleted{.audit_id = "A2",
                                                          .kind = AuditKind::kSpecial,
                                                          .audit_date = kGivenOn,
                                                          .conclusion = SurveillanceConclusion::kRevoke,
                                                          .team_leader = Leader().name});
  const OpenRevocationProceeding open{.grounds = "8.2.2-1", .details = "专项审核发现严重不符合"};
  concluded.When(open, Committee())
      .Then(RevocationProceedingOpened{.grounds = "8.2.2-1", .details = "专项审核发现严重不符合", .audit_id = "A2"});
  concluded.When(open, ConflictedCommittee()).ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
}

// --- RevokeCertificate --------------------------------------------------------

TEST_CASE("an impartial committee member revokes on a proceeding resting on an audit",
          "[spec][status][RevokeCertificate][impartiality]") {
  Given(AppealWindowPassed("A1"))
      .On("2026-03-21")
      .When(RevokeCertificate{.reason = "调查属实", .approver = "陈杰"}, Committee())
      .Then(CertificateRevoked{.grounds = "8.2.2-2", .reason = "调查属实", .approver = "陈杰"});
}

TEST_CASE("the leader of the audit a proceeding rests on may neither revoke nor be named its approver",
          "[spec][status][RevokeCertificate][impartiality]") {
  Given(AppealWindowPassed("A1"))
      .On("2026-03-21")
      .When(RevokeCertificate{.reason = "调查属实", .approver = "陈杰"}, ConflictedCommittee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
  Given(AppealWindowPassed("A1"))
      .On("2026-03-21")
      .When(RevokeCertificate{.reason = "调查属实", .approver = Leader().name}, Committee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
}

TEST_CASE("a member of the audit a proceeding rests on may not close it either",
          "[spec][status][CloseRevocationProceeding][impartiality]") {
  Given(AppealWindowPassed("A1"))
      .When(CloseRevocationProceeding{.reason = "查无实据"}, ConflictedCommittee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
  Given(AppealWindowPassed("A1"))
      .When(CloseRevocationProceeding{.reason = "查无实据"}, Committee())
      .Then(RevocationProceedingClosed{.reason = "查无实据"});
}

TEST_CASE("a revocation for a rectification overdue rests on the audit the suspension rested on",
          "[spec][status][RevokeCertificate][impartiality]") {
  Given(FindingUncorrected(), At("2026-04-02", SuspendedForFinding()),
        At("2026-07-01", RevocationProceedingOpened{.grounds = "8.2.2-5", .details = "逾期未整改"}),
        At("2026-07-01", RevocationNoticeIssued{.grounds = "8.2.2-5", .details = "逾期未整改",
                                                .appeal_deadline = D("2026-07-20")}))
      .On("2026-07-21")
      .When(RevokeCertificate{.reason = "逾期未整改", .approver = "陈杰"}, ConflictedCommittee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
}

// --- CancelCertificate --------------------------------------------------------

TEST_CASE("a cancellation names the audit it rests on", "[spec][status][CancelCertificate][impartiality]") {
  Given(Certified())
      .When(CancelOnAudit("A1"), Committee())
      .Then(CertificateCancelled{
          .grounds = "8.2.3-4", .reason = "专项审核认定应当注销", .approver = "陈杰", .audit_id = "A1"});
  Given(Certified()).When(CancelOnAudit("A9"), Committee()).ThenRejected(Code::kNotFound, SubCode::kNone);
}

TEST_CASE("a member of the audit a cancellation rests on may neither cancel nor approve it",
          "[spec][status][CancelCertificate][impartiality]") {
  Given(Certified())
      .When(CancelOnAudit("A1"), ConflictedCommittee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
  Given(Certified())
      .When(CancelOnAudit("A1", Member().name), Committee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
}
