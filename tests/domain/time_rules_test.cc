// The time-driven rules of domain.md §4 and the work queue's overdue reasons.
#include "support/lifecycle_fixture.h"

using namespace certreg::testing;

TEST_CASE("a certificate past its validity with no recertification is cancelled the day after", "[domain][time]") {
  Lifecycle f;
  f.SetToday("2026-04-20");
  f.Certified();  // valid until 2029-04-19
  f.SetToday("2029-04-19");
  CHECK(f.Sweep().empty());
  f.SetToday("2029-05-03");
  CHECK(f.Sweep() == std::vector<std::string>{"CertificateCancelled"});
  const Event& e = f.history().back();
  CHECK(e.effective_date == D("2029-04-20"));
  CHECK(e.actor == Actor::System());
  CHECK(std::get<CertificateCancelled>(e.body).grounds == "8.2.3-1");
  CHECK(f.Sweep().empty());  // running it again appends nothing
}

TEST_CASE("an open recertification keeps the status past validity, its failure cancels", "[domain][time][recert]") {
  Lifecycle f;
  f.SetToday("2026-04-20");
  f.Certified();
  f.SetToday("2029-03-01");
  f.Do(ApplyForRecertification{ValidForm(), {f.today(), "email"}}, Clerk());
  CHECK(StageOf(f.state()) == Stage::kRecertifying);
  f.SetToday("2029-05-01");
  CHECK(f.Sweep().empty());
  CHECK_FALSE(InValidity(*f.state().certificate, f.today()));
  CHECK(f.state().certificate->status == CertificateStatus::kValid);
  f.Do(WithdrawApplication{"放弃再认证", {f.today(), "letter"}}, Clerk());
  CHECK(f.Sweep() == std::vector<std::string>{"CertificateCancelled"});
  CHECK(std::get<CertificateCancelled>(f.history().back().body).grounds == "8.2.3-4");
  CHECK(f.history().back().effective_date == D("2029-05-01"));
}

TEST_CASE("a suspension past its deadline with nothing submitted opens a revocation proceeding",
          "[domain][time][suspension]") {
  Lifecycle f;
  f.Suspended("2026-04-30");
  f.SetToday("2026-04-30");
  CHECK(f.Sweep().empty());
  f.SetToday("2026-05-10");
  CHECK(f.Sweep() == std::vector<std::string>{"RevocationProceedingOpened"});
  CHECK(f.history().back().effective_date == D("2026-05-01"));
  CHECK(std::get<RevocationProceedingOpened>(f.history().back().body).grounds == "8.2.2-5");
  CHECK(f.state().certificate->status == CertificateStatus::kSuspended);  // revocation still needs notice and appeal
  CHECK(f.Sweep().empty());
}

TEST_CASE("a rectification submitted in time counts even when verified later", "[domain][time][suspension]") {
  Lifecycle f;
  f.Suspended("2026-04-30");
  f.SetToday("2026-04-29");
  f.Do(SubmitRectification{"整改完成", "", {f.today(), "email"}}, Clerk());
  f.SetToday("2026-05-10");
  CHECK(f.Sweep().empty());
  SECTION("verified: reinstated, no proceeding") {
    f.Do(VerifyRectification{true, "陈杰"}, Committee());
    CHECK(f.Sweep().empty());
  }
  SECTION("the verification fails after the deadline: a proceeding opens that day") {
    f.Do(VerifyRectification{false, "陈杰"}, Committee());
    CHECK(f.Sweep() == std::vector<std::string>{"RevocationProceedingOpened"});
    CHECK(f.history().back().effective_date == D("2026-05-10"));
  }
}

TEST_CASE("a conditional approval past its deadline lapses", "[domain][time][decision]") {
  Lifecycle f;
  f.ConditionallyApproved("2026-04-01");
  f.SetToday("2026-04-02");
  CHECK(f.Sweep() == std::vector<std::string>{"ConditionalApprovalLapsed"});
  CHECK(StageOf(f.state()) == Stage::kAwaitingNotice);  // the lapse is notified like a decision
  Decision late = f.Try(FulfilConditions{}, Committee());
  CHECK_FALSE(late.ok());
}

