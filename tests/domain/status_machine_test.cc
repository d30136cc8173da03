// Given / When / Then: the certificate status machine of domain.md §4.
#include "support/lifecycle_fixture.h"

using namespace certreg::testing;
using Code = Status::Code;

namespace {

SuspendCertificate Suspend() { return {"8.2.1-1", "监督审核轻微不符合项未整改", "完成整改", D("2026-06-30"), "陈杰"}; }
CancelCertificate CancelOther() { return {"8.2.3-4", "其他应当注销的情形", "陈杰", std::nullopt}; }

void Cancelled(Lifecycle& f) {
  f.Certified();
  f.Do(CancelOther(), Committee());
}

void RequireStatusRefusal(const Decision& d, const char* status) {
  RequireRefused(d, Code::kRejected);
  CHECK(d.status().current_state() == status);
  CHECK_THAT(d.status().message(), Catch::Contains(status));
}

}  // namespace

TEST_CASE("VALID -> SUSPENDED -> VALID after a verified rectification", "[domain][status][suspension]") {
  Lifecycle f;
  f.Certified();
  CHECK(f.Do(Suspend(), Committee()) == std::vector<std::string>{"CertificateSuspended"});
  CHECK(f.state().certificate->status == CertificateStatus::kSuspended);
  CHECK(f.state().certificate->status_since == f.today());
  RequireRefused(f.Try(ReinstateCertificate{"陈杰"}, Committee()), Code::kRejected);  // nothing verified yet
  RequireRefused(f.Try(VerifyRectification{true, "陈杰"}, Committee()), Code::kRejected);  // nothing submitted
  f.Do(SubmitRectification{"已整改", "整改报告", {f.today(), "email"}}, Clerk());
  f.Do(VerifyRectification{false, "陈杰"}, Committee());
  RequireRefused(f.Try(ReinstateCertificate{"陈杰"}, Committee()), Code::kRejected);  // the verification failed
  f.Do(SubmitRectification{"再次整改", "补充材料", {f.today(), "email"}}, Clerk());  // again, before the deadline
  f.Do(VerifyRectification{true, "陈杰"}, Committee());
  CHECK(f.Do(ReinstateCertificate{"陈杰"}, Committee()) == std::vector<std::string>{"CertificateReinstated"});
  CHECK(f.state().certificate->status == CertificateStatus::kValid);
}

TEST_CASE("a suspension needs valid grounds, a rectification and a future deadline", "[domain][status][suspension]") {
  Lifecycle f;
  f.Certified();
  Decision d = f.Try(SuspendCertificate{"8.2.2-1", "", "", D("2026-03-01"), ""}, Committee());
  RequireRefused(d, Code::kInvalidArgument);
  for (const char* field : {"grounds", "details", "rectification", "deadline", "approver"}) {
    CAPTURE(field);
    CHECK(HasError(d, field));
  }
}

TEST_CASE("SUSPENDED cannot be suspended again", "[domain][status]") {
  Lifecycle f;
  f.Suspended();
  RequireStatusRefusal(f.Try(Suspend(), Committee()), "SUSPENDED");
}

TEST_CASE("VALID cannot be reinstated or rectified", "[domain][status]") {
  Lifecycle f;
  f.Certified();
  RequireStatusRefusal(f.Try(ReinstateCertificate{"陈杰"}, Committee()), "VALID");
  RequireStatusRefusal(f.Try(SubmitRectification{"x", "", {f.today(), "email"}}, Clerk()), "VALID");
}

