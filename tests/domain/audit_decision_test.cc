// Given / When / Then: the audit (§6.2), the decision (§6.3) and the issue (§6.4.1).
#include "support/lifecycle_fixture.h"

using namespace certreg::testing;
using Code = Status::Code;

namespace {

PlanAudit Plan(AuditKind kind, int days) {
  PlanAudit p;
  p.kind = kind;
  p.leader = Leader().name;
  p.members = {Member().name, Leader().name};
  p.start_date = D("2026-03-10");
  p.onsite_days = days;
  p.sites = {"杭州总部", "直播基地"};
  return p;
}

}  // namespace

TEST_CASE("an audit is planned with its team within the scheme's on-site days", "[domain][audit]") {
  Lifecycle f;
  f.Accepted();
  Decision d = f.Try(Plan(AuditKind::kInitial, 6), Leader());
  REQUIRE(d.ok());
  CHECK(Types(d) == std::vector<std::string>{"AuditTeamAssigned", "AuditPlanned"});
  const auto& team = std::get<AuditTeamAssigned>(d.value()[0].body);
  CHECK(team.audit_id == "A1");
  CHECK(team.members == std::vector<std::string>{"wang.fang"});  // the leader is not repeated
  CHECK(HasError(f.Try(Plan(AuditKind::kInitial, 4), Leader()), "onsite_days"));
  CHECK(HasError(f.Try(Plan(AuditKind::kInitial, 8), Leader()), "onsite_days"));
  // A surveillance audit before there is a certificate.
  RequireRefused(f.Try(Plan(AuditKind::kSurveillance, 2), Leader()), Code::kRejected);
  // A recertification audit without a recertification.
  RequireRefused(f.Try(Plan(AuditKind::kRecertification, 5), Leader()), Code::kRejected);
}

TEST_CASE("an audit before acceptance is refused", "[domain][audit]") {
  Lifecycle f;
  f.Submitted();
  RequireRefused(f.Try(Plan(AuditKind::kInitial, 5), Leader()), Code::kRejected);
}

TEST_CASE("findings name a scheme code and surveillance findings need a correction deadline", "[domain][audit]") {
  Lifecycle f;
  f.Certified();
  f.SetToday("2026-09-01");
  f.Do(Plan(AuditKind::kSurveillance, 2), Leader());
  const std::string audit = "A2";
  RecordFinding finding{audit, "9.9.9", FindingGrade::kMinor, "直播信息审核记录不全", "抽查记录", std::nullopt};
  Decision bad = f.Try(finding, Leader());
  CHECK(HasError(bad, "indicator"));
  CHECK(HasError(bad, "correction_deadline"));
  finding.indicator = "9.4.2";
  finding.correction_deadline = D("2026-10-01");
  CHECK(f.Do(finding, Leader()) == std::vector<std::string>{"FindingRecorded"});
  finding.indicator = "5.1.1-1.3";
  finding.grade = FindingGrade::kObservation;
  finding.correction_deadline.reset();
  CHECK(f.Try(finding, Member()).ok());
  RequireRefused(f.Try(RecordFinding{"A9", "9.4.2", FindingGrade::kMinor, "x", "y", D("2026-10-01")}, Leader()),
                 Code::kNotFound);
}

TEST_CASE("scores are validated against the scheme, every bad field at once", "[domain][audit][scoring]") {
  Lifecycle f;
  f.Accepted();
  std::string audit = f.Planned();
  ScoresInput scores = PassingScores();
  scores.management.erase("9.4.3");  // an initial audit scores everything
  scores.management["9.1.1"] = 101;
  Decision d = f.Try(RecordScores{audit, scores}, Leader());
  RequireRefused(d, Code::kInvalidArgument);
  CHECK(d.status().field_errors().size() >= 2);
  Decision ok = f.Try(RecordScores{audit, PassingScores()}, Leader());
  REQUIRE(ok.ok());
  const auto& recorded = std::get<ScoresRecorded>(ok.value()[0].body);
  CHECK(recorded.complete);
  CHECK(recorded.all_thresholds_met);
  CHECK(recorded.service_management == Approx(96.0 * 0.40));
}