TEST_CASE("a deadline already past when it was recorded is listed, not acted on", "[domain][time]") {
  Lifecycle f;
  f.Certified();
  // History entered late: the suspension is recorded on 2026-06-01 with a deadline already gone.
  f.SetToday("2026-06-01");
  Decision d = f.Try(SuspendCertificate{"8.2.1-3", "违规", "整改", D("2026-06-02"), "陈杰"}, Committee());
  REQUIRE(d.ok());
  d.value()[0].recorded_on = D("2026-07-01");  // recorded a month after its effective date
  f.Record(d.value());
  f.SetToday("2026-07-05");
  CHECK(f.Sweep().empty());
  auto reasons = OverdueReasons(f.state(), f.today());
  CHECK(std::find(reasons.begin(), reasons.end(), OverdueReason::kRectification) != reasons.end());
}

TEST_CASE("overdue reasons: surveillance, finding correction, appeal window", "[domain][time][queue]") {
  Lifecycle f;
  f.SetToday("2026-04-20");
  f.Certified();  // surveillance due 2027-04-20
  f.SetToday("2027-04-21");
  auto reasons = OverdueReasons(f.state(), f.today());
  CHECK(std::find(reasons.begin(), reasons.end(), OverdueReason::kSurveillance) != reasons.end());
  // Decided after the scheme's own period (2025-05-20): a registry warning, no overdue reason (domain.md §9.10).
  CHECK(reasons == std::vector<OverdueReason>{OverdueReason::kSurveillance});

  f.Do(f.PlanOf(AuditKind::kSurveillance), Leader());
  f.Do(RecordFinding{"A2", "9.4.1", FindingGrade::kMinor, "展示不规范", "", D("2027-05-01")}, Leader());
  f.SetToday("2027-05-02");
  reasons = OverdueReasons(f.state(), f.today());
  CHECK(std::find(reasons.begin(), reasons.end(), OverdueReason::kFindingCorrection) != reasons.end());

  ScoresInput some;
  some.management["9.4.1"] = 80;
  f.Do(RecordScores{"A2", some}, Leader());
  f.Do(CompleteSurveillanceAudit{"A2", SurveillanceConclusion::kMaintain}, Leader());
  CHECK(f.state().certificate->next_surveillance_due == D("2028-04-21"));  // a year after the audit's start (§9.6)
  reasons = OverdueReasons(f.state(), f.today());
  CHECK(std::find(reasons.begin(), reasons.end(), OverdueReason::kSurveillance) == reasons.end());
}

TEST_CASE("expiry cancellation by the committee waits for an open recertification", "[domain][time][recert]") {
  Lifecycle f;
  f.SetToday("2026-03-02");
  f.Certified();  // valid until 2029-03-01
  f.SetToday("2029-01-10");
  f.Do(ApplyForRecertification{ValidForm(), {f.today(), "email"}}, Clerk());
  f.SetToday("2029-03-05");
  CancelCertificate expiry{"8.2.3-1", "有效期届满", "陈杰", std::nullopt};
  RequireRefused(f.Try(expiry, Committee()), Status::Code::kRejected);
  f.Do(WithdrawApplication{"放弃", {f.today(), "letter"}}, Clerk());
  // The rules run before the next command: the withdrawal ended it (8.2.3-4).
  CHECK(f.Sweep() == std::vector<std::string>{"CertificateCancelled"});
}

TEST_CASE("time-driven events come in the order their conditions arose, however late the sweep runs",
          "[domain][time]") {
  // The suspension's deadline passes first and opens a revocation proceeding;
  // while it runs, the expiry on 2029-03-02 cancels nothing (domain.md §9.3).
  auto history = [](bool daily) {
    Lifecycle f;
    f.SetToday("2026-03-02");
    f.Certified();  // valid until 2029-03-01
    f.SetToday("2029-01-10");
    f.Do(SuspendCertificate{"8.2.1-3", "违规", "整改", D("2029-02-20"), "陈杰"}, Committee());
    std::vector<std::string> types;
    if (daily) {
      for (Date d = D("2029-01-11"); d <= D("2029-03-10"); d = d.AddDays(1)) {
        f.SetToday(d);
        for (auto& t : f.Sweep()) types.push_back(t);
      }
    } else {
      f.SetToday("2029-03-10");
      types = f.Sweep();
    }
    return types;
  };
  const std::vector<std::string> expected = {"RevocationProceedingOpened"};
  CHECK(history(true) == expected);
  CHECK(history(false) == expected);
}

