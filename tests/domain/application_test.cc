// Given / When / Then: the application (§6.1, Annex A) and its acceptance clock.
#include <utility>

#include "support/lifecycle_fixture.h"

using namespace certreg::testing;
using Code = Status::Code;

TEST_CASE("an application is submitted with its acceptance due in 5 working days", "[domain][application]") {
  Lifecycle f;
  f.SetToday("2026-03-02");  // a Monday
  Decision d = f.Try(SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk());
  REQUIRE(d.ok());
  REQUIRE(Types(d) == std::vector<std::string>{"ApplicationSubmitted"});
  const auto& e = std::get<ApplicationSubmitted>(d.value()[0].body);
  CHECK(e.due_on == D("2026-03-09"));
  CHECK(e.scheme.id == "CMM-525-0010");
  CHECK(e.file_id == "F-1");
  CHECK(d.value()[0].actor == Clerk());
}

TEST_CASE("an application missing required fields is refused listing every field", "[domain][application]") {
  Lifecycle f;
  ApplicationForm form = ValidForm();
  form.applicant.name = "";
  form.applicant.uscc = "91330110MA2H3X4Y5X";  // wrong check character
  form.personal.phone = "";
  form.personal.email = "not-an-email";
  form.declarations.accepts_audit = false;
  form.eligibility.no_major_accident_12m = false;
  form.scope = " ";
  Decision d = f.Try(SubmitApplication{form, {f.today(), "email"}}, Clerk());
  RequireRefused(d, Code::kInvalidArgument);
  for (const char* field : {"applicant.name", "applicant.uscc", "applicant.contact.phone", "applicant.contact.email",
                            "declarations.accepts_audit", "eligibility.no_major_accident_12m", "scope"}) {
    CAPTURE(field);
    CHECK(HasError(d, field));
  }
  CHECK(d.status().field_errors().size() == 7);
}

TEST_CASE("a live salesperson may apply without a unified social credit code", "[domain][application]") {
  Lifecycle f;
  ApplicationForm form = ValidForm();
  form.applicant.org_type = OrgType::kLiveSalesperson;
  form.applicant.uscc = "";
  form.personal.address = std::exchange(form.applicant.address, "");  // a natural person's address is personal
  CHECK(f.Try(SubmitApplication{form, {f.today(), "email"}}, Clerk()).ok());
  form.applicant.org_type = OrgType::kInPlatformMerchant;
  Decision d = f.Try(SubmitApplication{form, {f.today(), "email"}}, Clerk());
  CHECK(HasError(d, "applicant.uscc"));
  CHECK(HasError(d, "applicant.address"));  // an organisation's address is not personal data, and is required
}

TEST_CASE("a live salesperson's address is personal data, never in the application's public part",
          "[domain][application][personal]") {
  Lifecycle f;
  ApplicationForm form = ValidForm();
  form.applicant.org_type = OrgType::kLiveSalesperson;
  form.applicant.uscc = "";
  CHECK(HasError(f.Try(SubmitApplication{form, {f.today(), "email"}}, Clerk()), "applicant.address"));
  form.personal.address = std::exchange(form.applicant.address, "");
  form.applicant.address = "";
  Decision d = f.Try(SubmitApplication{form, {f.today(), "email"}}, Clerk());
  REQUIRE(d.ok());
  CHECK(std::get<ApplicationSubmitted>(d.value()[0].body).form.applicant.address.empty());
}

TEST_CASE("an effective date after today or before the file's latest is refused", "[domain][application][time]") {
  Lifecycle f;
  f.Submitted();
  CHECK(HasError(f.Try(DecideAcceptance{true, ""}, Clerk(), D("2026-03-03")), "effective_date"));
  f.SetToday("2026-03-05");
  CHECK(HasError(f.Try(DecideAcceptance{true, ""}, Clerk(), D("2026-03-01")), "effective_date"));
  CHECK(f.Try(DecideAcceptance{true, ""}, Clerk(), D("2026-03-04")).ok());
}

