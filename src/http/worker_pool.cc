#include "http/worker_pool.h"

#include <algorithm>

#include "certreg/common/thread_name.h"

namespace certreg::http {

WorkerPool::WorkerPool(int threads, int max_awake, std::chrono::microseconds stall)
    : max_awake_(max_awake > 0 ? max_awake : std::max(2, static_cast<int>(std::thread::hardware_concurrency()))),
      stall_(stall) {
  const int n = std::max(1, threads);
  awake_ = n;  // each goes to sleep once it finds nothing to do
  threads_.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    threads_.emplace_back([this] { Work(); });
    NameThread(threads_.back(), "http-worker");
  }
}

WorkerPool::~WorkerPool() { Shutdown(); }

bool WorkerPool::Submit(std::function<void()> job) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    jobs_.emplace_back(Clock::now(), std::move(job));
    // Counting the threads woken but not yet running: a burst of jobs wakes no more than the cap.
    wake = awake_ + waking_ < max_awake_ && waking_ < asleep_;
    if (wake) ++waking_;
  }
  if (wake) cv_.notify_one();
  return true;
}

std::optional<std::chrono::microseconds> WorkerPool::Nudge() {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (jobs_.empty()) return std::nullopt;
    wake = Clock::now() - jobs_.front().first >= stall_ && waking_ < asleep_;
    if (wake) ++waking_;
  }
  if (wake) cv_.notify_one();  // the awake threads are held up: one more takes the queue on
  return stall_;
}

void WorkerPool::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    jobs_.clear();
  }
  cv_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void WorkerPool::Work() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    while (!stopping_ && jobs_.empty()) {
      --awake_;
      ++asleep_;
      cv_.wait(lock);
      --asleep_;
      if (waking_ > 0) --waking_;  // woken (or woken spuriously, then counted as one of those woken)
      ++awake_;
    }
    if (stopping_) return;
    std::function<void()> job = std::move(jobs_.front().second);
    jobs_.pop_front();
    lock.unlock();
    job();
    lock.lock();
  }
}

}  // namespace certreg::http