TEST_CASE("only the team leader submits the report, the committee approves it", "[domain][audit]") {
  Lifecycle f;
  f.Accepted();
  std::string audit = f.Planned();
  f.Do(RecordScores{audit, PassingScores()}, Leader());
  SubmitReport report{audit, "符合认证要求", DecisionOutcome::kApprove, std::nullopt};
  RequireRefused(f.Try(report, Member()), Code::kForbidden);
  RequireRefused(f.Try(ApproveReport{audit}, Committee()), Code::kRejected);  // nothing to approve yet
  f.Do(report, Leader());
  CHECK(StageOf(f.state()) == Stage::kReportSubmitted);
  RequireRefused(f.Try(report, Leader()), Code::kRejected);
  f.Do(ApproveReport{audit}, Committee());
  CHECK(StageOf(f.state()) == Stage::kAwaitingReview);
  RequireRefused(f.Try(ApproveReport{audit}, Committee()), Code::kRejected);
  // Once approved, the audit takes no more findings or scores.
  RequireRefused(f.Try(RecordScores{audit, PassingScores()}, Leader()), Code::kRejected);
}

TEST_CASE("a committee member who sat on the audit team is refused every decision on it",
          "[domain][impartiality]") {
  Lifecycle f;
  f.Accepted();
  std::string audit = f.Planned();
  f.Do(RecordScores{audit, PassingScores()}, Leader());
  f.Do(SubmitReport{audit, "符合", DecisionOutcome::kApprove, std::nullopt}, Leader());
  RequireRefused(f.Try(ApproveReport{audit}, ConflictedCommittee()), Code::kForbidden, Status::SubCode::kConflictOfInterest);
  f.Do(ApproveReport{audit}, Committee());
  RequireRefused(f.Try(ReviewFile{true, true, true, ""}, ConflictedCommittee()), Code::kForbidden, Status::SubCode::kConflictOfInterest);
  f.Do(ReviewFile{true, true, true, ""}, Committee());
  CHECK(StageOf(f.state()) == Stage::kAwaitingDecision);
  RequireRefused(f.Try(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, ConflictedCommittee()),
                 Code::kForbidden, Status::SubCode::kConflictOfInterest);
  CHECK(f.Try(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee()).ok());
}

TEST_CASE("a decision needs the approved report reviewed after its approval", "[domain][decision]") {
  Lifecycle f;
  f.Accepted();
  std::string audit = f.Planned();
  DecideCertification approve{DecisionOutcome::kApprove, "", std::nullopt};
  RequireRefused(f.Try(approve, Committee()), Code::kRejected);  // not scored
  f.Do(RecordScores{audit, PassingScores()}, Leader());
  RequireRefused(f.Try(approve, Committee()), Code::kRejected);  // no report
  RequireRefused(f.Try(ReviewFile{true, true, true, ""}, Committee()), Code::kRejected);  // nothing to review
  f.Do(SubmitReport{audit, "符合", DecisionOutcome::kApprove, std::nullopt}, Leader());
  f.Do(ApproveReport{audit}, Committee());
  RequireRefused(f.Try(approve, Committee()), Code::kRejected);  // no review
  f.Do(ReviewFile{true, true, true, ""}, Committee());
  Decision d = f.Try(approve, Committee());
  REQUIRE(d.ok());
  CHECK(std::get<CertificationDecided>(d.value()[0].body).notice_due_on == D("2026-03-09"));
}

