// QueuedAppend's answer (queued_append.h): a futex word of three bits. A
// waiter sets kSleeping before it sleeps, OnAnswer sets kTold once its
// callback is stored, the answerer sets kAnswered once the result is; each
// sees in the word it replaced what the others did before it: the answerer
// wakes the futex only when kSleeping was set, and the callback runs on
// whichever of the answerer and OnAnswer set its bit second.
#include "certreg/store/queued_append.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <utility>

namespace certreg::store {

namespace {

void FutexWait(std::atomic<std::uint32_t>& word, std::uint32_t expected) {
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected, nullptr, nullptr, 0);
}

void FutexWakeAll(std::atomic<std::uint32_t>& word) {
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
}

}  // namespace

void QueuedAppend::State::Answer(Result<AppendResult> result) {
  result_.emplace(std::move(result));
  const std::uint32_t before = word_.fetch_or(kAnswered, std::memory_order_acq_rel);
  if ((before & kSleeping) != 0) FutexWakeAll(word_);
  if ((before & kTold) != 0) std::exchange(told_, nullptr)();  // dropped once run: it may hold this state's holder
}

const Result<AppendResult>& QueuedAppend::State::Wait() const {
  std::uint32_t seen = word_.load(std::memory_order_acquire);
  while ((seen & kAnswered) == 0) {
    if ((seen & kSleeping) == 0 &&
        !word_.compare_exchange_weak(seen, seen | kSleeping, std::memory_order_acquire)) {
      continue;
    }
    FutexWait(word_, seen | kSleeping);  // returns at once unless the word is still that
    seen = word_.load(std::memory_order_acquire);
  }
  return *result_;
}

void QueuedAppend::State::OnAnswer(std::function<void()> told) {
  told_ = std::move(told);
  if ((word_.fetch_or(kTold, std::memory_order_acq_rel) & kAnswered) != 0) std::exchange(told_, nullptr)();
}

}  // namespace certreg::store
