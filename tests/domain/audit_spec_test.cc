// Audits and evaluation (§5, §6.2, §6.4.2, §9, §10) as specifications:
// Given events / When a command / Then events or a refusal.
#include "support/domain_events.h"

using namespace certreg::testing;

namespace {

PlanAudit Plan(AuditKind kind = AuditKind::kInitial) {
  const bool cycle = kind == AuditKind::kInitial || kind == AuditKind::kRecertification;
  return {.kind = kind,
          .leader = Leader().name,
          .members = {Leader().name, Member().name, Member().name},
          .start_date = kGivenOn,
          .onsite_days = cycle ? 5 : 2,
          .sites = {"杭州总部"},
          .scope = ValidForm().scope,
          .trigger = kind == AuditKind::kSpecial ? SpecialTrigger::kComplaint : SpecialTrigger::kNone};
}

RecordFinding Finding(const std::string& audit = "A1") {
  return {.audit_id = audit,
          .indicator = "9.4.3",
          .grade = FindingGrade::kMinor,
          .description = "直播信息审核记录不全",
          .evidence = "抽查记录"};
}

// A certified file with surveillance audit A2 planned.
std::vector<Event> InSurveillance() {
  return History(Certified(), TeamAssigned("A2", AuditKind::kSurveillance),
                 AuditPlannedEv("A2", AuditKind::kSurveillance));
}

}  // namespace

// --- PlanAudit ----------------------------------------------------------------

TEST_CASE("an accepted application gets its audit team and plan, the leader not repeated as a member",
          "[spec][audit][PlanAudit]") {
  Given(Applied(), Accepted()).When(Plan(), Leader()).Then(TeamAssigned(), AuditPlannedEv());
}

TEST_CASE("a special audit of a certificate is numbered after the file's audits", "[spec][audit][PlanAudit]") {
  Given(Certified())
      .When(Plan(AuditKind::kSpecial), Leader())
      .Then(TeamAssigned("A2", AuditKind::kSpecial), AuditPlannedEv("A2", AuditKind::kSpecial));
}

TEST_CASE("an initial audit waits for the acceptance", "[spec][audit][PlanAudit]") {
  Given(Applied()).When(Plan(), Leader()).ThenRejected(Code::kRejected, "awaiting_acceptance");
}

TEST_CASE("a special audit needs a certificate", "[spec][audit][PlanAudit]") {
  Given(Applied(), Accepted()).When(Plan(AuditKind::kSpecial), Leader()).ThenRejected(Code::kRejected, "accepted");
}

TEST_CASE("an audit plan names its leader, start, sites and on-site days within the scheme's range",
          "[spec][audit][PlanAudit]") {
  Given(Applied(), Accepted())
      .When(PlanAudit{.onsite_days = 3}, Leader())
      .ThenInvalid({"leader", "start_date", "onsite_days", "sites"});
  PlanAudit triggered = Plan();
  triggered.trigger = SpecialTrigger::kComplaint;
  Given(Applied(), Accepted()).When(triggered, Leader()).ThenInvalid({"trigger"});
}

// --- RecordFinding ------------------------------------------------------------

TEST_CASE("a finding is recorded against an indicator of the open audit", "[spec][audit][RecordFinding]") {
  Given(InAudit()).When(Finding(), Leader()).Then(FindingEv("F1"));
  Given(InAudit(), FindingEv("F1")).When(Finding(), Member()).Then(FindingEv("F2"));
}

TEST_CASE("no finding is recorded once the audit's report is approved", "[spec][audit][RecordFinding]") {
  Given(ReportApprovedHistory()).When(Finding(), Leader()).ThenRejected(Code::kRejected, "awaiting_review");
}

TEST_CASE("a finding for an unknown audit finds nothing", "[spec][audit][RecordFinding]") {
  Given(InAudit()).When(Finding("A9"), Leader()).ThenRejected(Code::kNotFound, SubCode::kNone);
}

TEST_CASE("a finding names a finding code of the scheme and a description", "[spec][audit][RecordFinding]") {
  Given(InAudit())
      .When(RecordFinding{.audit_id = "A1", .indicator = "1.2.3", .grade = FindingGrade::kMinor}, Leader())
      .ThenInvalid({"indicator", "description"});
}

TEST_CASE("a graded finding of a surveillance audit needs a correction deadline", "[spec][audit][RecordFinding]") {
  Given(InSurveillance()).When(Finding("A2"), Leader()).ThenInvalid({"correction_deadline"});
}

// --- CloseFinding -------------------------------------------------------------

TEST_CASE("an open finding is closed with its corrective action and verification", "[spec][audit][CloseFinding]") {
  Given(InAudit(), FindingEv())
      .When(CloseFinding{.finding_id = "F1", .corrective_action = "补全审核记录", .verification = "复核通过"}, Leader())
      .Then(FindingClosedEv());
}

TEST_CASE("a closed finding is not closed again", "[spec][audit][CloseFinding]") {
  Given(InAudit(), FindingEv(), FindingClosedEv())
      .When(CloseFinding{.finding_id = "F1", .corrective_action = "再次纠正", .verification = "复核"}, Leader())
      .ThenRejected(Code::kRejected, "in_audit");
}

