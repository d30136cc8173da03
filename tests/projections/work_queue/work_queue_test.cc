// The staff work queue: a row per file with its stage, due date, and the
// clocks from which the overdue reasons are read, equal to the domain's.
#include "projections/projection_fixture.h"

using namespace certreg::testing;

namespace {

WorkQueueRow QueueRowOf(const ProjectionWrites& writes) {
  for (const RowWrite& w : writes) {
    if (std::string_view(w.column_family) == kWorkQueueCf) {
      REQUIRE(w.value);
      auto row = DecodeWorkQueueRow(*w.value);
      REQUIRE(row.ok());
      return *row;
    }
  }
  FAIL("no work-queue row");
  return {};
}

// After every event of `f`, the projected row agrees with the domain's
// Stage, DueOn and OverdueReasons on every 5th day over six years.
void RequireQueueFollowsDomain(const Lifecycle& f) {
  const std::vector<Event> events = Stamped(f);
  FileState state;
  for (const Event& event : events) {
    const FileState before = state;
    state = Evolve(std::move(state), event);
    const WorkQueueRow row = QueueRowOf(ProjectFile("F-1", before, state, {event}, TheScheme()));
    CAPTURE(EventTypeName(event.body), event.version);
    REQUIRE(row.stage == StageOf(state));
    REQUIRE(row.due_on == DueOn(state));
    REQUIRE(row.version == state.version);
    for (Date day = events.front().effective_date.AddDays(-10); day < events.front().effective_date.AddYears(6);
         day = day.AddDays(5)) {
      CAPTURE(day.ToString());
      REQUIRE(OverdueReasons(row, day) == OverdueReasons(state, day));
    }
  }
}

}  // namespace

TEST_CASE("the work-queue row follows the domain's stage, due date and overdue reasons", "[projections][queue]") {
  SECTION("a certificate's whole life, to cancellation") { RequireQueueFollowsDomain(RichHistory()); }
  SECTION("materials requested and supplied") {
    Lifecycle f;
    f.Submitted();
    f.Do(RequestMaterials{{"business_license"}}, Clerk());
    f.SetToday("2026-03-06");
    f.Do(SupplementMaterials{{"business_license"}, {D("2026-03-06"), "email"}}, Clerk());
    f.Do(DecideAcceptance{true, ""}, Clerk());
    RequireQueueFollowsDomain(f);
  }
  SECTION("a conditional approval, fulfilled, issued, then a surveillance finding") {
    Lifecycle f;
    f.ConditionallyApproved("2026-04-30");
    f.Do(NotifyDecision{f.today(), "email"}, Clerk());
    f.Do(CloseFinding{"F1", "已整改", "已验证"}, Leader());
    f.Do(FulfilConditions{}, Committee());
    f.Do(IssueCertificate{}, Clerk());
    f.SetToday("2027-03-01");
    const std::string surveillance = f.Planned(AuditKind::kSurveillance);
    f.Do(RecordFinding{surveillance, "9.4.1", FindingGrade::kMinor, "展示不规范", "", D("2027-04-01")}, Leader());
    f.Do(RecordFinding{surveillance, "9.4.2", FindingGrade::kMinor, "审核不全", "", D("2027-03-20")}, Leader());
    RequireQueueFollowsDomain(f);
  }
  SECTION("a suspension, a proceeding opened by the sweep, an appeal") {
    Lifecycle f;
    f.Suspended("2026-04-30");
    f.SetToday("2026-05-10");
    REQUIRE(f.Sweep() == std::vector<std::string>{"RevocationProceedingOpened"});
    f.Do(IssueRevocationNotice{D("2026-05-30")}, Clerk());
    f.Do(FileAppeal{"认为证据不足", {f.today(), "letter"}}, Clerk());
    f.Do(DecideAppeal{AppealOutcome::kDismissed, "证据充分", std::nullopt}, Committee());
    RequireQueueFollowsDomain(f);
  }
  SECTION("a rejected application, once notified, closes the file, which keeps its row") {
    Lifecycle f;
    f.Accepted();
    f.Reviewed();
    f.Do(DecideCertification{DecisionOutcome::kReject, "不符合要求", std::nullopt}, Committee());
    RequireQueueFollowsDomain(f);  // awaiting its notice (domain.md §9.2)
    f.Do(NotifyDecision{f.today(), "email"}, Clerk());
    RequireQueueFollowsDomain(f);
    const MemoryTables tables = Rebuilt("F-1", f);
    auto page = WorkQueue(tables, WorkQueueQuery{"closed", D("2026-03-02"), false, 1, 20});
    REQUIRE(page.ok());
    REQUIRE(page->total == 1);
    CHECK(page->items[0].row.holder_name == "杭州星河直播电子商务有限公司");
  }
}

