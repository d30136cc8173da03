// A file's commands one after another without one sync each: a command
// releases the file's lock once its append is queued in the store's order, the
// next decides on the state the queued one leads to and appends expecting the
// version after it, and every answer waits until what it was decided on is
// durable (command_handler.h). The store's preparer is held at its free-space
// check (StoreOptions::free_space) so that commands queue up behind it.
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "app/command_handler.h"
#include "app/file_reader.h"
#include "app/registry_clock.h"
#include "certreg/fixtures/demo_data.h"
#include "certreg/scheme/scheme_loader.h"
#include "support/lifecycle_fixture.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::domain;
using namespace std::chrono_literals;
using certreg::testing::D;

namespace {

constexpr std::uint64_t kReserve = 64 << 20;

// Holds whoever passes while closed: the store's preparer asks for free space
// once per batch of requests it takes, before preparing any.
class Gate {
 public:
  void Close() { Set(true); }
  void Open() { Set(false); }
  void Pass() {
    std::unique_lock<std::mutex> lock(mu_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return !closed_; });
    --waiting_;
  }
  // Waits until someone is held; false after 10 s.
  bool Holding() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, 10s, [&] { return waiting_ > 0; });
  }

 private:
  void Set(bool closed) {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = closed;
    cv_.notify_all();
  }
  std::mutex mu_;
  std::condition_variable cv_;
  bool closed_ = false;
  int waiting_ = 0;
};

class Queued {
 public:
  Queued() {
    auto clock = [this] { return now_.load(); };
    store::StoreOptions options;
    options.path = dir_.path();
    app::UseRegistryColumnFamilies(options);
    options.clock = clock;
    options.disk_reserve_bytes = kReserve;
    options.free_space = [this] {
      gate_.Pass();
      return free_.load();
    };
    store_ = std::move(store::EventStore::Open(options)).value();
    app::RegistryOptions registry_options;
    registry_options.clock = clock;
    registry_ = std::make_unique<app::Registry>(*store_, scheme::BuiltInScheme(), calendar_, registry_options);
    clock_ = std::make_unique<app::RegistryClock>(app::TimeZone(), clock);
    files_ = std::make_unique<app::FileReader>(*store_, *clock_);
    handler_ = std::make_unique<app::CommandHandler>(*store_, scheme::BuiltInScheme(), calendar_, *clock_, *files_, 5);
  }

  // Files with a live certificate, on which a major change may be reported again and again.
  std::vector<std::string> CertifiedFiles(int count) {
    auto numbers = app::IssueDemoCertificates(*registry_, count);
    REQUIRE(numbers.ok());
    std::vector<std::string> files;
    for (const std::string& number : *numbers) files.push_back(registry_->FileOfCertificate(number).value());
    return files;
  }
  app::CommandRequest MajorChange(const std::string& file, int n) {
    app::CommandRequest request;
    request.file_id = file;
    request.command = ReportMajorChange{"直播间搬迁 " + std::to_string(n), {D("2026-06-01"), "email"}};
    request.actor = testing::Clerk();
    return request;
  }
  // Runs `request` on its own thread.
  std::future<Result<app::CommandResult>> Start(app::CommandRequest request) {
    return std::async(std::launch::async, [this, request] { return handler_->Execute(request); });
  }
  // Waits until the file's queued state is at `version`; false after 10 s.
  bool QueuedAt(const std::string& file, std::uint64_t version) {
    for (int i = 0; i < 1000; ++i) {
      if (handler_->QueuedVersion(file) == std::optional<std::uint64_t>(version)) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  // Holds the store's preparer, then starts `first` and, once it is queued,
  // `second` on the state it leads to (the file at `version` before both);
  // `between` runs once the first is queued, before the second starts.
  std::pair<std::future<Result<app::CommandResult>>, std::future<Result<app::CommandResult>>> QueueTwo(
      const std::string& file, std::uint64_t version, app::CommandRequest first, app::CommandRequest second,
      const std::function<void()>& between = {}) {
    gate_.Close();
    auto a = Start(std::move(first));
    REQUIRE(gate_.Holding());  // the first is taken by the preparer, not yet prepared
    REQUIRE(QueuedAt(file, version + 1));
    if (between) between();
    auto b = Start(std::move(second));
    REQUIRE(QueuedAt(file, version + 2));  // decided on the first's state, queued behind it
    return {std::move(a), std::move(b)};
  }

  // Moves the clock of the store and the registry to `micros` since the epoch.
  void SetClock(std::int64_t micros) { now_ = micros; }
  app::FileReader& files() { return *files_; }
  Gate& gate() { return gate_; }
  std::atomic<std::uint64_t>& free() { return free_; }
  store::EventStore& store() { return *store_; }
  app::Registry& registry() { return *registry_; }
  app::CommandHandler& handler() { return *handler_; }

 private:
  testing::TempDir dir_;
  // 2026-06-01 12:00 in the registry's time zone (Asia/Shanghai, UTC+8).
  std::atomic<std::int64_t> now_{std::int64_t{D("2026-06-01").days()} * 86400 * 1'000'000 + 4 * 3600 * 1'000'000LL};
  Gate gate_;
  std::atomic<std::uint64_t> free_{kReserve * 16};
  WorkingCalendar calendar_;
  std::unique_ptr<store::EventStore> store_;
  std::unique_ptr<app::Registry> registry_;
  std::unique_ptr<app::RegistryClock> clock_;
  std::unique_ptr<app::FileReader> files_;
  std::unique_ptr<app::CommandHandler> handler_;
};

}  // namespace

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
