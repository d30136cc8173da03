// QueuedAppend's answer (queued_append.h): a futex word that is kOpen, then
// kSleeping once a waiter is about to sleep, then kAnswered. The answerer
// wakes the futex only when it replaces kSleeping.
#include "certreg/store/queued_append.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>

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
  if (word_.exchange(kAnswered, std::memory_order_acq_rel) == kSleeping) FutexWakeAll(word_);
}

const Result<AppendResult>& QueuedAppend::State::Wait() const {
  std::uint32_t seen = word_.load(std::memory_order_acquire);
  while (seen != kAnswered) {
    if (seen == kOpen && !word_.compare_exchange_weak(seen, kSleeping, std::memory_order_acquire)) continue;
    FutexWait(word_, kSleeping);  // returns at once unless the word is still kSleeping
    seen = word_.load(std::memory_order_acquire);
  }
  return *result_;
}

}  // namespace certreg::store
