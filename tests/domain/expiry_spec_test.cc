// Expiry as specifications (domain.md §9.3, §9.9): what the time-driven rule
// records at valid_until + 1 day in each case, what the committee may record
// instead, and what validity means. Given events / When a command / Then the
// events due (ThenDue) and recorded. The certificate of Certified() is valid
// from 2026-03-02 to 2029-03-01.
#include "support/domain_events.h"

using namespace certreg::testing;

namespace {

CertificateCancelled ExpiredUnapplied() {
  return {.grounds = "8.2.3-1", .reason = "有效期届满，未申请再认证", .approver = "system"};
}
CertificateCancelled RecertificationNotGranted() {
  return {.grounds = "8.2.3-4", .reason = "再认证未获批准", .approver = "system"};
}
CertificateCancelled RecertificationNotCompleted() {
  return {.grounds = "8.2.3-4", .reason = "再认证未在期满后6个月内完成", .approver = "system"};
}

// A command that only lets the rules run up to its date: the outcome of the
// command itself is not what these cases are about.
const AnnounceCancellation kProbe{};

// Recertification applied for on 2029-01-10.
Event AppliedForRecertification() { return At("2029-01-10", RecertificationAppliedEv(D("2029-01-10"))); }

// The certificate of Certified(), but recorded on `recorded_on` (history entered late).
std::vector<Event> CertifiedLate(const char* recorded_on) {
  std::vector<Event> history = Certified();
  history.back().recorded_on = D(recorded_on);
  return history;
}

CancelCertificate Cancel(const std::string& grounds) {
  return {.grounds = grounds, .reason = "有效期届满", .approver = "陈杰"};
}

Date DueOn(const Outcome& outcome) {
  REQUIRE(outcome.due().size() == 1);
  return outcome.due().front().effective_date;
}

}  // namespace

TEST_CASE("expiry with no recertification applied for cancels on 8.2.3-1 the day after valid_until",
          "[spec][expiry][time]") {
  Given(Certified()).On("2029-03-01").When(kProbe, Clerk()).ThenDue();
  const Outcome expired = Given(Certified()).On("2029-03-05").When(kProbe, Clerk());
  expired.ThenDue(ExpiredUnapplied());
  CHECK(DueOn(expired) == D("2029-03-02"));
}

TEST_CASE("expiry after a recertification not granted before it cancels on 8.2.3-4, never 8.2.3-1",
          "[spec][expiry][time]") {
  CertificationDecided rejected = Decided("A2");
  rejected.outcome = DecisionOutcome::kReject;
  rejected.reason = "再认证审核未通过";
  const std::vector<std::pair<const char*, EventBody>> closes = {
      {"declined", ApplicationDeclined{.reason = "材料不全"}},
      {"withdrawn", ApplicationWithdrawn{.reason = "放弃再认证", .act = Act("2029-01-20"), .recertification = true}},
      {"rejected", rejected},
      {"lapsed", ConditionalApprovalLapsed{.conditions_deadline = D("2029-01-20")}},
  };
  for (const auto& [how, close] : closes) {
    INFO(how);
    const Outcome expired =
        Given(Certified(), AppliedForRecertification(), At("2029-01-20", close)).On("2029-03-05").When(kProbe, Clerk());
    expired.ThenDue(RecertificationNotGranted());
    CHECK(DueOn(expired) == D("2029-03-02"));
  }
}

TEST_CASE("a recertification closed after expiry cancels on 8.2.3-4 the day it closed", "[spec][expiry][time]") {
  const auto withdrawn = ApplicationWithdrawn{.reason = "放弃", .act = Act("2029-04-10"), .recertification = true};
  const Outcome expired =
      Given(Certified(), AppliedForRecertification(), At("2029-04-10", withdrawn)).On("2029-04-12").When(kProbe, Clerk());
  expired.ThenDue(RecertificationNotGranted());
  CHECK(DueOn(expired) == D("2029-04-10"));
}