TEST_CASE("VALID -> REVOKED needs a proceeding, a notice, and the appeal window", "[domain][status][revocation]") {
  Lifecycle f;
  f.Certified();
  RevokeCertificate revoke{"调查属实", "陈杰"};
  RequireRefused(f.Try(revoke, Committee()), Code::kRejected);  // no proceeding
  f.Do(OpenRevocationProceeding{"8.2.2-3", "严重违法违规", ""}, Committee());
  RequireRefused(f.Try(revoke, Committee()), Code::kRejected);  // no notice
  CHECK(HasError(f.Try(IssueRevocationNotice{std::nullopt}, Clerk()), "appeal_deadline"));
  f.Do(IssueRevocationNotice{D("2026-03-20")}, Clerk());
  Decision early = f.Try(revoke, Committee());
  RequireRefused(early, Code::kRejected);
  CHECK_THAT(early.status().message(), Catch::Contains("appeal window is open until 2026-03-20"));

  SECTION("the window passes with no appeal") {
    f.SetToday("2026-03-21");
    RequireRefused(f.Try(FileAppeal{"不服", {f.today(), "letter"}}, Clerk()), Code::kRejected);  // too late
    CHECK(f.Do(revoke, Committee()) == std::vector<std::string>{"CertificateRevoked"});
    CHECK(f.state().certificate->status == CertificateStatus::kRevoked);
    CHECK(f.state().revoked->grounds == "8.2.2-3");
  }
  SECTION("an appeal dismissed allows revocation before the deadline") {
    f.Do(FileAppeal{"认为证据不足", {f.today(), "letter"}}, Clerk());
    RequireRefused(f.Try(revoke, Committee()), Code::kRejected);  // appeal pending
    RequireRefused(f.Try(FileAppeal{"again", {f.today(), "letter"}}, Clerk()), Code::kRejected);
    f.Do(DecideAppeal{AppealOutcome::kDismissed, "证据充分", std::nullopt}, Committee());
    CHECK(f.Try(revoke, Committee()).ok());
  }
  SECTION("an appeal upheld closes the proceeding, status unchanged") {
    f.Do(FileAppeal{"认为证据不足", {f.today(), "letter"}}, Clerk());
    f.Do(DecideAppeal{AppealOutcome::kUpheld, "证据不足", std::nullopt}, Committee());
    CHECK_FALSE(f.state().revocation);
    CHECK(f.state().certificate->status == CertificateStatus::kValid);
    RequireRefused(f.Try(revoke, Committee()), Code::kRejected);
  }
  SECTION("a proceeding closed for no ground leaves the status") {
    f.Do(CloseRevocationProceeding{"调查未发现撤销理由"}, Committee());
    CHECK(f.state().certificate->status == CertificateStatus::kValid);
    CHECK_FALSE(f.state().revocation);
  }
}

TEST_CASE("SUSPENDED -> REVOKED and SUSPENDED -> CANCELLED are allowed", "[domain][status]") {
  SECTION("revoked") {
    Lifecycle f;
    f.Suspended();
    f.Do(OpenRevocationProceeding{"8.2.2-2", "虚假材料", ""}, Committee());
    f.Do(IssueRevocationNotice{D("2026-03-10")}, Clerk());
    f.SetToday("2026-03-11");
    f.Do(RevokeCertificate{"属实", "陈杰"}, Committee());
    CHECK(f.state().certificate->status == CertificateStatus::kRevoked);
  }
  SECTION("cancelled") {
    Lifecycle f;
    f.Suspended();
    f.Do(CancelOther(), Committee());
    CHECK(f.state().certificate->status == CertificateStatus::kCancelled);
  }
}

TEST_CASE("VALID -> CANCELLED on the holder's request, then announced", "[domain][status][cancellation]") {
  Lifecycle f;
  f.Certified();
  CancelCertificate by_request{"8.2.3-2", "认证对象主动申请注销", "陈杰", std::nullopt};
  RequireRefused(f.Try(by_request, Committee()), Code::kRejected);  // no request
  f.Do(RequestCancellation{"停止直播业务", {f.today(), "letter"}}, Clerk());
  RequireRefused(f.Try(AnnounceCancellation{}, Clerk()), Code::kRejected);
  f.Do(by_request, Committee());
  CHECK(f.state().certificate->status == CertificateStatus::kCancelled);
  f.Do(AnnounceCancellation{}, Clerk());
  CHECK(f.state().cancelled->announced_on == f.today());
  RequireRefused(f.Try(AnnounceCancellation{}, Clerk()), Code::kRejected);
}

