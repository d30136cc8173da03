// Rules about the registry as a whole (domain.md §9.10–§9.12): the warnings
// of the scheme's own validity and of a missing holiday calendar, and what a
// file holds against a duplicate application.
#include "support/lifecycle_fixture.h"

#include "certreg/domain/held_scopes.h"
#include "certreg/domain/registry_warnings.h"

using namespace certreg::testing;

namespace {

std::vector<std::string> Codes(const std::vector<RegistryWarning>& warnings) {
  std::vector<std::string> codes;
  for (const RegistryWarning& w : warnings) codes.push_back(w.code);
  return codes;
}

const WorkingCalendar kCalendar2026({D("2026-10-01"), D("2026-10-02")}, {D("2026-10-10")});

}  // namespace

TEST_CASE("the scheme's own validity is a registry warning, from the day after it ends", "[domain][warnings]") {
  const Scheme& scheme = certreg::scheme::BuiltInScheme();
  REQUIRE(scheme.rule_valid_until == D("2025-05-20"));
  CHECK(Codes(RegistryWarnings(scheme, kCalendar2026, D("2026-03-02"))) == std::vector<std::string>{"scheme_expired"});
  const WorkingCalendar calendar2025({D("2025-05-01")}, {});
  CHECK(RegistryWarnings(scheme, calendar2025, D("2025-05-20")).empty());
  CHECK(Codes(RegistryWarnings(scheme, calendar2025, D("2025-05-21"))) == std::vector<std::string>{"scheme_expired"});
  const std::string message = RegistryWarnings(scheme, calendar2025, D("2025-05-21")).front().message;
  CHECK(message.find("2025-05-20") != std::string::npos);
  CHECK(message.find("CMM-525-0010") != std::string::npos);

  Scheme early = scheme;
  CHECK(Codes(RegistryWarnings(early, WorkingCalendar({D("2024-01-01")}, {}), early.rule_effective_from.AddDays(-1))) ==
        std::vector<std::string>{"scheme_not_yet_effective"});
  Scheme open_ended = scheme;
  open_ended.rule_valid_until = Date();
  CHECK(RegistryWarnings(open_ended, kCalendar2026, D("2026-03-02")).empty());
}

TEST_CASE("working days without a calendar of the current year are a registry warning", "[domain][warnings]") {
  Scheme current = certreg::scheme::BuiltInScheme();
  current.rule_valid_until = D("2030-12-31");
  CHECK(Codes(RegistryWarnings(current, WorkingCalendar(), D("2026-03-02"))) ==
        std::vector<std::string>{"calendar_missing"});
  CHECK(RegistryWarnings(current, kCalendar2026, D("2026-03-02")).empty());
  // A calendar of another year does not cover this one; make-up days alone do.
  CHECK(Codes(RegistryWarnings(current, kCalendar2026, D("2027-01-04"))) ==
        std::vector<std::string>{"calendar_missing"});
  CHECK(RegistryWarnings(current, WorkingCalendar({}, {D("2027-02-07")}), D("2027-01-04")).empty());
  const std::string message = RegistryWarnings(current, WorkingCalendar(), D("2026-03-02")).front().message;
  CHECK(message.find("2026") != std::string::npos);
}

TEST_CASE("scopes compare without case and extra white space", "[domain][duplicates]") {
  CHECK(ScopeKey("  电子商务直播售货质量管理（直播营销服务） ") == "电子商务直播售货质量管理（直播营销服务）");
  CHECK(ScopeKey("Live\tSales   Service") == "live sales service");
  CHECK(ScopeKey("直播\xE3\x80\x80营销") == "直播 营销");  // an ideographic space is white space
  CHECK(ScopeKey("直播营销") != ScopeKey("直播 营销"));    // an inner space still separates
  CHECK(ApplicationScope("91330110ma2h3x4y52", " A ") == HeldScope{"91330110MA2H3X4Y52", "a"});
}

TEST_CASE("a file holds its USCC and scope while its application is open or its certificate live",
          "[domain][duplicates]") {
  Lifecycle f;
  f.Submitted();
  const HeldScope applied = ApplicationScope(f.state().applicant.uscc, f.state().scope);
  REQUIRE_FALSE(applied.uscc.empty());
  CHECK(HeldScopes(f.state()) == std::vector<HeldScope>{applied});

  Lifecycle withdrawn;
  withdrawn.Submitted();
  withdrawn.Do(WithdrawApplication{"不再申请", HolderAct{withdrawn.today(), "书面"}}, Clerk());
  CHECK(HeldScopes(withdrawn.state()).empty());

  Lifecycle certified;
  certified.Certified();
  REQUIRE(certified.state().certificate);
  CHECK(HeldScopes(certified.state()) == std::vector<HeldScope>{applied});
  certified.Do(SuspendCertificate{"8.2.1-4", "其他情形", "整改", certified.today().AddDays(30), "王主任"}, Committee());
  CHECK(HeldScopes(certified.state()).size() == 1);  // SUSPENDED still holds it
  certified.Do(CancelCertificate{"8.2.3-3", "主体终止", "王主任", std::nullopt}, Committee());
  CHECK(HeldScopes(certified.state()).empty());  // an ended certificate holds nothing
}