TEST_CASE("materials are requested once, every gap at once, a second request is refused", "[domain][application]") {
  Lifecycle f;
  f.Submitted();
  CHECK(f.Do(RequestMaterials{{"business_license", "qms_documents"}}, Clerk()) ==
        std::vector<std::string>{"MaterialsRequested"});
  CHECK(StageOf(f.state()) == Stage::kAwaitingMaterials);
  RequireRefused(f.Try(RequestMaterials{{"service_data"}}, Clerk()), Code::kRejected);

  SECTION("acceptance is refused while the request is unanswered") {
    Decision d = f.Try(DecideAcceptance{true, ""}, Clerk());
    RequireRefused(d, Code::kRejected);
    CHECK_THAT(d.status().message(), Catch::Contains("awaiting_materials"));
  }
  SECTION("the supplement restarts the 5-working-day clock") {
    f.SetToday("2026-03-06");  // a Friday
    f.Do(SupplementMaterials{{"business_license", "qms_documents"}, {D("2026-03-06"), "email"}}, Clerk());
    CHECK(f.state().current_cycle()->due_on == D("2026-03-13"));
    RequireRefused(f.Try(RequestMaterials{{"other"}}, Clerk()), Code::kRejected);
    CHECK(f.Do(DecideAcceptance{true, ""}, Clerk()) == std::vector<std::string>{"ApplicationAccepted"});
    CHECK(StageOf(f.state()) == Stage::kAccepted);
  }
  SECTION("a supplement without a request is refused") {
    f.Do(SupplementMaterials{{"x"}, {f.today(), "email"}}, Clerk());
    RequireRefused(f.Try(SupplementMaterials{{"y"}, {f.today(), "email"}}, Clerk()), Code::kRejected);
  }
}

TEST_CASE("a late acceptance is recorded and flagged, not refused", "[domain][application][time]") {
  Lifecycle f;
  f.Submitted();  // due 2026-03-09
  f.SetToday("2026-03-10");
  CHECK(OverdueReasons(f.state(), f.today()) ==
        std::vector<OverdueReason>{OverdueReason::kAcceptance});
  Decision d = f.Try(DecideAcceptance{true, ""}, Clerk());
  REQUIRE(d.ok());
  CHECK(std::get<ApplicationAccepted>(d.value()[0].body).late);
  CHECK_FALSE(std::get<ApplicationAccepted>(f.Try(DecideAcceptance{true, ""}, Clerk(), D("2026-03-09")).value()[0].body).late);
}

TEST_CASE("a decline needs a reason and closes the file", "[domain][application]") {
  Lifecycle f;
  f.Submitted();
  CHECK(HasError(f.Try(DecideAcceptance{false, ""}, Clerk()), "reason"));
  f.Do(DecideAcceptance{false, "不符合申请条件"}, Clerk());
  CHECK(StageOf(f.state()) == Stage::kClosed);
  RequireRefused(f.Try(DecideAcceptance{true, ""}, Clerk()), Code::kRejected);
  PlanAudit plan;
  plan.leader = Leader().name;
  plan.start_date = f.today();
  plan.onsite_days = 5;
  plan.sites = {"杭州"};
  RequireRefused(f.Try(plan, Leader()), Code::kRejected);
}

TEST_CASE("an application may be withdrawn until the decision, not after", "[domain][application]") {
  SECTION("before acceptance") {
    Lifecycle f;
    f.Submitted();
    CHECK(f.Do(WithdrawApplication{"业务调整", {f.today(), "letter"}}, Clerk()) ==
          std::vector<std::string>{"ApplicationWithdrawn"});
    CHECK(StageOf(f.state()) == Stage::kClosed);
  }
  SECTION("during the audit") {
    Lifecycle f;
    f.Accepted();
    f.Planned();
    CHECK(f.Try(WithdrawApplication{"业务调整", {f.today(), "letter"}}, Clerk()).ok());
  }
  SECTION("after the decision") {
    Lifecycle f;
    f.Approved();
    RequireRefused(f.Try(WithdrawApplication{"业务调整", {f.today(), "letter"}}, Clerk()), Code::kRejected);
  }
  SECTION("a reason is required") {
    Lifecycle f;
    f.Submitted();
    CHECK(HasError(f.Try(WithdrawApplication{"", {f.today(), "letter"}}, Clerk()), "reason"));
  }
}

TEST_CASE("commands on a file that does not exist are not found", "[domain][application]") {
  Lifecycle f;
  RequireRefused(f.Try(DecideAcceptance{true, ""}, Clerk()), Code::kNotFound);
}

TEST_CASE("a holder act's received_on and a notice's notified_on must be the effective date",
          "[domain][application][time]") {
  Lifecycle f;
  f.SetToday("2026-03-10");
  CHECK(HasError(f.Try(SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk(), D("2026-03-10")),
                 "received_on"));
  f.Do(SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk(), D("2026-03-02"));
  f.Do(DecideAcceptance{true, ""}, Clerk());
  f.Reviewed();
  f.Do(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee());
  CHECK(HasError(f.Try(NotifyDecision{D("2026-12-31"), "email"}, Clerk()), "notified_on"));
  CHECK(f.Try(NotifyDecision{f.today(), "email"}, Clerk()).ok());
}