TEST_CASE("a review with a failing point allows only a rejection, which needs a reason", "[domain][decision]") {
  Lifecycle f;
  f.Accepted();
  std::string audit = f.Planned();
  f.Do(RecordScores{audit, PassingScores()}, Leader());
  f.Do(SubmitReport{audit, "符合", DecisionOutcome::kApprove, std::nullopt}, Leader());
  f.Do(ApproveReport{audit}, Committee());
  f.Do(ReviewFile{true, false, true, "不符合项描述不完整"}, Committee());
  RequireRefused(f.Try(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee()), Code::kRejected);
  CHECK(HasError(f.Try(DecideCertification{DecisionOutcome::kReject, "", std::nullopt}, Committee()), "reason"));
  f.Do(DecideCertification{DecisionOutcome::kReject, "审核发现不完整", std::nullopt}, Committee());
  f.Do(NotifyDecision{f.today(), "letter"}, Clerk());
  CHECK(StageOf(f.state()) == Stage::kClosed);
  RequireRefused(f.Try(IssueCertificate{}, Clerk()), Code::kRejected);
}

TEST_CASE("approval needs no open finding and every threshold met", "[domain][decision]") {
  Lifecycle f;
  f.Accepted();
  std::string audit = f.Planned();
  ScoresInput low = PassingScores();
  low.management["9.4.3"] = 94;  // threshold 95
  f.Do(RecordScores{audit, low}, Leader());
  f.Do(RecordFinding{audit, "9.4.3", FindingGrade::kMinor, "信息安全措施不足", "现场检查", std::nullopt}, Member());
  f.Do(SubmitReport{audit, "轻微不符合", DecisionOutcome::kConditional, std::nullopt}, Leader());
  f.Do(ApproveReport{audit}, Committee());
  f.Do(ReviewFile{true, true, true, ""}, Committee());
  Decision approve = f.Try(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee());
  RequireRefused(approve, Code::kRejected);
  CHECK_THAT(approve.status().message(), Catch::Contains("F1"));
  CHECK(HasError(f.Try(DecideCertification{DecisionOutcome::kConditional, "", std::nullopt}, Committee()),
                 "conditions_deadline"));
  // domain.md §9.1: a conditional approval needs every pass mark too; only rejection is left.
  Decision conditional = f.Try(DecideCertification{DecisionOutcome::kConditional, "", D("2026-04-30")}, Committee());
  RequireRefused(conditional, Code::kRejected);
  CHECK_THAT(conditional.status().message(), Catch::Contains("threshold"));
  CHECK(f.Try(DecideCertification{DecisionOutcome::kReject, "9.4.3 未达标", std::nullopt}, Committee()).ok());
}

TEST_CASE("a conditional approval lists the open minor findings and is fulfilled once they are closed",
          "[domain][decision]") {
  Lifecycle f;
  f.Accepted();
  std::string audit = f.Planned();
  f.Do(RecordScores{audit, PassingScores()}, Leader());
  f.Do(RecordFinding{audit, "9.4.3", FindingGrade::kMinor, "信息安全措施不足", "现场检查", std::nullopt}, Member());
  f.Do(SubmitReport{audit, "轻微不符合", DecisionOutcome::kConditional, std::nullopt}, Leader());
  f.Do(ApproveReport{audit}, Committee());
  f.Do(ReviewFile{true, true, true, ""}, Committee());
  f.Do(DecideCertification{DecisionOutcome::kConditional, "", D("2026-04-30")}, Committee());
  CHECK(std::get<CertificationDecided>(f.history().back().body).conditional_findings ==
        std::vector<std::string>{"F1"});
  CHECK(StageOf(f.state()) == Stage::kAwaitingNotice);
  RequireRefused(f.Try(IssueCertificate{}, Clerk()), Code::kRejected);  // not yet an approval
  f.Do(NotifyDecision{f.today(), "email"}, Clerk());
  CHECK(StageOf(f.state()) == Stage::kConditionsPending);
  RequireRefused(f.Try(FulfilConditions{}, Committee()), Code::kRejected);  // F1 open
  f.Do(CloseFinding{"F1", "增加信息安全审查", "复核通过"}, Leader());
  RequireRefused(f.Try(FulfilConditions{}, ConflictedCommittee()), Code::kForbidden, Status::SubCode::kConflictOfInterest);
  f.Do(FulfilConditions{}, Committee());
  CHECK(StageOf(f.state()) == Stage::kAwaitingIssue);
  CHECK(f.Do(IssueCertificate{}, Clerk()) == std::vector<std::string>{"CertificateIssued"});
}

