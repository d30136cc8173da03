// Internal to the tests: a gate the store's preparer can be held at, through
// StoreOptions::free_space (asked once per batch of requests it takes,
// before preparing any, when a disk reserve is set), so that appends queue
// up behind it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace certreg::testing {

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
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return waiting_ > 0; });
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

}  // namespace certreg::testing