TEST_CASE("an open recertification keeps the status past expiry, out of validity, for 6 months",
          "[spec][expiry][time]") {
  auto spec = Given(Certified(), AppliedForRecertification());
  spec.On("2029-09-01").When(kProbe, Clerk()).ThenDue();
  const CertificateState& c = *spec.state().certificate;
  CHECK(c.status == CertificateStatus::kValid);
  CHECK_FALSE(InValidity(c, D("2029-03-02")));
  CHECK(RecertificationOpen(spec.state()));
  CHECK_FALSE(RecertificationPendingPastExpiry(c.status, c.valid_until, true, D("2029-03-01")));
  CHECK(RecertificationPendingPastExpiry(c.status, c.valid_until, true, D("2029-03-02")));

  const Outcome late = Given(Certified(), AppliedForRecertification()).On("2029-09-10").When(kProbe, Clerk());
  late.ThenDue(RecertificationNotCompleted());
  CHECK(DueOn(late) == D("2029-09-02"));
}

TEST_CASE("a renewal starts a new cycle: its own expiry without a new application is 8.2.3-1",
          "[spec][expiry][time]") {
  const CertificateRenewed renewed{.certificate_no = kNewCertificateNo,
                                   .previous_valid_until = D("2029-03-01"),
                                   .valid_from = D("2029-03-02"),
                                   .valid_until = D("2032-03-01"),
                                   .issue_date = D("2029-02-20"),
                                   .next_surveillance_due = D("2030-02-20")};
  auto spec = Given(Certified(), AppliedForRecertification(), At("2029-02-20", renewed));
  CHECK_FALSE(RecertificationOpen(spec.state()));
  spec.On("2029-09-10").When(kProbe, Clerk()).ThenDue();
  const Outcome expired = Given(Certified(), AppliedForRecertification(), At("2029-02-20", renewed))
                              .On("2032-03-05")
                              .When(kProbe, Clerk());
  expired.ThenDue(ExpiredUnapplied());
  CHECK(DueOn(expired) == D("2032-03-02"));
}

TEST_CASE("an open revocation proceeding holds the expiry back", "[spec][expiry][time]") {
  const Event opened = At("2029-02-20", ProceedingOpened());
  const Event noticed = At("2029-02-25", NoticeIssued("2029-03-20"));
  Given(Certified(), opened, noticed).On("2029-12-01").When(kProbe, Clerk()).ThenDue();

  SECTION("ended in revocation: REVOKED, not cancelled") {
    Given(Certified(), opened, noticed)
        .On("2029-04-01")
        .When(RevokeCertificate{.reason = "调查属实", .approver = "陈杰"}, Committee())
        .Then(CertificateRevoked{.grounds = "8.2.2-2", .reason = "调查属实", .approver = "陈杰"});
  }
  SECTION("closed for no ground: the expiry cancellation follows on that day") {
    const Event closed = At("2029-04-10", RevocationProceedingClosed{.reason = "未发现撤销理由"});
    const Outcome expired = Given(Certified(), opened, noticed, closed).On("2029-04-12").When(kProbe, Clerk());
    expired.ThenDue(ExpiredUnapplied());
    CHECK(DueOn(expired) == D("2029-04-10"));
  }
  SECTION("the appeal upheld: the expiry cancellation follows on that day") {
    const Event appealed = At("2029-03-10", AppealFiledEv());
    const Event upheld = At("2029-04-15", AppealDecided{.outcome = AppealOutcome::kUpheld, .reason = "申诉成立"});
    const Outcome expired =
        Given(Certified(), opened, noticed, appealed, upheld).On("2029-04-20").When(kProbe, Clerk());
    expired.ThenDue(ExpiredUnapplied());
    CHECK(DueOn(expired) == D("2029-04-15"));
  }
  SECTION("the committee may not cancel while it runs") {
    Given(Certified(), opened, noticed)
        .On("2029-04-01")
        .When(Cancel("8.2.3-1"), Committee())
        .ThenRejected(Code::kRejected, "VALID");
  }
}