TEST_CASE("an unknown finding is not closed", "[spec][audit][CloseFinding]") {
  Given(InAudit(), FindingEv())
      .When(CloseFinding{.finding_id = "F9", .corrective_action = "纠正", .verification = "复核"}, Leader())
      .ThenRejected(Code::kNotFound, SubCode::kNone);
}

TEST_CASE("closing a finding needs the corrective action and its verification", "[spec][audit][CloseFinding]") {
  Given(InAudit(), FindingEv())
      .When(CloseFinding{.finding_id = "F1"}, Leader())
      .ThenInvalid({"corrective_action", "verification"});
}

// --- RecordScores -------------------------------------------------------------

TEST_CASE("scores are recorded with what they derive under the scheme", "[spec][audit][RecordScores]") {
  const ScoresInput input = PassingScores();
  Given(InAudit())
      .When(RecordScores{.audit_id = "A1", .scores = input}, Leader())
      .ThenEvents([&](const std::vector<Event>& events) {
        if (events.size() != 1) return false;
        const auto* scores = std::get_if<ScoresRecorded>(&events[0].body);
        return scores != nullptr && scores->audit_id == "A1" && scores->management == input.management &&
               scores->service == input.service && scores->enhancement == input.enhancement && scores->complete &&
               scores->all_thresholds_met && scores->areas.size() == 8 && scores->comprehensive > 0 &&
               scores->scheme == BuiltInRef();
      });
}

TEST_CASE("no scores are recorded once the audit's report is approved", "[spec][audit][RecordScores]") {
  Given(ReportApprovedHistory())
      .When(RecordScores{.audit_id = "A1", .scores = PassingScores()}, Leader())
      .ThenRejected(Code::kRejected, "awaiting_review");
}

TEST_CASE("a score outside 0 to 100 is invalid", "[spec][audit][RecordScores]") {
  ScoresInput input = PassingScores();
  input.management["9.4.3"] = 101;
  Given(InAudit()).When(RecordScores{.audit_id = "A1", .scores = input}, Leader()).ThenInvalid({"management.9.4.3"});
}

TEST_CASE("scores for an unknown audit find nothing", "[spec][audit][RecordScores]") {
  Given(InAudit())
      .When(RecordScores{.audit_id = "A9", .scores = PassingScores()}, Leader())
      .ThenRejected(Code::kNotFound, SubCode::kNone);
}

// --- SubmitReport -------------------------------------------------------------

TEST_CASE("the team leader submits the audit report with its recommendation", "[spec][audit][SubmitReport]") {
  Given(InAudit(), Scored())
      .When(SubmitReport{.audit_id = "A1", .conclusion = "符合认证要求", .recommendation = DecisionOutcome::kApprove},
            Leader())
      .Then(ReportSubmitted());
}

TEST_CASE("a report entered late may have been sent after its effective date, up to today",
          "[spec][audit][SubmitReport]") {
  Given(InAudit(), Scored())
      .Today("2026-03-10")
      .On("2026-03-05")
      .When(SubmitReport{.audit_id = "A1", .conclusion = "符合认证要求", .report_sent_on = D("2026-03-09")}, Leader())
      .Then(AuditReportSubmitted{.audit_id = "A1", .conclusion = "符合认证要求", .report_sent_on = D("2026-03-09")});
}

TEST_CASE("only the team leader submits the report", "[spec][audit][SubmitReport]") {
  Given(InAudit(), Scored())
      .When(SubmitReport{.audit_id = "A1", .conclusion = "符合认证要求"}, Member())
      .ThenRejected(Code::kForbidden, SubCode::kNone);
}

TEST_CASE("a report is submitted once", "[spec][audit][SubmitReport]") {
  Given(InAudit(), Scored(), ReportSubmitted())
      .When(SubmitReport{.audit_id = "A1", .conclusion = "符合认证要求"}, Leader())
      .ThenRejected(Code::kRejected, "report_submitted");
}

