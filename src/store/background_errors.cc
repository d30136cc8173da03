#include "store/background_errors.h"

namespace certreg::store {
namespace {

const char* Describe(rocksdb::BackgroundErrorReason reason) {
  switch (reason) {
    case rocksdb::BackgroundErrorReason::kFlush: return "a flush";
    case rocksdb::BackgroundErrorReason::kCompaction: return "a compaction";
    case rocksdb::BackgroundErrorReason::kWriteCallback: return "a write";
    case rocksdb::BackgroundErrorReason::kMemTable: return "a memtable";
    case rocksdb::BackgroundErrorReason::kManifestWrite: return "a manifest write";
    case rocksdb::BackgroundErrorReason::kFlushNoWAL: return "a flush";
    case rocksdb::BackgroundErrorReason::kManifestWriteNoWAL: return "a manifest write";
  }
  return "background work";
}

}  // namespace

void BackgroundErrors::OnBackgroundError(rocksdb::BackgroundErrorReason reason, rocksdb::Status* bg_error) {
  if (bg_error == nullptr || bg_error->ok()) return;
  const std::string message = std::string(Describe(reason)) + " failed: " + bg_error->ToString();
  std::lock_guard<std::mutex> lock(mu_);
  error_ = bg_error->IsNoSpace() ? Status::NoSpace(message) : Status::IOError(message);
}

void BackgroundErrors::OnErrorRecoveryEnd(const rocksdb::BackgroundErrorRecoveryInfo& info) {
  std::lock_guard<std::mutex> lock(mu_);
  if (info.new_bg_error.ok()) error_ = Status::Ok();
}

Status BackgroundErrors::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return error_;
}

void BackgroundErrors::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  error_ = Status::Ok();
}

}  // namespace certreg::store
