// Internal to the HTTP room: a fixed number of threads that run jobs in the
// order they were submitted. The connection loop hands them complete
// requests only, so no thread ever waits on a client's socket, and at most
// one per connection (a connection is not read while its request waits), so
// the queue is bounded by the connection cap.
//
// Thread-safe. Shutdown() (also run by the destructor) lets the jobs already
// running finish, drops the ones still queued, and joins the threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace certreg::http {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `job`; false (and the job dropped) after Shutdown().
  bool Submit(std::function<void()> job);
  void Shutdown();

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace certreg::http
