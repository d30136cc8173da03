// The workers' pool (http/worker_pool.h): jobs run in order; a job wakes a
// sleeping thread only while fewer than max_awake are awake; when the awake
// threads are held up, Nudge wakes one more once the first queued job has
// waited the stall time.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "http/worker_pool.h"

using namespace std::chrono_literals;

namespace {

// Waits until `flag` is set; false after 10 s.
bool Becomes(const std::atomic<bool>& flag) {
  for (int i = 0; i < 1000 && !flag.load(); ++i) std::this_thread::sleep_for(10ms);
  return flag.load();
}

}  // namespace

TEST_CASE("a burst of jobs on a pool capped at one awake thread runs one job at a time, in order",
          "[http][worker-pool]") {
  certreg::http::WorkerPool pool(4, /*max_awake=*/1);
  std::this_thread::sleep_for(50ms);  // every thread asleep
  std::mutex mu;
  std::vector<int> order;
  std::atomic<int> running{0}, most_running{0};
  std::atomic<bool> done{false};
  for (int i = 0; i < 50; ++i) {
    REQUIRE(pool.Submit([&, i] {
      const int now = ++running;
      if (now > most_running.load()) most_running = now;
      {
        std::lock_guard<std::mutex> lock(mu);
        order.push_back(i);
      }
      std::this_thread::sleep_for(100us);
      --running;
      if (i == 49) done = true;
    }));
  }
  REQUIRE(Becomes(done));
  CHECK(most_running.load() == 1);
  std::lock_guard<std::mutex> lock(mu);
  REQUIRE(order.size() == 50);
  for (int i = 0; i < 50; ++i) CHECK(order[static_cast<std::size_t>(i)] == i);
  CHECK_FALSE(pool.Nudge().has_value());  // nothing waits
}

TEST_CASE("when the awake threads are held up, a nudge after the stall time wakes one more", "[http][worker-pool]") {
  certreg::http::WorkerPool pool(3, /*max_awake=*/1, /*stall=*/5ms);
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::atomic<bool> blocking{false}, second_ran{false};
  REQUIRE(pool.Submit([&] {
    blocking = true;
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return release; });  // a job that waits (a disk read, a durable number)
  }));
  REQUIRE(Becomes(blocking));
  REQUIRE(pool.Submit([&] { second_ran = true; }));
  // The loop calls Nudge on each turn while jobs wait; once the queued job has waited 5 ms, it wakes a thread.
  std::optional<std::chrono::microseconds> again;
  for (int i = 0; i < 1000 && !second_ran.load(); ++i) {
    if (auto next = pool.Nudge()) again = next;
    std::this_thread::sleep_for(1ms);
  }
  CHECK(second_ran.load());
  REQUIRE(again.has_value());
  CHECK(*again == std::chrono::microseconds(5000));
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  pool.Shutdown();
  CHECK_FALSE(pool.Submit([] {}));
}
