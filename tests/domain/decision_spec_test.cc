// The decision (§6.3) and the certificate's issue and renewal (§6.4.1,
// §6.4.3, §7) as specifications: Given events / When a command / Then events
// or a refusal.
#include "support/domain_events.h"

using namespace certreg::testing;

namespace {

ReviewFile AllPointsHold() {
  return {.process_conforms = true, .findings_accurate = true, .conclusion_reasonable = true, .comments = "审查通过"};
}

// A1 reviewed with the minor finding F1 open: awaiting the decision.
std::vector<Event> ReviewedWithMinor() {
  return History(InAudit(), FindingEv(), Scored(), ReportSubmitted(), ReportApproved(), Reviewed());
}

// Approved on condition that F1 is closed by 2026-04-30, and notified.
std::vector<Event> ConditionalHistory() { return History(ReviewedWithMinor(), DecidedConditionally(), Notified()); }

// The certificate, and a recertification approved and notified on 2028-12-01 (audit A2).
std::vector<Event> RecertificationApproved() {
  std::vector<Event> history = Certified();
  const auto kind = AuditKind::kRecertification;
  for (EventBody body : std::vector<EventBody>{
           RecertificationAppliedEv(D("2028-12-01")), Accepted(), TeamAssigned("A2", kind), AuditPlannedEv("A2", kind),
           Scored("A2"), ReportSubmitted("A2"), ReportApproved("A2"), Reviewed("A2"), Decided("A2"),
           DecisionNotified{.notified_on = D("2028-12-01"), .channel = "email"}}) {
    history.push_back(At("2028-12-01", std::move(body)));
  }
  return history;
}

}  // namespace

// --- ReviewFile ---------------------------------------------------------------

TEST_CASE("the committee reviews the approved report on its three points", "[spec][decision][ReviewFile]") {
  Given(ReportApprovedHistory()).When(AllPointsHold(), Committee()).Then(Reviewed());
  Given(ReportApprovedHistory())
      .When(ReviewFile{.findings_accurate = true, .conclusion_reasonable = true, .comments = "程序不符合"}, Committee())
      .Then(CommitteeReviewed{
          .audit_id = "A1", .findings_accurate = true, .conclusion_reasonable = true, .comments = "程序不符合"});
}

