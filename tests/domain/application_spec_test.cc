// The application (§6.1) as specifications: Given events / When a command /
// Then events or a refusal. Also the check that every command has a spec.
#include <set>
#include <utility>

#include "support/domain_events.h"

using namespace certreg::testing;

namespace {

ApplicationForm FormWith(std::string name, std::string uscc) {
  ApplicationForm form = ValidForm();
  form.applicant.name = std::move(name);
  form.applicant.uscc = std::move(uscc);
  return form;
}

}  // namespace

// --- SubmitApplication --------------------------------------------------------

TEST_CASE("a complete application opens the file with a five working day acceptance clock",
          "[spec][application][SubmitApplication]") {
  Given().When(SubmitApplication{.form = ValidForm(), .act = Act()}, Clerk()).Then(Applied());
}

TEST_CASE("an application is refused on a file that already exists", "[spec][application][SubmitApplication]") {
  Given(Applied())
      .When(SubmitApplication{.form = ValidForm(), .act = Act()}, Clerk())
      .ThenRejected(Code::kRejected, "awaiting_acceptance");
}

TEST_CASE("an application names every invalid field of its form at once", "[spec][application][SubmitApplication]") {
  Given()
      .When(SubmitApplication{.form = FormWith("", "91330110MA2H3X4Y50"), .act = Act()}, Clerk())
      .ThenInvalid({"applicant.name", "applicant.uscc"});
}

TEST_CASE("an application received on another day than its effective date is invalid",
          "[spec][application][SubmitApplication]") {
  Given().When(SubmitApplication{.form = ValidForm(), .act = Act("2026-03-01")}, Clerk()).ThenInvalid({"received_on"});
}

TEST_CASE("a command for a file that does not exist finds nothing", "[spec][application][RequestMaterials]") {
  Given().When(RequestMaterials{.missing = {"质量手册"}}, Clerk()).ThenRejected(Code::kNotFound, SubCode::kNone);
}

// --- RequestMaterials ---------------------------------------------------------

TEST_CASE("missing materials are requested all at once", "[spec][application][RequestMaterials]") {
  Given(Applied()).When(RequestMaterials{.missing = {"营业执照副本", "质量手册"}}, Clerk()).Then(MaterialsAsked());
}

TEST_CASE("materials are requested only once per application", "[spec][application][RequestMaterials]") {
  Given(Applied(), MaterialsAsked())
      .When(RequestMaterials{.missing = {"组织机构图"}}, Clerk())
      .ThenRejected(Code::kRejected, "awaiting_materials");
}

TEST_CASE("materials are not requested for an accepted application", "[spec][application][RequestMaterials]") {
  Given(Applied(), Accepted())
      .When(RequestMaterials{.missing = {"组织机构图"}}, Clerk())
      .ThenRejected(Code::kRejected, "accepted");
}

TEST_CASE("a materials request lists at least one item, none blank", "[spec][application][RequestMaterials]") {
  Given(Applied()).When(RequestMaterials{}, Clerk()).ThenInvalid({"missing"});
  Given(Applied()).When(RequestMaterials{.missing = {"质量手册", " "}}, Clerk()).ThenInvalid({"missing[1]"});
}

// --- SupplementMaterials ------------------------------------------------------

TEST_CASE("supplied materials restart the acceptance clock from their receipt",
          "[spec][application][SupplementMaterials]") {
  Given(Applied(), MaterialsAsked())
      .On("2026-03-05")
      .When(SupplementMaterials{.supplied = {"营业执照副本", "质量手册"}, .act = Act("2026-03-05")}, Clerk())
      .Then(MaterialsSupplemented{
          .supplied = {"营业执照副本", "质量手册"}, .act = Act("2026-03-05"), .due_on = D("2026-03-12")});
}

TEST_CASE("materials are supplied only against an outstanding request", "[spec][application][SupplementMaterials]") {
  Given(Applied())
      .When(SupplementMaterials{.supplied = {"质量手册"}, .act = Act()}, Clerk())
      .ThenRejected(Code::kRejected, "awaiting_acceptance");
}

TEST_CASE("a supplement lists at least one item", "[spec][application][SupplementMaterials]") {
  Given(Applied(), MaterialsAsked()).When(SupplementMaterials{.act = Act()}, Clerk()).ThenInvalid({"supplied"});
}

