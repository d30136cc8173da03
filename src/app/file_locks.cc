#include "app/file_locks.h"

namespace certreg::app {

FileLocks::Held& FileLocks::Held::operator=(Held&& other) noexcept {
  if (this != &other) {
    Release();
    table_ = other.table_;
    file_id_ = std::move(other.file_id_);
    other.table_ = nullptr;
  }
  return *this;
}

void FileLocks::Held::Release() {
  if (table_ != nullptr) table_->Unlock(file_id_);
  table_ = nullptr;
}

FileLocks::Held FileLocks::Lock(const std::string& file_id) {
  Entry* entry = nullptr;
  {
    std::lock_guard<std::mutex> lock(table_mu_);
    std::unique_ptr<Entry>& slot = entries_[file_id];
    if (!slot) slot = std::make_unique<Entry>();
    ++slot->users;  // keeps the entry alive while this thread waits for it
    entry = slot.get();
  }
  entry->mu.lock();
  return Held(this, file_id);
}

void FileLocks::Unlock(const std::string& file_id) {
  std::lock_guard<std::mutex> lock(table_mu_);
  auto it = entries_.find(file_id);
  it->second->mu.unlock();
  if (--it->second->users == 0) entries_.erase(it);
}

std::size_t FileLocks::Entries() const {
  std::lock_guard<std::mutex> lock(table_mu_);
  return entries_.size();
}

}  // namespace certreg::app
