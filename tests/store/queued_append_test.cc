// QueuedAppend (certreg/store/queued_append.h): the handle answers every
// copy once, wakes threads asleep on it, and tells without waiting whether
// it is answered.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "certreg/store/queued_append.h"

using namespace certreg;
using namespace certreg::store;
using namespace std::chrono_literals;

TEST_CASE("a queued append's handle is answered once for every copy, waking the threads that wait",
          "[store][queued-append]") {
  auto state = std::make_shared<QueuedAppend::State>();
  const QueuedAppend handle(state);
  REQUIRE(handle.Valid());
  CHECK_FALSE(handle.Ready());

  constexpr int kWaiters = 4;
  std::atomic<int> woken{0};
  std::atomic<std::uint64_t> seen_position_sum{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < kWaiters; ++i) {
    waiters.emplace_back([copy = handle, &woken, &seen_position_sum] {
      const Result<AppendResult>& result = copy.Get();
      if (result.ok()) seen_position_sum += result->first_position;
      ++woken;
    });
  }
  std::this_thread::sleep_for(50ms);  // the waiters are asleep on the futex (or about to be)
  CHECK(woken.load() == 0);
  CHECK_FALSE(handle.Ready());

  AppendResult appended;
  appended.first_position = 7;
  state->Answer(appended);
  for (auto& waiter : waiters) waiter.join();
  CHECK(woken.load() == kWaiters);
  CHECK(seen_position_sum.load() == 7 * kWaiters);
  CHECK(handle.Ready());
  REQUIRE(handle.Get().ok());
  CHECK(handle.Get()->first_position == 7);
}

TEST_CASE("a handle answered before anyone waits returns at once, and an empty one is not valid",
          "[store][queued-append]") {
  const QueuedAppend refused = QueuedAppend::AnsweredWith(Status::Busy("the event store is closing"));
  REQUIRE(refused.Valid());
  CHECK(refused.Ready());
  refused.Wait();
  CHECK(refused.Get().status().code() == Status::Code::kBusy);
  CHECK_FALSE(QueuedAppend().Valid());
}

TEST_CASE("a callback asked for is told once: on the answering thread after the answer, or at once if answered",
          "[store][queued-append]") {
  auto state = std::make_shared<QueuedAppend::State>();
  const QueuedAppend handle(state);
  std::atomic<int> told{0};
  std::atomic<bool> ready_when_told{false};
  handle.OnAnswer([&] {
    ready_when_told = handle.Ready();
    ++told;
  });
  CHECK(told.load() == 0);
  // A thread asleep on the same handle is woken too.
  std::thread waiter([copy = handle] { copy.Wait(); });
  std::this_thread::sleep_for(20ms);
  std::thread answerer([state] { state->Answer(AppendResult{}); });
  answerer.join();
  waiter.join();
  CHECK(told.load() == 1);
  CHECK(ready_when_told.load());

  const QueuedAppend answered = QueuedAppend::AnsweredWith(Status::Busy("closing"));
  int told_at_once = 0;
  answered.OnAnswer([&] { ++told_at_once; });
  CHECK(told_at_once == 1);
}

TEST_CASE("a callback asked for while the answer arrives runs exactly once", "[store][queued-append]") {
  for (int round = 0; round < 2000; ++round) {
    auto state = std::make_shared<QueuedAppend::State>();
    const QueuedAppend handle(state);
    std::atomic<int> told{0};
    std::thread answerer([state] { state->Answer(AppendResult{}); });
    handle.OnAnswer([&] { ++told; });
    answerer.join();
    REQUIRE(told.load() == 1);
  }
}