TEST_CASE("a cancellation request is refused while a revocation proceeding is open", "[domain][status]") {
  Lifecycle f;
  f.Certified();
  f.Do(OpenRevocationProceeding{"8.2.2-4", "拒绝监督审核", ""}, Committee());
  RequireRefused(f.Try(RequestCancellation{"停业", {f.today(), "letter"}}, Clerk()), Code::kRejected);
}

TEST_CASE("nothing leaves REVOKED", "[domain][status]") {
  Lifecycle f;
  f.Revoked();
  RequireStatusRefusal(f.Try(ReinstateCertificate{"陈杰"}, Committee()), "REVOKED");
  RequireStatusRefusal(f.Try(Suspend(), Committee()), "REVOKED");
  RequireStatusRefusal(f.Try(CancelOther(), Committee()), "REVOKED");
  RequireStatusRefusal(f.Try(RevokeCertificate{"again", "陈杰"}, Committee()), "REVOKED");
  RequireStatusRefusal(f.Try(OpenRevocationProceeding{"8.2.2-3", "x", ""}, Committee()), "REVOKED");
  RequireStatusRefusal(f.Try(ChangeCertificate{"新名称有限公司", {}, {}, {}, {}, "更名", "陈杰", {f.today(), "email"}},
                             Clerk()),
                       "REVOKED");
  RequireStatusRefusal(f.Try(IssueCertificate{}, Clerk()), "REVOKED");
}

TEST_CASE("nothing leaves CANCELLED", "[domain][status]") {
  Lifecycle f;
  Cancelled(f);
  RequireStatusRefusal(f.Try(ReinstateCertificate{"陈杰"}, Committee()), "CANCELLED");
  RequireStatusRefusal(f.Try(Suspend(), Committee()), "CANCELLED");
  RequireStatusRefusal(f.Try(CancelOther(), Committee()), "CANCELLED");
  RequireStatusRefusal(f.Try(OpenRevocationProceeding{"8.2.2-3", "x", ""}, Committee()), "CANCELLED");
  RequireStatusRefusal(f.Try(RequestCancellation{"x", {f.today(), "letter"}}, Clerk()), "CANCELLED");
  RequireStatusRefusal(f.Try(ReissueCertificate{ReissueCause::kLost, "陈杰", {f.today(), "email"}}, Clerk()),
                       "CANCELLED");
}

TEST_CASE("status commands on a file without a certificate are refused", "[domain][status]") {
  Lifecycle f;
  f.Accepted();
  Decision d = f.Try(Suspend(), Committee());
  RequireRefused(d, Code::kRejected);
  CHECK(d.status().current_state() == "accepted");
}

TEST_CASE("a committee member on the audit a revocation rests on may not decide the appeal", "[domain][impartiality]") {
  Lifecycle f;
  f.Certified();
  PlanAudit special = f.PlanOf(AuditKind::kSpecial);
  special.trigger = SpecialTrigger::kComplaint;
  special.members = {Member().name};
  f.Do(special, Leader());
  RequireRefused(f.Try(OpenRevocationProceeding{"8.2.2-1", "严重不符合", "A9"}, Committee()), Code::kNotFound);
  f.Do(OpenRevocationProceeding{"8.2.2-1", "监督审核发现严重不符合项", "A2"}, Committee());
  f.Do(IssueRevocationNotice{D("2026-03-20")}, Clerk());
  f.Do(FileAppeal{"不服", {f.today(), "letter"}}, Clerk());
  DecideAppeal dismiss{AppealOutcome::kDismissed, "证据充分", std::nullopt};
  RequireRefused(f.Try(dismiss, ConflictedCommittee()), Code::kForbidden, Status::SubCode::kConflictOfInterest);
  CHECK(f.Try(dismiss, Committee()).ok());
}