TEST_CASE("the work queue filters by stage and by overdue, pages, and orders by file id", "[projections][queue]") {
  MemoryTables tables;
  // F-2026-000001 awaits acceptance (due 2026-03-09); F-2026-000002 is certified;
  // F-2026-000003 awaits its notice (due 2026-03-09); F-2026-000004 awaits acceptance.
  Lifecycle awaiting;
  awaiting.Submitted();
  Lifecycle certified;
  certified.Certified();
  Lifecycle deciding;
  deciding.Accepted();
  deciding.Reviewed();
  deciding.Do(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee());
  Lifecycle later;
  later.SetToday("2026-03-05");
  later.Submitted();
  ProjectInChunks(tables, "F-2026-000004", Stamped(later), 1);
  ProjectInChunks(tables, "F-2026-000002", Stamped(certified), 1);
  ProjectInChunks(tables, "F-2026-000003", Stamped(deciding), 1);
  ProjectInChunks(tables, "F-2026-000001", Stamped(awaiting), 1);

  auto all = WorkQueue(tables, WorkQueueQuery{std::nullopt, D("2026-03-10"), false, 1, 20});
  REQUIRE(all.ok());
  REQUIRE(all->total == 4);
  std::vector<std::string> ids;
  for (const auto& item : all->items) ids.push_back(item.row.file_id);
  CHECK(ids == std::vector<std::string>{"F-2026-000001", "F-2026-000002", "F-2026-000003", "F-2026-000004"});
  CHECK(all->items[1].row.certificate_no == "CMM-525-2026-00001");
  CHECK(all->items[1].row.status == CertificateStatus::kValid);

  auto waiting = WorkQueue(tables, WorkQueueQuery{"awaiting_acceptance", D("2026-03-10"), false, 1, 20});
  REQUIRE(waiting.ok());
  CHECK(waiting->total == 2);

  // On 2026-03-10 the first file's acceptance and the third's notice are late; the fourth is due 2026-03-12.
  auto overdue = WorkQueue(tables, WorkQueueQuery{std::nullopt, D("2026-03-10"), true, 1, 20});
  REQUIRE(overdue.ok());
  REQUIRE(overdue->total == 2);  // the certified file is not overdue (the scheme's own period is no file's fault)
  CHECK(overdue->items[0].row.file_id == "F-2026-000001");
  CHECK(overdue->items[0].overdue_reasons == std::vector<OverdueReason>{OverdueReason::kAcceptance});
  CHECK(overdue->items[1].row.file_id == "F-2026-000003");
  CHECK(overdue->items[1].overdue_reasons == std::vector<OverdueReason>{OverdueReason::kNotice});

  auto second = WorkQueue(tables, WorkQueueQuery{std::nullopt, D("2026-03-10"), false, 2, 3});
  REQUIRE(second.ok());
  CHECK(second->total == 4);
  REQUIRE(second->items.size() == 1);
  CHECK(second->items[0].row.file_id == "F-2026-000004");

  CHECK(WorkQueue(tables, WorkQueueQuery{"sleeping", D("2026-03-10"), false, 1, 20}).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(WorkQueue(tables, WorkQueueQuery{std::nullopt, D("2026-03-10"), false, 0, 20}).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(WorkQueue(tables, WorkQueueQuery{std::nullopt, D("2026-03-10"), false, 1, 101}).status().code() ==
        Status::Code::kInvalidArgument);
}
