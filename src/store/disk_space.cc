// The store and a full disk: free space against the reserve, what Health()
// reports, and resuming after a write failed for lack of space.
#include <rocksdb/db.h>

#include "store/background_errors.h"
#include "store/keys.h"
#include "store/rocks_event_store.h"
#include "store/rocks_options.h"

namespace certreg::store {

std::uint64_t RocksEventStore::FreeBytes() const {
  return options_.free_space ? options_.free_space() : StatvfsFreeBytes(options_.path);
}

Status RocksEventStore::CheckReserve() const {
  if (options_.disk_reserve_bytes == 0) return Status::Ok();
  const std::uint64_t free = FreeBytes();
  if (free >= options_.disk_reserve_bytes) return Status::Ok();
  return Status::NoSpace("free space " + std::to_string(free >> 20) + " MiB is below the reserve of " +
                         std::to_string(options_.disk_reserve_bytes >> 20) + " MiB");
}

StoreHealth RocksEventStore::Health() const {
  using State = StoreHealth::State;
  StoreHealth health;
  health.reserve_bytes = options_.disk_reserve_bytes;
  health.free_bytes = FreeBytes();
  health.disk_low = options_.disk_reserve_bytes > 0 && health.free_bytes < options_.disk_reserve_bytes;
  Status failed;
  bool recovering = false;
  if (!options_.read_only) {
    std::lock_guard<std::mutex> lock(mu_);  // never held across I/O
    failed = failed_;
    recovering = recovering_;
  }
  if (!degraded_.ok()) {
    health.state = State::kReadOnlyFull;
    health.detail = degraded_.message();
  } else if (options_.read_only) {
    health.state = State::kReadOnly;
    health.detail = "opened read-only";
  } else if (recovering) {
    health.state = State::kRecovering;
    health.detail = "resuming after: " + failed.message();
  } else if (!failed.ok()) {
    health.state = failed.subcode() == Status::SubCode::kNoSpace ? State::kNoSpace : State::kFailed;
    health.detail = failed.message();
  } else if (const Status background = background_errors_->Current(); !background.ok()) {
    // RocksDB takes no writes until it recovers; the next append would fail.
    health.state = background.subcode() == Status::SubCode::kNoSpace ? State::kNoSpace : State::kFailed;
    health.detail = background.message();
  } else if (health.disk_low) {
    health.state = State::kBelowReserve;
    health.detail = CheckReserve().message();
  }
  return health;
}

// RocksDB (7.8) resumes after a failed WAL append by flushing the memtables,
// which also moves appends to a new WAL file; with every memtable empty it
// flushes nothing, keeps the failed WAL file, and the next append aborts the
// process (an assertion in RocksDB). One row, rewritten unchanged without the
// WAL at open and after each resume, keeps a memtable non-empty until then.
Status RocksEventStore::KeepMemtableNonEmpty() {
  rocksdb::WriteOptions no_wal;
  no_wal.disableWAL = true;
  const rocksdb::Status s = db_->Put(no_wal, Cf(keys::kMetaCf), keys::kFormatKey, keys::kFormatVersion);
  if (s.ok()) return Status::Ok();
  return s.IsNoSpace() ? Status::NoSpace("rewriting the format marker: " + s.ToString())
                       : Status::IOError("rewriting the format marker: " + s.ToString());
}

Status RocksEventStore::Admit(bool open_group_empty, bool* resumed) {
  bool recover = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!failed_.ok()) {
      // A group prepared on top of the failed one fails with it; once none is
      // left, the store may resume (after kNoSpace, at most once a second).
      const auto now = std::chrono::steady_clock::now();
      if (!open_group_empty || in_flight_ || failed_.subcode() != Status::SubCode::kNoSpace ||
          now - last_recovery_ < std::chrono::seconds(1)) {
        return failed_;
      }
      last_recovery_ = now;
      recovering_ = recover = true;
    }
  }
  if (recover) {
    // Outside mu_: DB::Resume() flushes every memtable, seconds on a nearly
    // full disk, and Health() must answer meanwhile. Appends queue up behind
    // this thread; nothing else writes while failed_ is set.
    const Status recovered = Recover();
    std::lock_guard<std::mutex> lock(mu_);
    recovering_ = false;
    if (!recovered.ok()) return failed_;
    failed_ = Status::Ok();
    failed_flag_.store(false);
    *resumed = true;
  }
  return CheckReserve();
}

Status RocksEventStore::Recover() {
  CERTREG_RETURN_IF_ERROR(CheckReserve());
  // Ok also when RocksDB recovered by itself (its SstFileManager retries a
  // full disk in the background).
  const rocksdb::Status resumed = db_->Resume();
  if (!resumed.ok()) return Status::NoSpace("resuming: " + resumed.ToString());
  background_errors_->Clear();
  return KeepMemtableNonEmpty();
}

}  // namespace certreg::store