TEST_CASE("a member of the audit team may not review the file", "[spec][decision][ReviewFile][impartiality]") {
  Given(ReportApprovedHistory())
      .When(AllPointsHold(), ConflictedCommittee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
}

TEST_CASE("the review waits for the approved report and ends with the decision", "[spec][decision][ReviewFile]") {
  Given(InAudit(), Scored(), ReportSubmitted())
      .When(AllPointsHold(), Committee())
      .ThenRejected(Code::kRejected, "report_submitted");
  Given(ReviewedHistory(), Decided())
      .When(AllPointsHold(), Committee())
      .ThenRejected(Code::kRejected, "awaiting_notice");
}

// --- DecideCertification ------------------------------------------------------

TEST_CASE("a reviewed file with no open finding is approved, the notice due in five working days",
          "[spec][decision][DecideCertification]") {
  Given(ReviewedHistory()).When(DecideCertification{.outcome = DecisionOutcome::kApprove}, Committee()).Then(Decided());
}

TEST_CASE("an open minor finding makes the approval conditional on it", "[spec][decision][DecideCertification]") {
  Given(ReviewedWithMinor())
      .When(DecideCertification{.outcome = DecisionOutcome::kConditional, .conditions_deadline = D("2026-04-30")},
            Committee())
      .Then(DecidedConditionally());
}

TEST_CASE("a file is rejected with the reason", "[spec][decision][DecideCertification]") {
  Given(ReviewedHistory())
      .When(DecideCertification{.outcome = DecisionOutcome::kReject, .reason = "管理要求不符合"}, Committee())
      .Then(DecidedToReject());
}

TEST_CASE("a member of the audit team may not decide", "[spec][decision][DecideCertification][impartiality]") {
  Given(ReviewedHistory())
      .When(DecideCertification{.outcome = DecisionOutcome::kApprove}, ConflictedCommittee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
}

TEST_CASE("the decision waits for the review, and approval for every finding closed",
          "[spec][decision][DecideCertification]") {
  const DecideCertification approve{.outcome = DecisionOutcome::kApprove};
  Given(ReportApprovedHistory()).When(approve, Committee()).ThenRejected(Code::kRejected, "awaiting_review");
  Given(ReviewedWithMinor()).When(approve, Committee()).ThenRejected(Code::kRejected, "awaiting_decision");
  Given(ReportApprovedHistory(), CommitteeReviewed{.audit_id = "A1", .findings_accurate = true})
      .When(approve, Committee())
      .ThenRejected(Code::kRejected, "awaiting_decision");
}

TEST_CASE("a rejection needs a reason, a conditional approval its deadline and nothing else one",
          "[spec][decision][DecideCertification]") {
  Given(ReviewedHistory())
      .When(DecideCertification{.outcome = DecisionOutcome::kReject}, Committee())
      .ThenInvalid({"reason"});
  Given(ReviewedWithMinor())
      .When(DecideCertification{.outcome = DecisionOutcome::kConditional}, Committee())
      .ThenInvalid({"conditions_deadline"});
  Given(ReviewedHistory())
      .When(DecideCertification{.outcome = DecisionOutcome::kApprove, .conditions_deadline = D("2026-04-30")},
            Committee())
      .ThenInvalid({"conditions_deadline"});
}

// --- NotifyDecision -----------------------------------------------------------

TEST_CASE("the decision is notified within its notice period", "[spec][decision][NotifyDecision]") {
  Given(ReviewedHistory(), Decided())
      .When(NotifyDecision{.notified_on = kGivenOn, .channel = "email"}, Clerk())
      .Then(Notified());
}

TEST_CASE("a notice after its due date is recorded and flagged late", "[spec][decision][NotifyDecision]") {
  Given(ReviewedHistory(), Decided())
      .On("2026-03-10")
      .When(NotifyDecision{.notified_on = D("2026-03-10"), .channel = "post"}, Clerk())
      .Then(DecisionNotified{.notified_on = D("2026-03-10"), .channel = "post", .late = true});
}

TEST_CASE("a decision is notified once it is taken, and once", "[spec][decision][NotifyDecision]") {
  const NotifyDecision notify{.notified_on = kGivenOn, .channel = "email"};
  Given(ReviewedHistory()).When(notify, Clerk()).ThenRejected(Code::kRejected, "awaiting_decision");
  Given(ApprovedHistory()).When(notify, Clerk()).ThenRejected(Code::kRejected, "awaiting_issue");
}

TEST_CASE("a notice names its channel and is dated its effective date", "[spec][decision][NotifyDecision]") {
  Given(ReviewedHistory(), Decided()).When(NotifyDecision{.notified_on = kGivenOn}, Clerk()).ThenInvalid({"channel"});
  Given(ReviewedHistory(), Decided())
      .When(NotifyDecision{.notified_on = D("2026-03-01"), .channel = "email"}, Clerk())
      .ThenInvalid({"notified_on"});
}

// --- FulfilConditions ---------------------------------------------------------

TEST_CASE("conditions are fulfilled once their findings are closed", "[spec][decision][FulfilConditions]") {
  Given(ConditionalHistory(), FindingClosedEv()).When(FulfilConditions{}, Committee()).Then(ConditionsFulfilled{});
}

TEST_CASE("conditions are not fulfilled while a listed finding is open", "[spec][decision][FulfilConditions]") {
  Given(ConditionalHistory()).When(FulfilConditions{}, Committee()).ThenRejected(Code::kRejected, "conditions_pending");
}

TEST_CASE("only a conditional approval has conditions", "[spec][decision][FulfilConditions]") {
  Given(ApprovedHistory()).When(FulfilConditions{}, Committee()).ThenRejected(Code::kRejected, "awaiting_issue");
}

TEST_CASE("a member of the audit team may not accept the conditions as fulfilled",
          "[spec][decision][FulfilConditions][impartiality]") {
  Given(ConditionalHistory(), FindingClosedEv())
      .When(FulfilConditions{}, ConflictedCommittee())
      .ThenRejected(Code::kForbidden, SubCode::kConflictOfInterest);
}

TEST_CASE("a conditional approval past its deadline lapses before the conditions can be fulfilled",
          "[spec][decision][FulfilConditions][time]") {
  // The lapse is owed its notice, five working days after Friday 2026-05-01.
  Given(ConditionalHistory(), FindingClosedEv())
      .On("2026-05-01")
      .When(FulfilConditions{}, Committee())
      .ThenDue(ConditionalApprovalLapsed{.conditions_deadline = D("2026-04-30"), .notice_due_on = D("2026-05-08")})
      .ThenRejected(Code::kRejected, "awaiting_notice");
}

// --- IssueCertificate ---------------------------------------------------------

TEST_CASE("an approved and notified file gets its certificate, valid three years",
          "[spec][decision][IssueCertificate]") {
  Given(ApprovedHistory()).When(IssueCertificate{}, Clerk()).Then(Issued());
  CertificateIssued at_operating_address = Issued();
  at_operating_address.address_kind = AddressKind::kOperating;
  Given(ApprovedHistory())
      .When(IssueCertificate{.address_kind = AddressKind::kOperating}, Clerk())
      .Then(at_operating_address);
}

// domain.md §9.4: valid from the day after the previous validity, for 3 years - 1 day; the
// recertified items (here the same as the certificate's, so no B.2 item).
TEST_CASE("an approved recertification renews the certificate from the end of its validity",
          "[spec][decision][IssueCertificate]") {
  Given(RecertificationApproved()).On("2029-01-04").When(IssueCertificate{}, Clerk()).Then(Renewed());
}

TEST_CASE("a certificate is issued on an approved decision, and once", "[spec][decision][IssueCertificate]") {
  Given(ReviewedHistory()).When(IssueCertificate{}, Clerk()).ThenRejected(Code::kRejected, "awaiting_decision");
  Given(Certified()).When(IssueCertificate{}, Clerk()).ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("a renewal keeps the certificate's address kind unless another is given",
          "[spec][decision][IssueCertificate]") {
  Given(RecertificationApproved())
      .On("2029-01-04")
      .When(IssueCertificate{.address_kind = AddressKind::kOperating}, Clerk())
      .ThenEvents([](const std::vector<Event>& events) {
        const auto& renewed = std::get<CertificateRenewed>(events.at(0).body);
        return renewed.address_kind == AddressKind::kOperating &&
               renewed.changes == std::vector<ChangedItem>{{"address_kind", "registered", "operating"}};
      });
}

TEST_CASE("a lapsed conditional approval gets no certificate", "[spec][decision][IssueCertificate][time]") {
  Given(ConditionalHistory())
      .On("2026-05-01")
      .When(IssueCertificate{}, Clerk())
      .ThenDue(ConditionalApprovalLapsed{.conditions_deadline = D("2026-04-30"), .notice_due_on = D("2026-05-08")})
      .ThenRejected(Code::kRejected, "awaiting_notice");
}
