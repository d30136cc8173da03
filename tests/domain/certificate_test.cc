// Given / When / Then: certificate changes, reissue, facts, surveillance and renewal.
#include "support/lifecycle_fixture.h"

using namespace certreg::testing;
using Code = Status::Code;

TEST_CASE("a name change is an Annex B.2 row and the former name is kept", "[domain][certificate][change]") {
  Lifecycle f;
  f.Certified();
  ChangeCertificate change;
  change.holder_name = "杭州星河数字科技有限公司";
  change.reason = "工商变更";
  change.approver = "陈杰";
  change.act = {f.today(), "email"};
  Decision d = f.Try(change, Clerk());
  REQUIRE(d.ok());
  const auto& e = std::get<CertificateChanged>(d.value()[0].body);
  REQUIRE(e.changes.size() == 1);
  CHECK(e.changes[0].field == "holder_name");
  CHECK(e.changes[0].before == "杭州星河直播电子商务有限公司");
  CHECK(e.changes[0].after == "杭州星河数字科技有限公司");
  f.Record(d.value());
  CHECK(f.state().certificate->holder_name == "杭州星河数字科技有限公司");
  CHECK(f.state().certificate->former_names == std::vector<std::string>{"杭州星河直播电子商务有限公司"});
  // The same value again changes nothing: refused.
  CHECK(HasError(f.Try(change, Clerk()), "holder_name"));
  ChangeCertificate empty;
  empty.act = {f.today(), "email"};
  Decision none = f.Try(empty, Clerk());
  CHECK(HasError(none, "reason"));
  CHECK(HasError(none, "approver"));
}

TEST_CASE("extending the scope needs a special audit of it, reducing needs none", "[domain][certificate][change]") {
  Lifecycle f;
  f.Certified();
  const std::string wider = "电子商务直播售货质量管理（直播营销服务、平台运营）";
  ChangeCertificate change;
  change.scope = wider;
  change.reason = "扩大范围";
  change.approver = "陈杰";
  change.act = {f.today(), "email"};
  CHECK(HasError(f.Try(change, Clerk()), "scope_extension"));
  change.scope_extension = true;
  RequireRefused(f.Try(change, Clerk()), Code::kRejected);

  PlanAudit special = f.PlanOf(AuditKind::kSpecial);
  special.trigger = SpecialTrigger::kOther;
  special.scope = wider;
  f.Do(special, Leader());
  f.Do(RecordScores{"A2", PassingScores()}, Leader());  // every §9 mark of the new scope (domain.md §9.5)
  RequireRefused(f.Try(CompleteSurveillanceAudit{"A2", SurveillanceConclusion::kMaintain}, Member()), Code::kForbidden);
  f.Do(CompleteSurveillanceAudit{"A2", SurveillanceConclusion::kMaintain}, Leader());
  CHECK(f.state().certificate->next_surveillance_due == D("2027-03-02"));  // special audits don't move it
  CHECK(f.Do(change, Clerk()) == std::vector<std::string>{"CertificateChanged"});

  ChangeCertificate reduce;
  reduce.scope = "电子商务直播售货质量管理";
  reduce.scope_extension = false;
  reduce.reason = "缩小范围";
  reduce.approver = "陈杰";
  reduce.act = {f.today(), "email"};
  CHECK(f.Try(reduce, Clerk()).ok());
}

