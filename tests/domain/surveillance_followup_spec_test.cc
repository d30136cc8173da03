// What surveillance brings up for the committee (domain.md §9 amendments 6
// and 7): an audit concluding suspend or revoke waits for the committee's
// action; a reported major change or a complaint makes a special audit owed.
// Given events / When a command / Then events or a refusal, and the work
// queue's clocks they start and stop.
#include <algorithm>

#include "support/domain_events.h"

using namespace certreg::testing;

namespace {

// Special audit A2 completed with `conclusion` on kGivenOn.
std::vector<Event> SpecialAuditConcluded(SurveillanceConclusion conclusion) {
  return History(Certified(), TeamAssigned("A2", AuditKind::kSpecial), AuditPlannedEv("A2", AuditKind::kSpecial),
                 Scored("A2"),
                 SurveillanceAuditCompleted{.audit_id = "A2",
                                            .kind = AuditKind::kSpecial,
                                            .audit_date = kGivenOn,
                                            .conclusion = conclusion,
                                            .team_leader = Leader().name});
}

MajorChangeReported MajorChange() { return {.report_id = "R1", .description = "法定代表人变更", .act = Act()}; }
ComplaintReceived Complaint() { return {.complaint_id = "C1", .summary = "直播中虚假宣传", .act = Act()}; }

bool Overdue(const FileState& state, const char* on, OverdueReason reason) {
  const std::vector<OverdueReason> reasons = OverdueReasons(state, D(on));
  return std::find(reasons.begin(), reasons.end(), reason) != reasons.end();
}

}  // namespace

// --- §9.6 surveillance_action -------------------------------------------------

TEST_CASE("an audit concluding revoke is overdue for the committee from the next day", "[domain][queue][surveillance]") {
  const FileState state = Given(SpecialAuditConcluded(SurveillanceConclusion::kRevoke)).state();
  REQUIRE(state.surveillance_action);
  CHECK(state.surveillance_action->audit_id == "A2");
  CHECK_FALSE(Overdue(state, "2026-03-02", OverdueReason::kSurveillanceAction));
  CHECK(Overdue(state, "2026-03-03", OverdueReason::kSurveillanceAction));
}

TEST_CASE("the work queue's due date of a file awaiting the committee's action is the conclusion's day",
          "[domain][queue][surveillance]") {
  const FileState pending = Given(SpecialAuditConcluded(SurveillanceConclusion::kSuspend)).state();
  CHECK(DueOn(pending) == kGivenOn);  // not the next surveillance, a year away
  const FileState owed = Given(Certified(), MajorChange()).state();
  CHECK(DueOn(owed) == kGivenOn);
  const FileState settled = Given(SpecialAuditConcluded(SurveillanceConclusion::kMaintain)).state();
  CHECK(DueOn(settled) == settled.certificate->next_surveillance_due);
}

TEST_CASE("a conclusion already in effect asks nothing of the committee", "[domain][queue][surveillance]") {
  std::vector<Event> suspended = History(Certified(), Suspended(), TeamAssigned("A2", AuditKind::kSpecial),
                                         AuditPlannedEv("A2", AuditKind::kSpecial), Scored("A2"),
                                         SurveillanceAuditCompleted{.audit_id = "A2",
                                                                    .kind = AuditKind::kSpecial,
                                                                    .audit_date = kGivenOn,
                                                                    .conclusion = SurveillanceConclusion::kSuspend,
                                                                    .team_leader = Leader().name});
  CHECK_FALSE(Given(suspended).state().surveillance_action);
  std::get<SurveillanceAuditCompleted>(suspended.back().body).conclusion = SurveillanceConclusion::kRevoke;
  CHECK(Given(suspended).state().surveillance_action);  // suspended, but no proceeding yet
}

TEST_CASE("an audit concluding maintain asks nothing of the committee", "[domain][queue][surveillance]") {
  const FileState state = Given(SpecialAuditConcluded(SurveillanceConclusion::kMaintain)).state();
  CHECK_FALSE(state.surveillance_action);
  CHECK_FALSE(Overdue(state, "2026-04-01", OverdueReason::kSurveillanceAction));
}

TEST_CASE("suspending or opening a revocation proceeding answers the audit's conclusion",
          "[domain][queue][surveillance]") {
  CHECK_FALSE(Given(SpecialAuditConcluded(SurveillanceConclusion::kSuspend), Suspended()).state().surveillance_action);
  CHECK_FALSE(
      Given(SpecialAuditConcluded(SurveillanceConclusion::kRevoke), ProceedingOpened("A2")).state().surveillance_action);
}

