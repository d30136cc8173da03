// Internal to the HTTP room: a fixed number of threads that run jobs in the
// order they were submitted. The connection loop hands them complete
// requests only, so no thread ever waits on a client's socket, and at most
// one per connection (a connection is not read while its request waits), so
// the queue is bounded by the connection cap.
//
// Waking a sleeping thread costs more than a short job's queueing (a system
// call, a task switch, on a virtual machine an interrupt between cores), so
// a job wakes a thread only while fewer than `max_awake` are awake (running
// a job or about to take one): the awake ones take queued jobs one after
// another without sleeping. A job that waits (a read from disk, a command
// holding new numbers until they are durable) keeps its thread awake: when
// the first queued job has waited `stall` (Nudge, which the loop calls on
// each turn while jobs wait), one more thread is woken past the cap.
//
// Thread-safe. Shutdown() (also run by the destructor) lets the jobs already
// running finish, drops the ones still queued, and joins the threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace certreg::http {

class WorkerPool {
 public:
  using Clock = std::chrono::steady_clock;

  // `max_awake` 0: the machine's hardware threads (at least 2).
  explicit WorkerPool(int threads, int max_awake = 0, std::chrono::microseconds stall = std::chrono::milliseconds(1));
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`; false (and the job dropped) after Shutdown().
  bool Submit(std::function<void()> job);
  // Wakes one more thread when the first queued job has waited `stall`.
  // Returns how long until it should be called again: `stall` while jobs
  // wait, else nullopt.
  std::optional<std::chrono::microseconds> Nudge();
  void Shutdown();

 private:
  void Work();

  const int max_awake_;
  const std::chrono::microseconds stall_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<Clock::time_point, std::function<void()>>> jobs_;  // (mu_) with when each was queued
  int awake_ = 0;   // (mu_) threads not asleep on cv_
  int asleep_ = 0;  // (mu_) threads asleep on cv_
  int waking_ = 0;  // (mu_) of those, woken and not yet running
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace certreg::http