TEST_CASE("a special audit needs its trigger, surveillance findings and completion", "[domain][certificate][audit]") {
  Lifecycle f;
  f.Certified();
  f.Do(ReceiveComplaint{"虚假宣传", {f.today(), "phone"}, {"", "王五", "13900000000", "", ""}}, Clerk());
  CHECK(f.state().complaints == std::vector<std::string>{"C1"});
  PlanAudit special = f.PlanOf(AuditKind::kSpecial);
  CHECK(HasError(f.Try(special, Leader()), "trigger"));
  special.trigger = SpecialTrigger::kComplaint;
  special.trigger_ref = "C1";
  f.Do(special, Leader());
  // A surveillance audit ends with its completion, not a report, and needs a score.
  RequireRefused(f.Try(SubmitReport{"A2", "x", DecisionOutcome::kApprove, std::nullopt}, Leader()), Code::kRejected);
  RequireRefused(f.Try(CompleteSurveillanceAudit{"A2", SurveillanceConclusion::kSuspend}, Leader()), Code::kRejected);
  ScoresInput some;
  some.management["9.5.2"] = 70;
  f.Do(RecordScores{"A2", some}, Leader());
  Decision d = f.Try(CompleteSurveillanceAudit{"A2", SurveillanceConclusion::kSuspend}, Leader());
  REQUIRE(d.ok());
  const auto& row = std::get<SurveillanceAuditCompleted>(d.value()[0].body);
  CHECK(row.audit_date == f.today());
  CHECK(row.team_leader == "zhang.wei");
  CHECK(row.kind == AuditKind::kSpecial);
  f.Record(d.value());
  // The conclusion is a recommendation: the status is unchanged.
  CHECK(f.state().certificate->status == CertificateStatus::kValid);
}

TEST_CASE("facts and reissue are recorded on a live certificate", "[domain][certificate]") {
  Lifecycle f;
  f.Certified();
  CHECK(f.Do(ReissueCertificate{ReissueCause::kDamaged, "陈杰", {f.today(), "in_person"}}, Clerk()) ==
        std::vector<std::string>{"CertificateReissued"});
  CHECK(f.Do(ReportMajorChange{"法定代表人变更", {f.today(), "email"}}, Clerk()) ==
        std::vector<std::string>{"MajorChangeReported"});
  CHECK(f.Do(RecordSurveillanceRefusal{"拒绝安排现场审核"}, Clerk()) ==
        std::vector<std::string>{"SurveillanceRefused"});
  CHECK(HasError(f.Try(ReportMajorChange{"", {f.today(), "email"}}, Clerk()), "description"));
}

TEST_CASE("recertification opens 3 months before expiry and ends in a renewal", "[domain][certificate][recert]") {
  Lifecycle f;
  f.SetToday("2026-04-20");
  f.Certified();  // valid until 2029-04-19
  f.SetToday("2029-01-18");
  RequireRefused(f.Try(ApplyForRecertification{ValidForm(), {f.today(), "email"}}, Clerk()), Code::kRejected);
  f.SetToday("2029-01-19");
  f.Do(ApplyForRecertification{ValidForm(), {f.today(), "email"}}, Clerk());
  RequireRefused(f.Try(ApplyForRecertification{ValidForm(), {f.today(), "email"}}, Clerk()), Code::kRejected);
  f.Do(DecideAcceptance{true, ""}, Clerk());
  f.Reviewed(AuditKind::kRecertification);
  f.Do(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee());
  f.Do(NotifyDecision{f.today(), "email"}, Clerk());
  Decision d = f.Try(IssueCertificate{}, Clerk());
  REQUIRE(d.ok());
  const auto& e = std::get<CertificateRenewed>(d.value()[0].body);
  CHECK(e.certificate_no == "CMM-525-2026-00001");  // same number
  CHECK(e.valid_from == D("2029-04-20"));
  CHECK(e.valid_until == D("2032-04-19"));
  CHECK(e.previous_valid_until == D("2029-04-19"));
  f.Record(d.value());
  CHECK(f.state().certificate->first_issued_on == D("2026-04-20"));
  CHECK(StageOf(f.state()) == Stage::kCertified);
}

TEST_CASE("a renewal is refused unless the certificate is VALID", "[domain][certificate][recert]") {
  Lifecycle f;
  f.SetToday("2026-04-20");
  f.Certified();
  f.SetToday("2029-02-01");
  f.Do(ApplyForRecertification{ValidForm(), {f.today(), "email"}}, Clerk());
  f.Do(DecideAcceptance{true, ""}, Clerk());
  f.Reviewed(AuditKind::kRecertification);
  f.Do(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee());
  f.Do(NotifyDecision{f.today(), "email"}, Clerk());
  f.Do(SuspendCertificate{"8.2.1-3", "违规", "整改", D("2029-03-30"), "陈杰"}, Committee());
  Decision d = f.Try(IssueCertificate{}, Clerk());
  RequireRefused(d, Code::kRejected);
  CHECK(d.status().current_state() == "SUSPENDED");
}