TEST_CASE("a deadline's revocation proceeding closed for no ground is not opened again", "[domain][time]") {
  Lifecycle f;
  f.Suspended("2026-04-30");
  f.SetToday("2026-05-10");
  REQUIRE(f.Sweep() == std::vector<std::string>{"RevocationProceedingOpened"});
  f.Do(CloseRevocationProceeding{"调查后未发现撤销理由"}, Committee());
  CHECK(f.Sweep().empty());
}

namespace {

// Certified on 2026-03-02 and applying for recertification on 2029-01-10.
void Recertifying(Lifecycle& f) {
  f.SetToday("2026-03-02");
  f.Certified();
  f.SetToday("2029-01-10");
  f.Do(ApplyForRecertification{ValidForm(), {f.today(), "email"}}, Clerk());
}

}  // namespace

TEST_CASE("a recertification failed before expiry cancels on 8.2.3-4 at expiry, a cancelled certificate ends it",
          "[domain][time][recert]") {
  SECTION("withdrawn before valid_until") {
    Lifecycle f;
    Recertifying(f);
    f.Do(WithdrawApplication{"放弃", {f.today(), "letter"}}, Clerk());
    f.SetToday("2029-03-05");
    REQUIRE(f.Sweep() == std::vector<std::string>{"CertificateCancelled"});
    CHECK(std::get<CertificateCancelled>(f.history().back().body).grounds == "8.2.3-4");
    CHECK(std::get<CertificateCancelled>(f.history().back().body).reason == "再认证未获批准");
    CHECK(f.history().back().effective_date == D("2029-03-02"));
  }
  SECTION("cancelled on request while recertifying") {
    Lifecycle f;
    Recertifying(f);
    f.Do(RequestCancellation{"停业", {f.today(), "letter"}}, Clerk());
    f.Do(CancelCertificate{"8.2.3-2", "主动申请", "陈杰", std::nullopt}, Committee());
    CHECK(StageOf(f.state()) == Stage::kClosed);
    RequireRefused(f.Try(DecideAcceptance{true, ""}, Clerk()), Status::Code::kRejected);
  }
}

TEST_CASE("stages and overdue reasons carry api.md's names, in its order, and read back", "[domain][queue]") {
  std::vector<std::string> stages;
  for (Stage stage : AllStages()) {
    stages.emplace_back(ToWire(stage));
    CHECK(FromWire<Stage>(ToWire(stage)) == stage);
  }
  CHECK(stages == std::vector<std::string>{"awaiting_acceptance", "awaiting_materials", "accepted", "in_audit",
                                           "report_submitted", "awaiting_review", "awaiting_decision",
                                           "awaiting_notice", "conditions_pending", "awaiting_issue", "certified",
                                           "recertifying", "closed"});
  const std::vector<std::string> reasons = {"acceptance",    "notice",       "conditions",          "finding_correction",
                                            "rectification", "surveillance", "surveillance_action", "special_audit",
                                            "appeal_window_elapsed", "expiry"};
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    const auto reason = static_cast<OverdueReason>(i);
    CHECK(ToWire(reason) == reasons[i]);
    CHECK(FromWire<OverdueReason>(reasons[i]) == reason);
  }
  CHECK(FromWire<Stage>("sleeping") == std::nullopt);
  CHECK(FromWire<OverdueReason>("Acceptance") == std::nullopt);
}

TEST_CASE("a clock is overdue from the day after its date, and the reasons come from the clocks",
          "[domain][time][queue]") {
  const OverdueClock clock{.reason = OverdueReason::kNotice, .due_on = D("2026-03-09")};
  CHECK_FALSE(IsOverdue(clock, D("2026-03-09")));
  CHECK(IsOverdue(clock, D("2026-03-10")));

  Lifecycle f;
  f.Submitted();  // acceptance due 2026-03-09
  CHECK(OverdueClocks(f.state()) ==
        std::vector<OverdueClock>{{.reason = OverdueReason::kAcceptance, .due_on = D("2026-03-09")}});
  CHECK(OverdueReasons(f.state(), D("2026-03-09")).empty());
  CHECK(OverdueReasons(f.state(), D("2026-03-10")) ==
        std::vector<OverdueReason>{OverdueReason::kAcceptance});
}
