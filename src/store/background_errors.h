// Internal: the error RocksDB's background work (flush, compaction) is stuck
// on, as RocksDB tells its listeners.
//
// RocksDB stops taking writes after a background error of hard severity (a
// flush that could not create its file: "Too many open files", ENOSPC) until
// it recovers: by itself for a full disk (its SstFileManager), or through
// DB::Resume(). The store's own writes see it only when one fails; Health()
// asks here, so that /healthz and /readyz say so before.
//
// Thread-safe: RocksDB calls it from its own threads.
#pragma once

#include <rocksdb/listener.h>

#include <mutex>
#include <string>

#include "certreg/common/status.h"

namespace certreg::store {

class BackgroundErrors final : public rocksdb::EventListener {
 public:
  const char* Name() const override { return "certreg.BackgroundErrors"; }

  void OnBackgroundError(rocksdb::BackgroundErrorReason reason, rocksdb::Status* bg_error) override;
  void OnErrorRecoveryEnd(const rocksdb::BackgroundErrorRecoveryInfo& info) override;

  // Ok while RocksDB records no background error; else kNoSpace or IOError
  // naming it.
  Status Current() const;
  // The store resumed (DB::Resume() returned ok).
  void Clear();

 private:
  mutable std::mutex mu_;
  Status error_;  // mu_
};

}  // namespace certreg::store
