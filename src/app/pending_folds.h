// Internal to the app room: the state each file will be in once the append
// queued last for it is durable. A command queues its append in the store's
// order and lets the next command on the file decide on the state it leads
// to (command_handler.h). A fold whose append committed stays here until its
// command has handed it to the file reader's cache (Answered), so that the
// next command finds it here or there, never an older state.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "certreg/domain/file_state.h"
#include "certreg/store/event_store.h"

namespace certreg::app {

// Thread-safe. Each file's entry is set and read under that file's lock
// (file_locks.h); an entry is forgotten by the command that set it, once its
// append is answered, or by the next reader that finds it answered.
class PendingFolds {
 public:
  struct Fold {
    std::shared_ptr<const domain::FileState> state;  // the file after the queued append
    store::QueuedAppend durable;  // that append's answer
    // Whether `state` is what the log will fold to: set by the store's writer
    // when it finishes that append (false until then, and when the recording
    // date the decision assumed was not the one the writer fixed).
    std::shared_ptr<const bool> folds_hold;
  };

  // The fold of the append queued last for `file_id`: while it is not
  // answered, with its `durable`; once it committed as folded, until
  // Answered, with `durable` empty (the fold is the file's committed state);
  // nullopt otherwise (the file reader's state is then the file's).
  std::optional<Fold> Latest(const std::string& file_id);
  // Keeps `fold` as `file_id`'s latest, replacing the one it follows.
  void Queued(const std::string& file_id, Fold fold);
  // Forgets `file_id`'s fold if it is still `state` (a later one replaced it otherwise).
  void Answered(const std::string& file_id, const domain::FileState* state);
  // Files with a fold kept now; for tests.
  std::size_t Size() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, Fold> folds_;  // (mu_)
};

}  // namespace certreg::app