// --- DecideAcceptance ---------------------------------------------------------

TEST_CASE("an application is accepted within its clock", "[spec][application][DecideAcceptance]") {
  Given(Applied()).When(DecideAcceptance{.accept = true}, Clerk()).Then(ApplicationAccepted{.late = false});
}

TEST_CASE("an acceptance after the due date is recorded and flagged late", "[spec][application][DecideAcceptance]") {
  Given(Applied())
      .On("2026-03-10")
      .When(DecideAcceptance{.accept = true}, Clerk())
      .Then(ApplicationAccepted{.late = true});
}

TEST_CASE("an application is declined with its reason", "[spec][application][DecideAcceptance]") {
  Given(Applied())
      .When(DecideAcceptance{.accept = false, .reason = "不属于认证范围"}, Clerk())
      .Then(ApplicationDeclined{.reason = "不属于认证范围", .late = false});
}

TEST_CASE("acceptance waits for the requested materials", "[spec][application][DecideAcceptance]") {
  Given(Applied(), MaterialsAsked())
      .When(DecideAcceptance{.accept = true}, Clerk())
      .ThenRejected(Code::kRejected, "awaiting_materials");
}

TEST_CASE("an application is accepted only once", "[spec][application][DecideAcceptance]") {
  Given(Applied(), Accepted())
      .When(DecideAcceptance{.accept = true}, Clerk())
      .ThenRejected(Code::kRejected, "accepted");
}

TEST_CASE("a decline needs a reason", "[spec][application][DecideAcceptance]") {
  Given(Applied()).When(DecideAcceptance{.accept = false}, Clerk()).ThenInvalid({"reason"});
}

// --- WithdrawApplication ------------------------------------------------------

TEST_CASE("an undecided application is withdrawn by its holder", "[spec][application][WithdrawApplication]") {
  Given(InAudit())
      .When(WithdrawApplication{.reason = "暂缓认证", .act = Act()}, Clerk())
      .Then(ApplicationWithdrawn{.reason = "暂缓认证", .act = Act(), .recertification = false});
}

TEST_CASE("a withdrawn recertification leaves the certificate running", "[spec][application][WithdrawApplication]") {
  Given(Certified(), At("2028-12-01", RecertificationAppliedEv(D("2028-12-01"))))
      .On("2028-12-04")
      .When(WithdrawApplication{.reason = "不再续证", .act = Act("2028-12-04")}, Clerk())
      .Then(ApplicationWithdrawn{.reason = "不再续证", .act = Act("2028-12-04"), .recertification = true});
}

TEST_CASE("a decided application can no longer be withdrawn", "[spec][application][WithdrawApplication]") {
  Given(ReviewedHistory(), Decided())
      .When(WithdrawApplication{.reason = "暂缓认证", .act = Act()}, Clerk())
      .ThenRejected(Code::kRejected, "awaiting_notice");
}

TEST_CASE("a withdrawal needs a reason", "[spec][application][WithdrawApplication]") {
  Given(Applied()).When(WithdrawApplication{.act = Act()}, Clerk()).ThenInvalid({"reason"});
}

// --- Every command has a spec -------------------------------------------------

namespace {

template <std::size_t... I>
std::vector<std::string> AllCommandNames(std::index_sequence<I...>) {
  return {std::string(CommandName(Command(std::in_place_index<I>)))...};
}

}  // namespace

TEST_CASE("every command of the decider has a spec tagged with its name", "[spec][coverage]") {
  std::set<std::string> specified;
  for (const Catch::TestCase& test : Catch::getRegistryHub().getTestCaseRegistry().getAllTests()) {
    const auto& tags = test.getTestCaseInfo().tags;
    if (std::find(tags.begin(), tags.end(), "spec") == tags.end()) continue;
    specified.insert(tags.begin(), tags.end());
  }
  for (const std::string& name : AllCommandNames(std::make_index_sequence<std::variant_size_v<Command>>())) {
    INFO("no [spec][" << name << "] test case: write its Given / When / Then in tests/domain/*_spec_test.cc");
    CHECK(specified.count(name) == 1);
  }
}
