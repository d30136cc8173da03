#include "app/pending_folds.h"

namespace certreg::app {

std::optional<PendingFolds::Fold> PendingFolds::Latest(const std::string& file_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = folds_.find(file_id);
  if (it == folds_.end()) return std::nullopt;
  if (it->second.durable.Ready()) {
    const Result<store::AppendResult>& answer = it->second.durable.Get();
    if (answer.ok() && !answer->replayed && *it->second.folds_hold) {
      // Committed, and its command may not have handed it to the file
      // reader's cache yet: it is the file's state until Answered.
      Fold committed = it->second;
      committed.durable = {};
      return committed;
    }
    folds_.erase(it);  // not committed as folded: the stream holds what it will
    return std::nullopt;
  }
  return it->second;
}

void PendingFolds::Queued(const std::string& file_id, Fold fold) {
  std::lock_guard<std::mutex> lock(mu_);
  folds_[file_id] = std::move(fold);
}

void PendingFolds::Answered(const std::string& file_id, const domain::FileState* state) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = folds_.find(file_id);
  if (it != folds_.end() && it->second.state.get() == state) folds_.erase(it);
}

std::size_t PendingFolds::Size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return folds_.size();
}

}  // namespace certreg::app
