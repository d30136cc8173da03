// The certificate's status (§8, domain.md §4) as specifications: suspension,
// revocation with its notice and appeal, and cancellation. Given events /
// When a command / Then events or a refusal.
#include "support/domain_events.h"

using namespace certreg::testing;

namespace {

SuspendCertificate Suspend() {
  return {.grounds = "8.2.1-3",
          .details = "一般违法违规行为",
          .rectification = "整改直播信息审核流程",
          .deadline = D("2026-06-30"),
          .approver = "陈杰"};
}
SubmitRectification Rectify(const char* on = "2026-03-02") {
  return {.description = "已整改", .evidence = "整改报告", .act = Act(on)};
}
OpenRevocationProceeding Open(const std::string& grounds = "8.2.2-2") {
  return {.grounds = grounds, .details = "提供虚假材料"};
}
FileAppeal Appeal(const char* on = "2026-03-02") { return {.grounds = "材料真实，请求复核", .act = Act(on)}; }
RevokeCertificate Revoke() { return {.reason = "调查属实", .approver = "陈杰"}; }
CancelCertificate Cancel(const std::string& grounds = "8.2.3-4") {
  return {.grounds = grounds, .reason = "其他应当注销的情形", .approver = "陈杰"};
}
CancellationRequested CancellationRequestedEv() { return {.reason = "停止直播业务", .act = Act()}; }

// The proceeding noticed with the appeal deadline 2026-03-20, and an appeal filed.
std::vector<Event> AppealPending(const std::string& audit = "") {
  return History(Certified(), ProceedingOpened(audit), NoticeIssued(), AppealFiledEv());
}

// Suspended until 2026-06-30; the rule opened a proceeding on 8.2.2-5, noticed, and appealed.
std::vector<Event> RectificationAppealPending() {
  const std::string details = "rectification not completed by 2026-06-30 (§8.2.2 item 5)";
  return History(
      Certified(), Suspended(), At("2026-07-01", RevocationProceedingOpened{.grounds = "8.2.2-5", .details = details}),
      At("2026-07-01",
         RevocationNoticeIssued{.grounds = "8.2.2-5", .details = details, .appeal_deadline = D("2026-07-20")}),
      At("2026-07-02", AppealFiledEv()));
}

}  // namespace

// --- SuspendCertificate -------------------------------------------------------

TEST_CASE("a valid certificate is suspended with its grounds and deadline", "[spec][status][SuspendCertificate]") {
  Given(Certified()).When(Suspend(), Committee()).Then(Suspended());
}

TEST_CASE("a suspended certificate is not suspended again", "[spec][status][SuspendCertificate]") {
  Given(Certified(), Suspended()).When(Suspend(), Committee()).ThenRejected(Code::kRejected, "SUSPENDED");
  Given(Applied()).When(Suspend(), Committee()).ThenRejected(Code::kRejected, "awaiting_acceptance");
}

TEST_CASE("a suspension needs suspension grounds, details, a rectification, a future deadline and its approver",
          "[spec][status][SuspendCertificate]") {
  Given(Certified())
      .When(SuspendCertificate{.grounds = "8.2.2-1", .deadline = D("2026-03-01")}, Committee())
      .ThenInvalid({"grounds", "details", "rectification", "deadline", "approver"});
}

// --- SubmitRectification ------------------------------------------------------

TEST_CASE("a suspended holder submits its rectification", "[spec][status][SubmitRectification]") {
  Given(Certified(), Suspended()).When(Rectify(), Clerk()).Then(RectificationSubmittedEv());
}

TEST_CASE("a rectification needs a suspension and waits for the previous one's verification",
          "[spec][status][SubmitRectification]") {
  Given(Certified()).When(Rectify(), Clerk()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), Suspended(), RectificationSubmittedEv())
      .When(Rectify(), Clerk())
      .ThenRejected(Code::kRejected, "SUSPENDED");
}

TEST_CASE("past the rectification deadline a revocation proceeding opens and the rectification is refused",
          "[spec][status][SubmitRectification][time]") {
  Given(Certified(), Suspended())
      .On("2026-07-01")
      .When(Rectify("2026-07-01"), Clerk())
      .ThenDue(RevocationProceedingOpened{.grounds = "8.2.2-5",
                                          .details = "rectification not completed by 2026-06-30 (§8.2.2 item 5)"})
      .ThenRejected(Code::kRejected, "SUSPENDED");
}

TEST_CASE("a rectification describes what was done", "[spec][status][SubmitRectification]") {
  Given(Certified(), Suspended()).When(SubmitRectification{.act = Act()}, Clerk()).ThenInvalid({"description"});
}

