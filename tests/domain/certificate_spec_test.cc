// Certificate management (§7.4), the facts later decisions cite (§6.4.2,
// §8.2.1, §8.2.2) and the recertification application (§6.4.3) as
// specifications: Given events / When a command / Then events or a refusal.
#include "support/domain_events.h"

using namespace certreg::testing;

namespace {

const std::string kNewName = "杭州星河直播科技有限公司";
const std::string kWiderScope = "电子商务直播售货质量管理（直播营销服务、直播带货培训）";

ChangeCertificate Rename() { return {.holder_name = kNewName, .reason = "企业更名", .approver = "陈杰", .act = Act()}; }

ChangeCertificate ExtendScope() {
  return {.scope = kWiderScope, .scope_extension = true, .reason = "扩大范围", .approver = "陈杰", .act = Act()};
}

// A completed special audit A2 of the wider scope.
std::vector<Event> WiderScopeAudited() {
  AuditPlanned planned = AuditPlannedEv("A2", AuditKind::kSpecial);
  planned.scope = kWiderScope;
  return History(Certified(), TeamAssigned("A2", AuditKind::kSpecial), planned, Scored("A2"),
                 SurveillanceAuditCompleted{.audit_id = "A2", .kind = AuditKind::kSpecial, .team_leader = "zhang.wei"});
}

ReceiveComplaint Complaint() {
  return {.summary = "直播中虚假宣传", .act = Act(), .complainant = {.contact_name = "王五", .phone = "13900139000"}};
}

ComplaintReceived ComplaintEv(const std::string& id) {
  return {.complaint_id = id,
          .summary = "直播中虚假宣传",
          .act = Act(),
          .complainant = {.contact_name = "王五", .phone = "13900139000"}};
}

}  // namespace

// --- ChangeCertificate --------------------------------------------------------

TEST_CASE("a renamed holder's certificate records the name before and after",
          "[spec][certificate][ChangeCertificate]") {
  Given(Certified())
      .When(Rename(), Clerk())
      .Then(CertificateChanged{
          .changes = {{.field = "holder_name", .before = ValidForm().applicant.name, .after = kNewName}},
          .reason = "企业更名",
          .approver = "陈杰",
          .act = Act()});
}

TEST_CASE("a scope is extended after a special audit of the new scope", "[spec][certificate][ChangeCertificate]") {
  Given(WiderScopeAudited())
      .When(ExtendScope(), Clerk())
      .Then(CertificateChanged{.changes = {{.field = "scope", .before = ValidForm().scope, .after = kWiderScope}},
                               .reason = "扩大范围",
                               .approver = "陈杰",
                               .act = Act()});
}

// domain.md §9 amendment 5: the special audit of the new scope must have passed.
TEST_CASE("a scope extension on a special audit concluding revoke is refused, naming the conclusion",
          "[spec][certificate][ChangeCertificate][scope]") {
  std::vector<Event> history = WiderScopeAudited();
  std::get<SurveillanceAuditCompleted>(history.back().body).conclusion = SurveillanceConclusion::kRevoke;
  const auto outcome = Given(history).When(ExtendScope(), Clerk());
  outcome.ThenRejected(Code::kRejected, "VALID");
  CHECK_THAT(outcome.decision().status().message(), Catch::Contains("concluded revoke"));
}

TEST_CASE("a scope extension on a special audit with an open major finding is refused",
          "[spec][certificate][ChangeCertificate][scope]") {
  AuditPlanned planned = AuditPlannedEv("A2", AuditKind::kSpecial);
  planned.scope = kWiderScope;
  const auto outcome =
      Given(Certified(), TeamAssigned("A2", AuditKind::kSpecial), planned, FindingEv("F1", FindingGrade::kMajor, "A2"),
            Scored("A2"),
            SurveillanceAuditCompleted{.audit_id = "A2", .kind = AuditKind::kSpecial, .team_leader = "zhang.wei"})
          .When(ExtendScope(), Clerk());
  outcome.ThenRejected(Code::kRejected, "VALID");
  CHECK_THAT(outcome.decision().status().message(), Catch::Contains("open major finding"));
}

TEST_CASE("a scope extension on a special audit short of a §9 pass mark is refused",
          "[spec][certificate][ChangeCertificate][scope]") {
  std::vector<Event> history = WiderScopeAudited();
  std::get<ScoresRecorded>(history[history.size() - 2].body).management["9.3.1"] = 20;
  std::get<ScoresRecorded>(history[history.size() - 2].body).all_thresholds_met = false;
  const auto outcome = Given(history).When(ExtendScope(), Clerk());
  outcome.ThenRejected(Code::kRejected, "VALID");
  CHECK_THAT(outcome.decision().status().message(), Catch::Contains("pass mark"));
}

