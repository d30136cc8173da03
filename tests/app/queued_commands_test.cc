// A file's commands one after another without one sync each: a command
// releases the file's lock once its append is queued in the store's order, the
// next decides on the state the queued one leads to and appends expecting the
// version after it, and every answer waits until what it was decided on is
// durable (command_handler.h). The store's preparer is held at its free-space
// check (StoreOptions::free_space) so that commands queue up behind it.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "app/queued_fixture.h"

using namespace certreg;
using namespace certreg::domain;
using namespace std::chrono_literals;
using certreg::testing::D;
using certreg::testing::Queued;
using certreg::testing::kReserve;


TEST_CASE("a command decides on the state its file's queued command leads to, and both share one synced batch",
          "[app][concurrency][queued]") {
  Queued q;
  const std::string file = q.CertifiedFiles(1).front();
  const std::uint64_t start = q.registry().FileVersion(file).value();
  const store::StoreStats before = q.store().Stats();

  auto [first, second] = q.QueueTwo(file, start, q.MajorChange(file, 1), q.MajorChange(file, 2));
  CHECK(second.wait_for(100ms) == std::future_status::timeout);  // answered only once durable
  q.gate().Open();

  auto a = first.get();
  auto b = second.get();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->version == start + 1);
  CHECK(b->version == start + 2);
  const store::StoreStats after = q.store().Stats();
  CHECK(after.appended_requests - before.appended_requests == 2);
  CHECK(after.batches - before.batches == 1);
  // The second's decision saw the first's event: two reports, with ids of their own.
  const FileState state = q.registry().LoadFile(file)->state;
  CHECK(state.version == start + 2);
  CHECK(state.major_change_reports.size() == 2);
  CHECK(std::set<std::string>(state.major_change_reports.begin(), state.major_change_reports.end()).size() == 2);
  CHECK_FALSE(q.handler().QueuedVersion(file).has_value());
  CHECK(q.store().Verify()->ok);
}

TEST_CASE("when the store refuses a queued command the next one is decided again on the committed state",
          "[app][concurrency][queued]") {
  Queued q;
  const std::vector<std::string> files = q.CertifiedFiles(2);
  const std::string& file = files[0];
  const std::string& other = files[1];
  const std::uint64_t start = q.registry().FileVersion(file).value();

  q.gate().Close();
  app::CommandRequest keyed = q.MajorChange(other, 0);
  keyed.idempotency_key = "k-1";
  auto holder = q.Start(keyed);  // takes the key first
  REQUIRE(q.gate().Holding());
  app::CommandRequest reused = q.MajorChange(file, 1);
  reused.idempotency_key = "k-1";  // the same key for other content: the store refuses it
  auto refused = q.Start(reused);
  REQUIRE(q.QueuedAt(file, start + 1));
  auto next = q.Start(q.MajorChange(file, 2));
  REQUIRE(q.QueuedAt(file, start + 2));
  q.gate().Open();

  CHECK(holder.get().ok());
  auto r = refused.get();
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().Is(Status::Code::kConflict, Status::SubCode::kIdempotencyKeyReused));
  auto n = next.get();
  REQUIRE(n.ok());
  CHECK(n->version == start + 1);  // its first decision expected start + 2 and was refused as stale
  const FileState state = q.registry().LoadFile(file)->state;
  CHECK(state.version == start + 1);
  CHECK(state.major_change_reports.size() == 1);
  CHECK(q.store().Verify()->ok);
}

TEST_CASE("when a queued command's batch is refused for lack of space the command decided on it fails too",
          "[app][concurrency][queued][disk]") {
  Queued q;
  const std::string file = q.CertifiedFiles(1).front();
  const std::uint64_t start = q.registry().FileVersion(file).value();
  const store::LogHead head = q.store().Head();

  auto [first, second] = q.QueueTwo(file, start, q.MajorChange(file, 1), q.MajorChange(file, 2));
  q.free() = kReserve - 1;
  q.gate().Open();

  for (auto* outcome : {&first, &second}) {
    auto result = outcome->get();
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().subcode() == Status::SubCode::kNoSpace);
  }
  CHECK(q.store().Head().size == head.size);  // nothing half-written
  CHECK(q.store().Head().hash == head.hash);
  CHECK(q.registry().FileVersion(file).value() == start);

  q.free() = kReserve * 16;
  auto later = q.handler().Execute(q.MajorChange(file, 3));
  REQUIRE(later.ok());
  CHECK(later->version == start + 1);  // decided on the committed state, not on the refused ones
  CHECK(q.store().Verify()->ok);
}