TEST_CASE("a surveillance audit has no report", "[spec][audit][SubmitReport]") {
  Given(InSurveillance(), Scored("A2"))
      .When(SubmitReport{.audit_id = "A2", .conclusion = "保持认证"}, Leader())
      .ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("a report needs a conclusion and is not sent in the future", "[spec][audit][SubmitReport]") {
  Given(InAudit(), Scored())
      .When(SubmitReport{.audit_id = "A1", .report_sent_on = D("2026-03-03")}, Leader())
      .ThenInvalid({"conclusion", "report_sent_on"});
}

// --- ApproveReport ------------------------------------------------------------

TEST_CASE("the committee approves a submitted report", "[spec][audit][ApproveReport]") {
  Given(InAudit(), Scored(), ReportSubmitted())
      .When(ApproveReport{.audit_id = "A1"}, Committee())
      .Then(ReportApproved());
}

TEST_CASE("a member of the audit team may not approve its report", "[spec][audit][ApproveReport][impartiality]") {
  Given(InAudit(), Scored(), ReportSubmitted())
      .When(ApproveReport{.audit_id = "A1"}, ConflictedCommittee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
}

TEST_CASE("a report is approved after it is submitted, and once", "[spec][audit][ApproveReport]") {
  Given(InAudit()).When(ApproveReport{.audit_id = "A1"}, Committee()).ThenRejected(Code::kRejected, "in_audit");
  Given(ReportApprovedHistory())
      .When(ApproveReport{.audit_id = "A1"}, Committee())
      .ThenRejected(Code::kRejected, "awaiting_review");
}

TEST_CASE("approving the report of an unknown audit finds nothing", "[spec][audit][ApproveReport]") {
  Given(InAudit()).When(ApproveReport{.audit_id = "A9"}, Committee()).ThenRejected(Code::kNotFound, SubCode::kNone);
}

// --- CompleteSurveillanceAudit ------------------------------------------------

// domain.md §9 amendment 6: the next one is due a year after this audit's own
// date (its Annex B.4 date), not a year after the previous due date.
TEST_CASE("a scored surveillance audit completes and the next is due a year after its start date",
          "[spec][audit][CompleteSurveillanceAudit][surveillance]") {
  AuditPlanned planned = AuditPlannedEv("A2", AuditKind::kSurveillance);
  planned.start_date = D("2026-11-16");
  Given(Certified(), TeamAssigned("A2", AuditKind::kSurveillance), planned, Scored("A2"))
      .On("2026-11-18")
      .When(CompleteSurveillanceAudit{.audit_id = "A2", .conclusion = SurveillanceConclusion::kMaintain}, Leader())
      .Then(SurveillanceAuditCompleted{.audit_id = "A2",
                                       .kind = AuditKind::kSurveillance,
                                       .audit_date = D("2026-11-16"),
                                       .conclusion = SurveillanceConclusion::kMaintain,
                                       .team_leader = Leader().name,
                                       .next_surveillance_due = D("2027-11-16")});
}

TEST_CASE("a second surveillance audit in one year moves the next due date a year after it, not two years on",
          "[spec][audit][CompleteSurveillanceAudit][surveillance]") {
  AuditPlanned first = AuditPlannedEv("A2", AuditKind::kSurveillance);
  first.start_date = D("2026-06-01");
  AuditPlanned second = AuditPlannedEv("A3", AuditKind::kSurveillance);
  second.start_date = D("2026-09-01");
  Given(Certified(), TeamAssigned("A2", AuditKind::kSurveillance), first, Scored("A2"),
        SurveillanceAuditCompleted{.audit_id = "A2",
                                   .kind = AuditKind::kSurveillance,
                                   .audit_date = D("2026-06-01"),
                                   .team_leader = Leader().name,
                                   .next_surveillance_due = D("2027-06-01")},
        TeamAssigned("A3", AuditKind::kSurveillance), second, Scored("A3"))
      .On("2026-09-03")
      .When(CompleteSurveillanceAudit{.audit_id = "A3", .conclusion = SurveillanceConclusion::kMaintain}, Leader())
      .Then(SurveillanceAuditCompleted{.audit_id = "A3",
                                       .kind = AuditKind::kSurveillance,
                                       .audit_date = D("2026-09-01"),
                                       .conclusion = SurveillanceConclusion::kMaintain,
                                       .team_leader = Leader().name,
                                       .next_surveillance_due = D("2027-09-01")});
}

TEST_CASE("a special audit completes without moving the surveillance", "[spec][audit][CompleteSurveillanceAudit]") {
  Given(Certified(), TeamAssigned("A2", AuditKind::kSpecial), AuditPlannedEv("A2", AuditKind::kSpecial), Scored("A2"))
      .When(CompleteSurveillanceAudit{.audit_id = "A2", .conclusion = SurveillanceConclusion::kSuspend}, Leader())
      .Then(SurveillanceAuditCompleted{.audit_id = "A2",
                                       .kind = AuditKind::kSpecial,
                                       .audit_date = kGivenOn,
                                       .conclusion = SurveillanceConclusion::kSuspend,
                                       .team_leader = Leader().name});
}

TEST_CASE("a surveillance audit completes once it has scores, and once", "[spec][audit][CompleteSurveillanceAudit]") {
  const CompleteSurveillanceAudit complete{.audit_id = "A2"};
  Given(InSurveillance()).When(complete, Leader()).ThenRejected(Code::kRejected, "VALID");
  Given(InSurveillance(), Scored("A2"), SurveillanceAuditCompleted{.audit_id = "A2", .team_leader = Leader().name})
      .When(complete, Leader())
      .ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("an initial audit ends with a report, not a completion", "[spec][audit][CompleteSurveillanceAudit]") {
  Given(InAudit(), Scored())
      .When(CompleteSurveillanceAudit{.audit_id = "A1"}, Leader())
      .ThenRejected(Code::kRejected, "in_audit");
}

TEST_CASE("only the team leader completes an audit", "[spec][audit][CompleteSurveillanceAudit]") {
  Given(InSurveillance(), Scored("A2"))
      .When(CompleteSurveillanceAudit{.audit_id = "A2"}, Member())
      .ThenRejected(Code::kForbidden, SubCode::kNone);
}