TEST_CASE("a special audit that assessed some indicators only extends the scope when each of them passed",
          "[spec][certificate][ChangeCertificate][scope]") {
  std::vector<Event> history = WiderScopeAudited();
  ScoresRecorded& scores = std::get<ScoresRecorded>(history[history.size() - 2].body);
  scores.management = {{"9.3.1", 92}, {"9.4.3", 96}};  // 重点测评: two indicators, both at or over their marks
  scores.complete = false;
  scores.all_thresholds_met = false;
  const auto extended = Given(history).When(ExtendScope(), Clerk());
  CHECK(extended.decision().ok());
  scores.management["9.4.3"] = 90;  // under its mark of 95
  Given(history).When(ExtendScope(), Clerk()).ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("a scope extension without a special audit of it is refused", "[spec][certificate][ChangeCertificate]") {
  Given(Certified()).When(ExtendScope(), Clerk()).ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("an ended certificate is not changed", "[spec][certificate][ChangeCertificate]") {
  Given(Certified(), Cancelled()).When(Rename(), Clerk()).ThenRejected(Code::kRejected, "CANCELLED");
}

TEST_CASE("a change names what changes, why, who approved it, and whether a scope grows",
          "[spec][certificate][ChangeCertificate]") {
  Given(Certified()).When(ChangeCertificate{.act = Act()}, Clerk()).ThenInvalid({"holder_name", "reason", "approver"});
  ChangeCertificate undirected = ExtendScope();
  undirected.scope_extension.reset();
  Given(Certified()).When(undirected, Clerk()).ThenInvalid({"scope_extension"});
}

// --- ReissueCertificate -------------------------------------------------------

TEST_CASE("a damaged certificate is reissued", "[spec][certificate][ReissueCertificate]") {
  Given(Certified())
      .When(ReissueCertificate{.cause = ReissueCause::kDamaged, .approver = "陈杰", .act = Act()}, Clerk())
      .Then(CertificateReissued{.cause = ReissueCause::kDamaged, .approver = "陈杰", .act = Act()});
}

TEST_CASE("a revoked certificate is not reissued", "[spec][certificate][ReissueCertificate]") {
  Given(Certified(), Revoked())
      .When(ReissueCertificate{.approver = "陈杰", .act = Act()}, Clerk())
      .ThenRejected(Code::kRejected, "REVOKED");
}

TEST_CASE("a reissue names its approver", "[spec][certificate][ReissueCertificate]") {
  Given(Certified()).When(ReissueCertificate{.act = Act()}, Clerk()).ThenInvalid({"approver"});
}

// --- ReportMajorChange --------------------------------------------------------

TEST_CASE("a holder's major change is recorded with a report number", "[spec][certificate][ReportMajorChange]") {
  Given(Certified())
      .When(ReportMajorChange{.description = "法定代表人变更", .act = Act()}, Clerk())
      .Then(MajorChangeReported{.report_id = "R1", .description = "法定代表人变更", .act = Act()});
}

TEST_CASE("a major change is reported only on a certificate", "[spec][certificate][ReportMajorChange]") {
  Given(Applied())
      .When(ReportMajorChange{.description = "法定代表人变更", .act = Act()}, Clerk())
      .ThenRejected(Code::kRejected, "awaiting_acceptance");
}

TEST_CASE("a major change report describes the change", "[spec][certificate][ReportMajorChange]") {
  Given(Certified()).When(ReportMajorChange{.act = Act()}, Clerk()).ThenInvalid({"description"});
}

// --- ReceiveComplaint ---------------------------------------------------------

TEST_CASE("complaints are numbered in the order received", "[spec][certificate][ReceiveComplaint]") {
  Given(Certified()).When(Complaint(), Clerk()).Then(ComplaintEv("C1"));
  Given(Certified(), ComplaintEv("C1")).When(Complaint(), Clerk()).Then(ComplaintEv("C2"));
}

TEST_CASE("no complaint is received about a cancelled certificate", "[spec][certificate][ReceiveComplaint]") {
  Given(Certified(), Cancelled()).When(Complaint(), Clerk()).ThenRejected(Code::kRejected, "CANCELLED");
}

TEST_CASE("a complaint has a summary", "[spec][certificate][ReceiveComplaint]") {
  Given(Certified()).When(ReceiveComplaint{.act = Act()}, Clerk()).ThenInvalid({"summary"});
}

// --- RecordSurveillanceRefusal ------------------------------------------------

TEST_CASE("a holder's refusal of surveillance is recorded", "[spec][certificate][RecordSurveillanceRefusal]") {
  Given(Certified())
      .When(RecordSurveillanceRefusal{.details = "拒绝安排监督审核"}, Clerk())
      .Then(SurveillanceRefused{.details = "拒绝安排监督审核"});
}

TEST_CASE("a refusal of surveillance needs a certificate", "[spec][certificate][RecordSurveillanceRefusal]") {
  Given(ApprovedHistory())
      .When(RecordSurveillanceRefusal{.details = "拒绝安排监督审核"}, Clerk())
      .ThenRejected(Code::kRejected, "awaiting_issue");
}

TEST_CASE("a refusal of surveillance has details", "[spec][certificate][RecordSurveillanceRefusal]") {
  Given(Certified()).When(RecordSurveillanceRefusal{}, Clerk()).ThenInvalid({"details"});
}

// --- ApplyForRecertification --------------------------------------------------

TEST_CASE("recertification is applied for in the last three months of validity",
          "[spec][certificate][ApplyForRecertification]") {
  Given(Certified())
      .On("2028-12-01")
      .When(ApplyForRecertification{.form = ValidForm(), .act = Act("2028-12-01")}, Clerk())
      .Then(RecertificationApplied{
          .form = ValidForm(), .act = Act("2028-12-01"), .due_on = D("2028-12-08"), .scheme = BuiltInRef()});
}

TEST_CASE("recertification is refused before its window and while one is open",
          "[spec][certificate][ApplyForRecertification]") {
  Given(Certified())
      .When(ApplyForRecertification{.form = ValidForm(), .act = Act()}, Clerk())
      .ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), At("2028-12-01", RecertificationAppliedEv(D("2028-12-01"))))
      .On("2028-12-02")
      .When(ApplyForRecertification{.form = ValidForm(), .act = Act("2028-12-02")}, Clerk())
      .ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("no new recertification while the rejection of the last one awaits its notice",
          "[spec][certificate][ApplyForRecertification][notice]") {
  auto spec = Given(Certified(), At("2028-12-01", RecertificationAppliedEv(D("2028-12-01"))),
                          At("2028-12-20", DecidedToReject()));
  const auto refused =
      spec.On("2028-12-22").When(ApplyForRecertification{.form = ValidForm(), .act = Act("2028-12-22")}, Clerk());
  refused.ThenRejected(Code::kRejected, "VALID");
  CHECK_THAT(refused.decision().status().message(), Catch::Contains("not notified"));
  // Once notified, the holder may apply again within the window.
  Given(Certified(), At("2028-12-01", RecertificationAppliedEv(D("2028-12-01"))), At("2028-12-20", DecidedToReject()),
        At("2028-12-21", DecisionNotified{.notified_on = D("2028-12-21"), .channel = "email"}))
      .On("2028-12-22")
      .When(ApplyForRecertification{.form = ValidForm(), .act = Act("2028-12-22")}, Clerk())
      .Then(RecertificationApplied{
          .form = ValidForm(), .act = Act("2028-12-22"), .due_on = D("2028-12-29"), .scheme = BuiltInRef()});
}

TEST_CASE("a recertification form is validated like an application", "[spec][certificate][ApplyForRecertification]") {
  ApplicationForm form = ValidForm();
  form.scope.clear();
  form.declarations.accepts_audit = false;
  Given(Certified())
      .On("2028-12-01")
      .When(ApplyForRecertification{.form = form, .act = Act("2028-12-01")}, Clerk())
      .ThenInvalid({"scope", "declarations.accepts_audit"});
}

TEST_CASE("a certificate past its validity is cancelled before a late recertification is refused",
          "[spec][certificate][ApplyForRecertification][time]") {
  Given(Certified())
      .On("2029-03-02")
      .When(ApplyForRecertification{.form = ValidForm(), .act = Act("2029-03-02")}, Clerk())
      .ThenDue(CertificateCancelled{
          .grounds = "8.2.3-1", .reason = "有效期届满，未申请再认证", .approver = "system"})
      .ThenRejected(Code::kRejected, "CANCELLED");
}