TEST_CASE("the committee maintains the certification after an audit concluded suspend",
          "[spec][surveillance][MaintainCertification]") {
  const auto spec = Given(SpecialAuditConcluded(SurveillanceConclusion::kSuspend));
  spec.When(MaintainCertification{.reason = "问题已当场纠正，维持认证"}, Committee())
      .Then(CertificationMaintained{.audit_id = "A2", .reason = "问题已当场纠正，维持认证"});
  const FileState after = Given(SpecialAuditConcluded(SurveillanceConclusion::kSuspend),
                                CertificationMaintained{.audit_id = "A2", .reason = "维持"})
                              .state();
  CHECK_FALSE(after.surveillance_action);
  CHECK_FALSE(Overdue(after, "2026-04-01", OverdueReason::kSurveillanceAction));
}

TEST_CASE("maintaining is refused when no conclusion awaits the committee", "[spec][surveillance][MaintainCertification]") {
  Given(Certified()).When(MaintainCertification{.reason = "维持"}, Committee()).ThenRejected(Code::kRejected, "VALID");
  Given(SpecialAuditConcluded(SurveillanceConclusion::kMaintain))
      .When(MaintainCertification{.reason = "维持"}, Committee())
      .ThenRejected(Code::kRejected, "VALID");
  Given(SpecialAuditConcluded(SurveillanceConclusion::kSuspend))
      .When(MaintainCertification{}, Committee())
      .ThenInvalid({"reason"});
}

TEST_CASE("a member of the audit's team may not maintain the certification against its conclusion",
          "[spec][surveillance][MaintainCertification][impartiality]") {
  Given(SpecialAuditConcluded(SurveillanceConclusion::kRevoke))
      .When(MaintainCertification{.reason = "维持"}, ConflictedCommittee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
}

// --- §9.7 special_audit -------------------------------------------------------

TEST_CASE("a reported major change or a complaint makes a special audit owed from the next day",
          "[domain][queue][special]") {
  for (const EventBody& cause : {EventBody(MajorChange()), EventBody(Complaint())}) {
    const FileState state = Given(Certified(), At(kGivenOn, cause)).state();
    CHECK_FALSE(Overdue(state, "2026-03-02", OverdueReason::kSpecialAudit));
    CHECK(Overdue(state, "2026-03-03", OverdueReason::kSpecialAudit));
  }
}

TEST_CASE("planning a special audit after the complaint ends the owed special audit", "[domain][queue][special]") {
  const FileState state = Given(Certified(), Complaint(), TeamAssigned("A2", AuditKind::kSpecial),
                                AuditPlannedEv("A2", AuditKind::kSpecial))
                              .state();
  CHECK_FALSE(state.special_audit_owed);
  CHECK_FALSE(Overdue(state, "2026-04-01", OverdueReason::kSpecialAudit));
  // A surveillance audit is not a special audit: it leaves the owed one owed.
  CHECK(Given(Certified(), Complaint(), TeamAssigned("A2", AuditKind::kSurveillance),
              AuditPlannedEv("A2", AuditKind::kSurveillance))
            .state()
            .special_audit_owed);
}

TEST_CASE("the committee waives the special audit owed for a change and a complaint",
          "[spec][surveillance][WaiveSpecialAudit]") {
  Given(Certified(), MajorChange(), Complaint())
      .When(WaiveSpecialAudit{.reason = "变更不影响认证要求，投诉经核实不成立"}, Committee())
      .Then(SpecialAuditWaived{.causes = {"R1", "C1"}, .reason = "变更不影响认证要求，投诉经核实不成立"});
  const FileState after =
      Given(Certified(), Complaint(), SpecialAuditWaived{.causes = {"C1"}, .reason = "不成立"}).state();
  CHECK_FALSE(Overdue(after, "2026-04-01", OverdueReason::kSpecialAudit));
}

TEST_CASE("waiving is refused when no special audit is owed", "[spec][surveillance][WaiveSpecialAudit]") {
  Given(Certified()).When(WaiveSpecialAudit{.reason = "无需"}, Committee()).ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), Complaint(), TeamAssigned("A2", AuditKind::kSpecial), AuditPlannedEv("A2", AuditKind::kSpecial))
      .When(WaiveSpecialAudit{.reason = "无需"}, Committee())
      .ThenRejected(Code::kRejected, "VALID");
  Given(Certified(), Complaint()).When(WaiveSpecialAudit{}, Committee()).ThenInvalid({"reason"});
}