// --- VerifyRectification ------------------------------------------------------

TEST_CASE("a submitted rectification is verified, or found wanting", "[spec][status][VerifyRectification]") {
  Given(Certified(), Suspended(), RectificationSubmittedEv())
      .When(VerifyRectification{.verified = true, .approver = "陈杰"}, Committee())
      .Then(RectificationVerifiedEv(true));
  Given(Certified(), Suspended(), RectificationSubmittedEv())
      .When(VerifyRectification{.verified = false, .approver = "陈杰"}, Committee())
      .Then(RectificationVerifiedEv(false));
}

TEST_CASE("only a submitted rectification is verified", "[spec][status][VerifyRectification]") {
  const VerifyRectification verify{.verified = true, .approver = "陈杰"};
  Given(Certified(), Suspended()).When(verify, Committee()).ThenRejected(Code::kRejected, "SUSPENDED");
  Given(Certified()).When(verify, Committee()).ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("a verification names its approver", "[spec][status][VerifyRectification]") {
  Given(Certified(), Suspended(), RectificationSubmittedEv())
      .When(VerifyRectification{.verified = true}, Committee())
      .ThenInvalid({"approver"});
}

// --- ReinstateCertificate -----------------------------------------------------

TEST_CASE("a verified rectification reinstates the certificate", "[spec][status][ReinstateCertificate]") {
  Given(Certified(), Suspended(), RectificationSubmittedEv(), RectificationVerifiedEv(true))
      .When(ReinstateCertificate{.approver = "陈杰"}, Committee())
      .Then(CertificateReinstated{.approver = "陈杰"});
}

TEST_CASE("no reinstatement without a successful verification, during a proceeding, or of a valid certificate",
          "[spec][status][ReinstateCertificate]") {
  const ReinstateCertificate reinstate{.approver = "陈杰"};
  Given(Certified(), Suspended(), RectificationSubmittedEv(), RectificationVerifiedEv(false))
      .When(reinstate, Committee())
      .ThenRejected(Code::kRejected, "SUSPENDED");
  Given(Certified(), Suspended(), RectificationSubmittedEv(), RectificationVerifiedEv(true), ProceedingOpened())
      .When(reinstate, Committee())
      .ThenRejected(Code::kRejected, "SUSPENDED");
  Given(Certified()).When(reinstate, Committee()).ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("a reinstatement names its approver", "[spec][status][ReinstateCertificate]") {
  Given(Certified(), Suspended(), RectificationSubmittedEv(), RectificationVerifiedEv(true))
      .When(ReinstateCertificate{}, Committee())
      .ThenInvalid({"approver"});
}

// --- OpenRevocationProceeding -------------------------------------------------

TEST_CASE("a revocation proceeding opens on revocation grounds", "[spec][status][OpenRevocationProceeding]") {
  Given(Certified()).When(Open(), Committee()).Then(ProceedingOpened());
}

TEST_CASE("one proceeding at a time, none on an ended certificate, and 8.2.2-5 only past the deadline",
          "[spec][status][OpenRevocationProceeding]") {
  Given(Certified(), ProceedingOpened()).When(Open(), Committee()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), Revoked()).When(Open(), Committee()).ThenRejected(Code::kRejected, "REVOKED");
  Given(Certified(), Suspended()).When(Open("8.2.2-5"), Committee()).ThenRejected(Code::kRejected, "SUSPENDED");
}

TEST_CASE("a proceeding resting on an unknown audit finds nothing", "[spec][status][OpenRevocationProceeding]") {
  OpenRevocationProceeding open = Open();
  open.audit_id = "A9";
  Given(Certified()).When(open, Committee()).ThenRejected(Code::kNotFound, SubCode::kNone);
}

TEST_CASE("a proceeding needs revocation grounds and details", "[spec][status][OpenRevocationProceeding]") {
  Given(Certified())
      .When(OpenRevocationProceeding{.grounds = "8.2.1-1"}, Committee())
      .ThenInvalid({"grounds", "details"});
}

// --- CloseRevocationProceeding ------------------------------------------------

TEST_CASE("an open proceeding is closed with its reason", "[spec][status][CloseRevocationProceeding]") {
  Given(Certified(), ProceedingOpened())
      .When(CloseRevocationProceeding{.reason = "调查不属实"}, Committee())
      .Then(RevocationProceedingClosed{.reason = "调查不属实"});
}

TEST_CASE("a proceeding is closed when open and no appeal is pending", "[spec][status][CloseRevocationProceeding]") {
  const CloseRevocationProceeding close{.reason = "调查不属实"};
  Given(Certified()).When(close, Committee()).ThenRejected(Code::kRejected, "VALID");
  Given(AppealPending()).When(close, Committee()).ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("closing a proceeding needs a reason", "[spec][status][CloseRevocationProceeding]") {
  Given(Certified(), ProceedingOpened()).When(CloseRevocationProceeding{}, Committee()).ThenInvalid({"reason"});
}

// --- IssueRevocationNotice ----------------------------------------------------

TEST_CASE("the revocation notice repeats the grounds and sets the appeal deadline",
          "[spec][status][IssueRevocationNotice]") {
  Given(Certified(), ProceedingOpened())
      .When(IssueRevocationNotice{.appeal_deadline = D("2026-03-20")}, Clerk())
      .Then(NoticeIssued("2026-03-20"));
}

TEST_CASE("a notice needs an open proceeding and is issued once", "[spec][status][IssueRevocationNotice]") {
  const IssueRevocationNotice notice{.appeal_deadline = D("2026-03-20")};
  Given(Certified()).When(notice, Clerk()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), ProceedingOpened(), NoticeIssued()).When(notice, Clerk()).ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("the appeal deadline is after the notice", "[spec][status][IssueRevocationNotice]") {
  Given(Certified(), ProceedingOpened())
      .When(IssueRevocationNotice{.appeal_deadline = kGivenOn}, Clerk())
      .ThenInvalid({"appeal_deadline"});
}

// --- FileAppeal ---------------------------------------------------------------

TEST_CASE("the holder appeals a revocation notice within its deadline", "[spec][status][FileAppeal]") {
  Given(Certified(), ProceedingOpened(), NoticeIssued()).When(Appeal(), Clerk()).Then(AppealFiledEv());
}

TEST_CASE("an appeal needs a notice, is filed once and by the deadline", "[spec][status][FileAppeal]") {
  Given(Certified(), ProceedingOpened()).When(Appeal(), Clerk()).ThenRejected(Code::kRejected, "VALID");
  Given(AppealPending()).When(Appeal(), Clerk()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), ProceedingOpened(), NoticeIssued())
      .On("2026-03-21")
      .When(Appeal("2026-03-21"), Clerk())
      .ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("an appeal states its grounds", "[spec][status][FileAppeal]") {
  Given(Certified(), ProceedingOpened(), NoticeIssued())
      .When(FileAppeal{.act = Act()}, Clerk())
      .ThenInvalid({"grounds"});
}

// --- DecideAppeal -------------------------------------------------------------

TEST_CASE("a pending appeal is dismissed with its reason", "[spec][status][DecideAppeal]") {
  Given(AppealPending())
      .When(DecideAppeal{.outcome = AppealOutcome::kDismissed, .reason = "理由不成立"}, Committee())
      .Then(AppealDecided{.outcome = AppealOutcome::kDismissed, .reason = "理由不成立"});
}

TEST_CASE("an appeal upheld on 8.2.2-5 sets a new rectification deadline", "[spec][status][DecideAppeal]") {
  Given(RectificationAppealPending())
      .On("2026-07-03")
      .When(DecideAppeal{.outcome = AppealOutcome::kUpheld, .reason = "已提交整改", .new_deadline = D("2026-08-31")},
            Committee())
      .Then(AppealDecided{.outcome = AppealOutcome::kUpheld, .reason = "已提交整改", .new_deadline = D("2026-08-31")});
}

TEST_CASE("a member of the audit the proceeding rests on may not decide the appeal",
          "[spec][status][DecideAppeal][impartiality]") {
  Given(AppealPending("A1"))
      .When(DecideAppeal{.outcome = AppealOutcome::kDismissed, .reason = "理由不成立"}, ConflictedCommittee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
}

TEST_CASE("only a pending appeal is decided", "[spec][status][DecideAppeal]") {
  Given(Certified(), ProceedingOpened(), NoticeIssued())
      .When(DecideAppeal{.outcome = AppealOutcome::kDismissed, .reason = "理由不成立"}, Committee())
      .ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("an appeal decision has a reason, and a new deadline only when upheld on 8.2.2-5",
          "[spec][status][DecideAppeal]") {
  Given(AppealPending())
      .When(DecideAppeal{.outcome = AppealOutcome::kUpheld, .new_deadline = D("2026-04-30")}, Committee())
      .ThenInvalid({"reason", "new_deadline"});
}

// --- RevokeCertificate --------------------------------------------------------

TEST_CASE("a certificate is revoked once the appeal window has closed", "[spec][status][RevokeCertificate]") {
  Given(Certified(), ProceedingOpened(), NoticeIssued()).On("2026-03-21").When(Revoke(), Committee()).Then(Revoked());
}

TEST_CASE("a dismissed appeal lets the revocation proceed at once", "[spec][status][RevokeCertificate]") {
  Given(AppealPending(), AppealDecided{.outcome = AppealOutcome::kDismissed, .reason = "理由不成立"})
      .When(Revoke(), Committee())
      .Then(Revoked());
}

TEST_CASE("revocation needs a proceeding, its notice, no pending appeal and a closed window",
          "[spec][status][RevokeCertificate]") {
  Given(Certified()).When(Revoke(), Committee()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), ProceedingOpened()).When(Revoke(), Committee()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), ProceedingOpened(), NoticeIssued())
      .When(Revoke(), Committee())
      .ThenRejected(Code::kRejected, "VALID");
  Given(AppealPending()).On("2026-03-21").When(Revoke(), Committee()).ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("a revocation names its reason and approver", "[spec][status][RevokeCertificate]") {
  Given(Certified(), ProceedingOpened(), NoticeIssued())
      .On("2026-03-21")
      .When(RevokeCertificate{}, Committee())
      .ThenInvalid({"reason", "approver"});
}

// --- RequestCancellation ------------------------------------------------------

TEST_CASE("the holder requests the cancellation of its certificate", "[spec][status][RequestCancellation]") {
  Given(Certified())
      .When(RequestCancellation{.reason = "停止直播业务", .act = Act()}, Clerk())
      .Then(CancellationRequestedEv());
}

TEST_CASE("no cancellation request during a proceeding, twice, or of an ended certificate",
          "[spec][status][RequestCancellation]") {
  const RequestCancellation request{.reason = "停止直播业务", .act = Act()};
  Given(Certified(), ProceedingOpened()).When(request, Clerk()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), CancellationRequestedEv()).When(request, Clerk()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), Revoked()).When(request, Clerk()).ThenRejected(Code::kRejected, "REVOKED");
}

TEST_CASE("a cancellation request gives a reason", "[spec][status][RequestCancellation]") {
  Given(Certified()).When(RequestCancellation{.act = Act()}, Clerk()).ThenInvalid({"reason"});
}

// --- CancelCertificate --------------------------------------------------------

TEST_CASE("a certificate is cancelled on cancellation grounds", "[spec][status][CancelCertificate]") {
  Given(Certified()).When(Cancel(), Committee()).Then(Cancelled());
  CancelCertificate requested = Cancel("8.2.3-2");
  requested.notified_on = kGivenOn;
  Given(Certified(), CancellationRequestedEv())
      .When(requested, Committee())
      .Then(CertificateCancelled{
          .grounds = "8.2.3-2", .reason = "其他应当注销的情形", .approver = "陈杰", .notified_on = kGivenOn});
}

TEST_CASE("cancellation grounds need their facts, no proceeding open, and a live certificate",
          "[spec][status][CancelCertificate]") {
  Given(Certified()).When(Cancel("8.2.3-2"), Committee()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified()).When(Cancel("8.2.3-1"), Committee()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), ProceedingOpened()).When(Cancel(), Committee()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), Revoked()).When(Cancel(), Committee()).ThenRejected(Code::kRejected, "REVOKED");
}

