// The connection layer's deferred answers (http/connection_loop.h,
// DeferredSlot): armed on a worker, posted back by whoever calls `ready`,
// finished and written on the event thread, or finished on a worker when
// finishing must wait.
#include "http/connection_state.h"
#include "http/response_writer.h"

namespace certreg::http {
namespace {

// The answer's `finish`, an exception escaping it answered 500.
bool Finish(DeferredAnswer& answer, bool may_wait) {
  try {
    return answer.slot.finish(may_wait);
  } catch (...) {
    answer.response = httplib::Response();
    answer.response.status = 500;
    return true;
  }
}

}  // namespace

void ConnectionLoop::Impl::Arm(std::shared_ptr<DeferredAnswer> answer) {
  {
    std::lock_guard<std::mutex> lock(deferred_mu);
    ++deferred_armed;
  }
  if (!answer->slot.arm) return PostDeferred(std::move(answer));
  // The callback holds the answer until it runs (the answer's slot may hold
  // what holds the callback: the cycle ends when it runs).
  auto arm = std::move(answer->slot.arm);
  arm([this, answer = std::move(answer)]() mutable { PostDeferred(std::move(answer)); });
}

void ConnectionLoop::Impl::PostDeferred(std::shared_ptr<DeferredAnswer> answer) {
  bool first = false;
  {
    std::lock_guard<std::mutex> lock(deferred_mu);
    first = deferred_ready.empty();
    deferred_ready.push_back(std::move(answer));
  }
  deferred_cv.notify_one();  // for FinishArmedAtStop; no system call while nobody waits
  if (first) Wake();  // one wake-up per batch: the event thread takes them all
}

void ConnectionLoop::Impl::TakeDeferred(LoopClock::time_point now) {
  std::vector<std::shared_ptr<DeferredAnswer>> batch;
  {
    std::lock_guard<std::mutex> lock(deferred_mu);
    batch.swap(deferred_ready);
    deferred_armed -= batch.size();
  }
  for (std::shared_ptr<DeferredAnswer>& answer : batch) {
    if (!Finish(*answer, /*may_wait=*/false)) {
      // It must wait: a worker finishes it and hands its bytes back as any answer.
      const bool submitted = pool->Submit([this, answer] {
        Finish(*answer, /*may_wait=*/true);
        PostCompletion({answer->id, SerializeResponse(answer->request, answer->response, answer->keep_alive),
                        answer->keep_alive, nullptr});
      });
      if (!submitted) {
        if (auto it = conns.find(answer->id); it != conns.end()) Close(*it->second);
      }
      continue;
    }
    auto it = conns.find(answer->id);
    if (it == conns.end() || it->second->phase != Connection::Phase::kHandling) continue;  // closed meanwhile
    (void)Queue(*it->second, SerializeResponse(answer->request, answer->response, answer->keep_alive),
                !answer->keep_alive, now);
  }
}

void ConnectionLoop::Impl::FinishArmedAtStop() {
  std::unique_lock<std::mutex> lock(deferred_mu);
  for (;;) {
    std::vector<std::shared_ptr<DeferredAnswer>> batch;
    batch.swap(deferred_ready);
    deferred_armed -= batch.size();
    lock.unlock();
    for (std::shared_ptr<DeferredAnswer>& answer : batch) Finish(*answer, /*may_wait=*/true);
    batch.clear();
    lock.lock();
    if (deferred_armed == 0) return;
    deferred_cv.wait(lock, [this] { return !deferred_ready.empty(); });
  }
}

}  // namespace certreg::http
