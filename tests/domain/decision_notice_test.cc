// The notice clock of domain.md §9.2 in the work queue: every decision, reject
// and lapse included, also on a recertification of a certified file, until it
// is notified; StageOf, DueOn and OverdueClocks read it alike.
#include <algorithm>

#include "certreg/domain/time_rules.h"
#include "support/domain_events.h"

using namespace certreg::testing;

namespace {

FileState StateOf(const std::vector<Event>& history) {
  FileState state;
  std::uint64_t version = 0;
  for (Event e : history) {
    e.version = ++version;
    state = Evolve(std::move(state), e);
  }
  return state;
}

std::vector<OverdueReason> Reasons(const FileState& state, const char* today) {
  return OverdueReasons(state, D(today));
}

const std::vector<OverdueReason> kNotice{OverdueReason::kNotice};
const std::vector<OverdueReason> kNone{};

}  // namespace

TEST_CASE("a rejection awaits its notice in the work queue until notified", "[domain][work_queue][notice]") {
  const FileState rejected = StateOf(History(ReviewedHistory(), DecidedToReject()));
  CHECK(StageOf(rejected) == Stage::kAwaitingNotice);
  CHECK(DueOn(rejected) == D("2026-03-09"));
  CHECK(Reasons(rejected, "2026-03-09") == kNone);
  CHECK(Reasons(rejected, "2026-03-10") == kNotice);

  const FileState notified = StateOf(History(ReviewedHistory(), DecidedToReject(), Notified()));
  CHECK(StageOf(notified) == Stage::kClosed);
  CHECK(DueOn(notified) == std::nullopt);
  CHECK(Reasons(notified, "2027-01-01") == kNone);
}

TEST_CASE("a lapsed conditional approval awaits the lapse's notice", "[domain][work_queue][notice]") {
  const std::vector<Event> conditional =
      History(InAudit(), FindingEv(), Scored(), ReportSubmitted(), ReportApproved(), Reviewed(),
              DecidedConditionally(), Notified());
  const ConditionalApprovalLapsed lapsed{.conditions_deadline = D("2026-04-30"), .notice_due_on = D("2026-05-08")};
  const FileState state = StateOf(History(conditional, At("2026-05-01", lapsed)));
  CHECK(StageOf(state) == Stage::kAwaitingNotice);
  CHECK(DueOn(state) == D("2026-05-08"));
  CHECK(OverdueClocks(state) == std::vector<OverdueClock>{{.reason = OverdueReason::kNotice, .due_on = D("2026-05-08")}});
  CHECK(Reasons(state, "2026-05-09") == kNotice);

  const FileState notified =
      StateOf(History(conditional, At("2026-05-01", lapsed),
                      At("2026-05-06", DecisionNotified{.notified_on = D("2026-05-06"), .channel = "email"})));
  CHECK(StageOf(notified) == Stage::kClosed);
  CHECK(OverdueClocks(notified).empty());

  // A lapse recorded before lapses carried their notice's due date owes it
  // too (§9.2), from the day of the lapse.
  const FileState old = StateOf(History(conditional, At("2026-05-01", ConditionalApprovalLapsed{D("2026-04-30")})));
  CHECK(StageOf(old) == Stage::kAwaitingNotice);
  CHECK(DueOn(old) == D("2026-05-01"));
}

TEST_CASE("the time-driven lapse dates its notice from the lapse on the working calendar",
          "[domain][time][notice]") {
  const FileState conditional = StateOf(History(InAudit(), FindingEv(), Scored(), ReportSubmitted(), ReportApproved(),
                                                Reviewed(), DecidedConditionally(), Notified()));
  const WorkingCalendar calendar({D("2026-05-01"), D("2026-05-04"), D("2026-05-05")}, {});
  const std::vector<Event> due = TimeDrivenEvents(conditional, D("2026-05-20"), certreg::scheme::BuiltInScheme(), calendar);
  REQUIRE(due.size() == 1);
  CHECK(due[0].effective_date == D("2026-05-01"));
  // Working days after Friday 1 May (a holiday, as are 4 and 5 May): 6, 7, 8, 11, 12 May.
  CHECK(std::get<ConditionalApprovalLapsed>(due[0].body).notice_due_on == D("2026-05-12"));
}

TEST_CASE("a recertification decision of a certified file is notified like any other",
          "[domain][work_queue][notice]") {
  std::vector<Event> history = Certified();
  const auto kind = AuditKind::kRecertification;
  CertificationDecided rejected = DecidedToReject();
  rejected.audit_id = "A2";
  rejected.notice_due_on = D("2028-12-08");
  for (EventBody body : std::vector<EventBody>{RecertificationAppliedEv(D("2028-12-01")), Accepted(),
                                               TeamAssigned("A2", kind), AuditPlannedEv("A2", kind), Scored("A2"),
                                               ReportSubmitted("A2"), ReportApproved("A2"), Reviewed("A2"), rejected}) {
    history.push_back(At("2028-12-01", std::move(body)));
  }
  const FileState state = StateOf(history);
  CHECK(StageOf(state) == Stage::kCertified);
  CHECK(DueOn(state) == D("2028-12-08"));
  const std::vector<OverdueReason> reasons = Reasons(state, "2028-12-09");
  CHECK(std::find(reasons.begin(), reasons.end(), OverdueReason::kNotice) != reasons.end());
}