TEST_CASE("an If-Match of the committed version is refused once the queued state it missed is durable",
          "[app][concurrency][queued][if-match]") {
  Queued q;
  const std::string file = q.CertifiedFiles(1).front();
  const std::uint64_t start = q.registry().FileVersion(file).value();

  q.gate().Close();
  auto first = q.Start(q.MajorChange(file, 1));
  REQUIRE(q.gate().Holding());
  REQUIRE(q.QueuedAt(file, start + 1));
  app::CommandRequest matched = q.MajorChange(file, 2);
  matched.expected_version = start;
  auto stale = q.Start(matched);
  CHECK(stale.wait_for(100ms) == std::future_status::timeout);  // not answered before the first is durable
  q.gate().Open();

  REQUIRE(first.get().ok());
  auto s = stale.get();
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().Is(Status::Code::kConflict, Status::SubCode::kStaleVersion));
  CHECK(s.status().current_version() == std::optional<std::uint64_t>(start + 1));

  // An If-Match of the queued state's version is decided on it.
  app::CommandRequest current = q.MajorChange(file, 4);
  current.expected_version = start + 2;
  auto [third, fourth] = q.QueueTwo(file, start + 1, q.MajorChange(file, 3), current);
  q.gate().Open();
  REQUIRE(third.get().ok());
  auto f = fourth.get();
  REQUIRE(f.ok());
  CHECK(f->version == start + 3);
}

TEST_CASE("a command decided on a queued state whose day the writer did not keep is decided again on the committed one",
          "[app][concurrency][queued][midnight]") {
  Queued q;
  constexpr std::int64_t kHour = 3600 * 1'000'000LL;
  const std::int64_t june_first_utc = std::int64_t{D("2026-06-01").days()} * 24 * kHour;
  q.SetClock(june_first_utc + 16 * kHour - 1'000'000);  // 2026-06-01 23:59:59 in Shanghai
  const std::string file = q.CertifiedFiles(1).front();
  const std::uint64_t start = q.registry().FileVersion(file).value();
  const store::StoreStats before = q.store().Stats();

  // The suspension is decided on June 1st; its successor, decided on the
  // state it leads to, on June 2nd; both are prepared on June 2nd, so the
  // suspension's recording date, which the state keeps, is not the one the
  // successor's decision saw.
  app::CommandRequest suspend;
  suspend.file_id = file;
  suspend.command = SuspendCertificate{"8.2.1-3", "违规", "整改", D("2026-06-30"), "陈杰"};
  suspend.actor = testing::Committee();
  app::CommandRequest refusal;
  refusal.file_id = file;
  refusal.command = RecordSurveillanceRefusal{"认证对象书面回复拒绝接受监督审核"};
  refusal.actor = testing::Clerk();
  auto [first, second] = q.QueueTwo(file, start, suspend, refusal, [&] {
    q.SetClock(june_first_utc + 16 * kHour + 1'000'000);  // 2026-06-02 00:00:01
  });
  q.gate().Open();

  REQUIRE(first.get().ok());
  auto b = second.get();
  REQUIRE(b.ok());
  CHECK(b->version == start + 2);
  // Its first decision was refused with nothing written, then it was decided on what committed.
  const store::StoreStats after = q.store().Stats();
  CHECK(after.appended_requests - before.appended_requests == 2);
  CHECK(after.rejected_requests - before.rejected_requests == 1);
  // The fold the commands keep is the log's: the suspension recorded on June 2nd.
  const FileState logged = q.registry().LoadFile(file)->state;
  REQUIRE(logged.suspension.has_value());
  CHECK(logged.suspension->deadline_recorded_on == D("2026-06-02"));
  auto kept = q.files().Current(file);
  REQUIRE(kept.ok());
  CHECK((*kept)->version == start + 2);
  REQUIRE((*kept)->suspension.has_value());
  CHECK((*kept)->suspension->deadline_recorded_on == D("2026-06-02"));
  CHECK(q.store().Verify()->ok);
}