TEST_CASE("an open major finding forbids approval and conditional approval, rejection stays", "[domain][decision]") {
  Lifecycle f;
  f.Accepted();
  std::string audit = f.Planned();
  f.Do(RecordScores{audit, PassingScores()}, Leader());
  f.Do(RecordFinding{audit, "9.5.2", FindingGrade::kMajor, "投诉处理缺失", "记录", std::nullopt}, Member());
  f.Do(RecordFinding{audit, "9.2.2", FindingGrade::kMinor, "培训记录不全", "记录", std::nullopt}, Member());
  f.Do(SubmitReport{audit, "严重不符合", DecisionOutcome::kReject, std::nullopt}, Leader());
  f.Do(ApproveReport{audit}, Committee());
  f.Do(ReviewFile{true, true, true, ""}, Committee());
  RequireRefused(f.Try(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee()), Code::kRejected);
  Decision conditional = f.Try(DecideCertification{DecisionOutcome::kConditional, "", D("2026-04-30")}, Committee());
  RequireRefused(conditional, Code::kRejected);
  CHECK_THAT(conditional.status().message(), Catch::Contains("F1"));
  CHECK(f.Try(DecideCertification{DecisionOutcome::kReject, "存在严重不符合项", std::nullopt}, Committee()).ok());
}

TEST_CASE("a decision is notified once, a late notice is flagged", "[domain][decision][time]") {
  Lifecycle f;
  f.Accepted();
  f.Reviewed();
  f.Do(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee());  // due 2026-03-09
  f.SetToday("2026-03-10");
  CHECK(OverdueReasons(f.state(), f.today()).front() == OverdueReason::kNotice);
  CHECK(HasError(f.Try(NotifyDecision{f.today(), ""}, Clerk()), "channel"));
  f.Do(NotifyDecision{f.today(), "letter"}, Clerk());
  CHECK(std::get<DecisionNotified>(f.history().back().body).late);
  RequireRefused(f.Try(NotifyDecision{f.today(), "letter"}, Clerk()), Code::kRejected);
}

TEST_CASE("the certificate is issued with the scheme's number, validity and evaluation", "[domain][certificate]") {
  Lifecycle f;
  f.SetToday("2026-04-20");
  f.Approved();
  Decision d = f.Try(IssueCertificate{AddressKind::kOperating}, Clerk());
  REQUIRE(d.ok());
  const auto& e = std::get<CertificateIssued>(d.value()[0].body);
  CHECK(e.certificate_no == "CMM-525-2026-00001");
  CHECK(e.valid_from == D("2026-04-20"));
  CHECK(e.valid_until == D("2029-04-19"));
  CHECK(e.first_issued_on == D("2026-04-20"));
  CHECK(e.next_surveillance_due == D("2027-04-20"));
  CHECK(e.address_kind == AddressKind::kOperating);
  CHECK(e.basis == "GB/T 41247-2023; CMM-525-0010-GBT 41247-2023 (V1.0)");
  CHECK(e.certification_body == "北京希莫认证服务有限公司");
  CHECK(e.evaluation.service_management == Approx(38.4));
  CHECK(e.evaluation.quality == Approx(88));
  f.Record(d.value());
  CHECK(StageOf(f.state()) == Stage::kCertified);
  CHECK(f.state().certificate->status == CertificateStatus::kValid);
  RequireRefused(f.Try(IssueCertificate{}, Clerk()), Code::kRejected);  // issued once
}