TEST_CASE("a certificate entered late past its validity is listed as expiry, not cancelled by the rule",
          "[spec][expiry][time][queue]") {
  auto spec = Given(CertifiedLate("2029-06-01"));
  spec.On("2029-06-10").When(kProbe, Clerk()).ThenDue();
  const std::vector<OverdueReason> reasons = OverdueReasons(spec.state(), D("2029-06-10"));
  CHECK(std::find(reasons.begin(), reasons.end(), OverdueReason::kExpiry) != reasons.end());
  CHECK(std::find(OverdueClocks(spec.state()).begin(), OverdueClocks(spec.state()).end(),
                  OverdueClock{.reason = OverdueReason::kExpiry, .due_on = D("2029-03-01")}) !=
        OverdueClocks(spec.state()).end());

  // Cancelled by the committee: no longer listed.
  std::vector<Event> cancelled = CertifiedLate("2029-06-01");
  cancelled.push_back(At("2029-06-10", ExpiredUnapplied()));
  const std::vector<OverdueReason> after = OverdueReasons(Fold(cancelled), D("2029-06-10"));
  CHECK(std::find(after.begin(), after.end(), OverdueReason::kExpiry) == after.end());
  // A certificate recorded in time is never listed so: the rule acts.
  CHECK(OverdueClocks(Fold(Certified())).size() == OverdueClocks(Fold(CertifiedLate("2026-03-02"))).size());
}

TEST_CASE("the committee cancels an expired certificate on 8.2.3-1 only when no recertification was applied for",
          "[spec][expiry][CancelCertificate]") {
  Given(CertifiedLate("2029-06-01"))
      .On("2029-06-10")
      .When(Cancel("8.2.3-1"), Committee())
      .Then(CertificateCancelled{.grounds = "8.2.3-1", .reason = "有效期届满", .approver = "陈杰"});

  const Event declined = At("2029-01-20", ApplicationDeclined{.reason = "材料不全"});
  std::vector<Event> not_granted = CertifiedLate("2029-06-01");
  not_granted.push_back(AppliedForRecertification());
  not_granted.push_back(declined);
  Given(not_granted).On("2029-06-10").When(Cancel("8.2.3-1"), Committee()).ThenRejected(Code::kRejected, "VALID");
  Given(not_granted)
      .On("2029-06-10")
      .When(Cancel("8.2.3-4"), Committee())
      .Then(CertificateCancelled{.grounds = "8.2.3-4", .reason = "有效期届满", .approver = "陈杰"});

  std::vector<Event> open = CertifiedLate("2029-06-01");
  open.push_back(AppliedForRecertification());
  Given(open).On("2029-06-10").When(Cancel("8.2.3-1"), Committee()).ThenRejected(Code::kRejected, "VALID");
  // Before the validity ends, 8.2.3-1 is untrue whatever else holds.
  Given(Certified()).On("2029-03-01").When(Cancel("8.2.3-1"), Committee()).ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("in_validity is true only for a VALID or SUSPENDED certificate within its dates", "[spec][expiry][validity]") {
  const Date within = D("2027-01-01");
  CHECK(InValidity(*Fold(Certified()).certificate, within));
  CHECK(InValidity(*Fold(History(Certified(), Suspended())).certificate, within));
  CHECK_FALSE(InValidity(*Fold(History(Certified(), Revoked())).certificate, within));
  CHECK_FALSE(InValidity(*Fold(History(Certified(), Cancelled())).certificate, within));
  CHECK_FALSE(InValidity(*Fold(Certified()).certificate, D("2026-03-01")));
  CHECK_FALSE(InValidity(*Fold(Certified()).certificate, D("2029-03-02")));
  CHECK(InValidity(*Fold(Certified()).certificate, D("2029-03-01")));
}