TEST_CASE("a cancellation names grounds, reason and approver, and no future notice",
          "[spec][status][CancelCertificate]") {
  Given(Certified())
      .When(CancelCertificate{.grounds = "8.2.2-1", .notified_on = D("2026-03-03")}, Committee())
      .ThenInvalid({"grounds", "reason", "approver", "notified_on"});
}

// --- AnnounceCancellation -----------------------------------------------------

TEST_CASE("a cancelled certificate's cancellation is announced", "[spec][status][AnnounceCancellation]") {
  Given(Certified(), Cancelled()).When(AnnounceCancellation{}, Clerk()).Then(CancellationAnnounced{});
}

TEST_CASE("an expired certificate is cancelled by the rule before its cancellation is announced",
          "[spec][status][AnnounceCancellation][time]") {
  Given(Certified())
      .On("2029-03-02")
      .When(AnnounceCancellation{}, Clerk())
      .Then(
          CertificateCancelled{
              .grounds = "8.2.3-1", .reason = "有效期届满，未申请再认证", .approver = "system"},
          CancellationAnnounced{});
}

TEST_CASE("only a cancellation is announced, and once", "[spec][status][AnnounceCancellation]") {
  Given(Certified()).When(AnnounceCancellation{}, Clerk()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), Cancelled(), CancellationAnnounced{})
      .When(AnnounceCancellation{}, Clerk())
      .ThenRejected(Code::kRejected, "CANCELLED");
}
