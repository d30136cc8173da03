// The answer to an append queued with EventStore::AppendToStreamAsync.
//
// A QueuedAppend is a shared handle, as std::shared_future is: copies see the
// same answer, Get waits for it, Ready tells without waiting. It is lighter
// than a promise and future where the writer answers a whole group at once:
// answering is an atomic exchange, plus a wake-up (a private futex) only when
// a thread sleeps on the answer, where libstdc++'s future takes a call_once
// and wakes through a shared futex, whose key the kernel looks up in the page
// tables; and the state is freed by whichever of the writer and the waiting
// threads lets go last, usually the waiter, so the request it holds is not
// freed on the writer's thread. So a handle kept after its answer keeps the
// request (its events, its `finish`) as well: let go of handles once read.
//
// A caller that must not wait (an event loop) asks instead to be told:
// OnAnswer's callback runs once, right after the answer, on the answering
// thread (the store's writer), or at once when the answer is in already.
//
// Thread safety: any thread may wait on, copy or drop a handle; State::Answer
// is called once, by the store; OnAnswer at most once per appended request.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include "certreg/common/status.h"
#include "certreg/store/event.h"

namespace certreg::store {

class QueuedAppend {
 public:
  // What one queued append shares with the store: the store keeps its
  // request beside it (a derived type), so the last holder frees both.
  class State {
   public:
    virtual ~State() = default;
    // Once; wakes every thread waiting, then runs the OnAnswer callback.
    void Answer(Result<AppendResult> result);
    bool Answered() const { return (word_.load(std::memory_order_acquire) & kAnswered) != 0; }
    // Waits (asleep, no spinning) until answered.
    const Result<AppendResult>& Wait() const;
    // Runs `told` once answered: on the answering thread right after the
    // answer, or here at once if answered already. It must be quick and must
    // not wait (it delays the answers of the rest of its group), nor call
    // into the store. At most once per state.
    void OnAnswer(std::function<void()> told);

   private:
    // Bits of the futex word: answered; some thread sleeps on the word; a callback waits for the answer.
    static constexpr std::uint32_t kAnswered = 1, kSleeping = 2, kTold = 4;
    mutable std::atomic<std::uint32_t> word_{0};
    std::optional<Result<AppendResult>> result_;  // set before kAnswered
    std::function<void()> told_;                  // set before kTold
  };

  QueuedAppend() = default;  // holds nothing: Valid() is false
  explicit QueuedAppend(std::shared_ptr<State> state) : state_(std::move(state)) {}
  // A handle answered already (a request refused before it was queued).
  static QueuedAppend AnsweredWith(Result<AppendResult> result) {
    auto state = std::make_shared<State>();
    state->Answer(std::move(result));
    return QueuedAppend(std::move(state));
  }

  bool Valid() const { return state_ != nullptr; }
  // The methods below need Valid().
  bool Ready() const { return state_->Answered(); }
  void Wait() const { state_->Wait(); }
  const Result<AppendResult>& Get() const { return state_->Wait(); }
  void OnAnswer(std::function<void()> told) const { state_->OnAnswer(std::move(told)); }

 private:
  std::shared_ptr<State> state_;
};

}  // namespace certreg::store
