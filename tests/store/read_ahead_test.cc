// The writer reads the committed state an append needs before queueing it
// (RocksEventStore::ReadAhead); when a group commits between that read and
// the append's preparation, what it read is stale and must be read again.
// The preparer is held at its free-space check (StoreOptions::free_space,
// once for each batch of requests it takes), and `max_batch_requests = 1`
// makes each batch one request, so that the first request's group commits
// between the second's read and its preparation.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "support/store_fixtures.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::store;
using namespace std::chrono_literals;
using certreg::testing::ProbeAppend;
using certreg::testing::TempDir;

namespace {

// Lets through as many passes as allowed, holding the others.
class Turnstile {
 public:
  void Pass() {
    std::unique_lock<std::mutex> lock(mu_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return allowed_ > 0; });
    --allowed_;
    --waiting_;
    cv_.notify_all();
  }
  void Close() { Set([](int) { return 0; }); }
  void Open() { Set([](int) { return kOpen; }); }
  void Allow(int passes) { Set([passes](int allowed) { return allowed + passes; }); }
  // Waits until someone is held and none is allowed through; false after 10 s.
  bool Holding() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, 10s, [&] { return waiting_ > 0 && allowed_ == 0; });
  }

 private:
  static constexpr int kOpen = 1 << 20;
  template <typename Change>
  void Set(Change change) {
    std::lock_guard<std::mutex> lock(mu_);
    allowed_ = change(allowed_);
    cv_.notify_all();
  }
  std::mutex mu_;
  std::condition_variable cv_;
  int allowed_ = kOpen;  // open until the test closes it
  int waiting_ = 0;
};

class TurnByTurn {
 public:
  TurnByTurn() {
    StoreOptions options;
    options.path = dir_.path();
    options.max_batch_requests = 1;
    options.disk_reserve_bytes = 1;
    options.free_space = [this] {
      turnstile_.Pass();
      return std::uint64_t{1} << 40;
    };
    store_ = std::move(EventStore::Open(options)).value();
  }
  ~TurnByTurn() { turnstile_.Open(); }

  // Queues `first`, whose preparation is held; then queues `second` (its
  // committed state read now), lets `first` be prepared and committed, and
  // only then `second`. Returns both answers.
  std::pair<Result<AppendResult>, Result<AppendResult>> CommitBetween(AppendRequest first, AppendRequest second) {
    turnstile_.Close();
    auto held = store_->AppendToStreamAsync(std::move(first));
    REQUIRE(turnstile_.Holding());
    auto queued = store_->AppendToStreamAsync(std::move(second));  // read ahead, queued behind `first`
    turnstile_.Allow(1);                                             // `first` is prepared
    REQUIRE(turnstile_.Holding());                                   // `second`'s preparation waits
    for (int i = 0; i < 1000 && store_->Stats().batches == 0; ++i) std::this_thread::sleep_for(10ms);
    REQUIRE(store_->Stats().batches == 1);  // `first` committed, its group no longer in flight
    CHECK_FALSE(queued.Ready());
    turnstile_.Open();
    return {held.Get(), queued.Get()};
  }
  EventStore& store() { return *store_; }

 private:
  TempDir dir_;
  Turnstile turnstile_;
  std::unique_ptr<EventStore> store_;
};

AppendRequest Keyed(AppendRequest request, const std::string& key, const std::string& fingerprint) {
  request.idempotency_key = key;
  request.idempotency_owner = "li.na";
  request.fingerprint = fingerprint;
  return request;
}

}  // namespace

TEST_CASE("a stream version read before queueing is read again when a group committed since",
          "[store][concurrency][read-ahead]") {
  TurnByTurn t;
  auto [first, second] = t.CommitBetween(ProbeAppend("s", ExpectedVersion::NoStream(), "first"),
                                         ProbeAppend("s", ExpectedVersion::NoStream(), "second"));
  REQUIRE(first.ok());
  REQUIRE_FALSE(second.ok());  // read ahead, the stream had no events
  CHECK(second.status().Is(Status::Code::kConflict, Status::SubCode::kStaleVersion));
  CHECK(second.status().current_version() == std::optional<std::uint64_t>(1));
  CHECK(t.store().StreamVersion("s").value() == 1);
  CHECK(t.store().Head().size == 1);
}

TEST_CASE("an idempotency record read before queueing is read again when a group committed since",
          "[store][concurrency][read-ahead][idempotency]") {
  SECTION("other content under the key is refused") {
    TurnByTurn t;
    auto [first, second] = t.CommitBetween(Keyed(ProbeAppend("a", ExpectedVersion::Any(), "a"), "k", "body a"),
                                           Keyed(ProbeAppend("b", ExpectedVersion::Any(), "b"), "k", "body b"));
    REQUIRE(first.ok());
    REQUIRE_FALSE(second.ok());
    CHECK(second.status().Is(Status::Code::kConflict, Status::SubCode::kIdempotencyKeyReused));
    CHECK(t.store().Head().size == 1);
  }
  SECTION("the same content under the key is answered as a replay") {
    TurnByTurn t;
    auto [first, second] = t.CommitBetween(Keyed(ProbeAppend("a", ExpectedVersion::Any(), "a"), "k", "body a"),
                                           Keyed(ProbeAppend("a", ExpectedVersion::Any(), "a"), "k", "body a"));
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(second->replayed);
    CHECK(second->first_position == first->first_position);
    CHECK(t.store().Head().size == 1);
  }
}
