// Internal: the RocksDB implementation of EventStore.
//
// Threads: two writer threads own every write (group commit, writer.cc); any
// thread may read. Readers see only committed batches. head_ is
// the only state shared between the writer threads and readers (head_mu_).
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/write_batch.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "certreg/store/backup.h"
#include "certreg/store/event_store.h"

namespace certreg::store {

struct IdempotencyRecord;  // event_codec.h
class BackgroundErrors;    // background_errors.h

class RocksEventStore final : public EventStore {
 public:
  static Result<std::unique_ptr<EventStore>> Open(const StoreOptions& options);
  ~RocksEventStore() override;

  Result<AppendResult> AppendToStream(AppendRequest request) override;
  QueuedAppend AppendToStreamAsync(AppendRequest request) override;
  // rocks_read_log.cc: StreamVersion, ReadStream, ReadStreamBytes, ReadAll, ScanLog.
  Result<std::vector<RecordedEvent>> ReadStream(const std::string& stream_id, std::uint64_t from_version,
                                                std::size_t max_count) const override;
  Result<std::vector<std::string>> ReadStreamBytes(const std::string& stream_id, std::uint64_t from_version,
                                                   std::size_t max_count) const override;
  Result<std::vector<RecordedEvent>> ReadAll(std::uint64_t from_position, std::size_t max_count) const override;
  Status ScanLog(std::uint64_t from_position,
                 const std::function<bool(std::uint64_t position, std::string_view bytes)>& visit) const override;
  Result<std::uint64_t> StreamVersion(const std::string& stream_id) const override;
  LogHead Head() const override;
  Result<std::optional<AppendResult>> FindIdempotent(const std::string& owner, const std::string& idempotency_key,
                                                     const std::string& fingerprint) const override;
  Result<std::optional<std::string>> GetExtra(const std::string& column_family, const std::string& key) const override;
  Status WriteExtra(const std::vector<std::string>& clear_families, const std::vector<ExtraWrite>& writes) override;
  Result<std::vector<std::pair<std::string, std::string>>> ScanExtra(const std::string& column_family,
                                                                     const std::string& from,
                                                                     std::size_t max_count) const override;
  // rocks_visit_extra.cc:
  Status VisitExtra(const std::string& column_family,
                    const std::function<bool(std::string_view key, std::string_view value)>& visit) const override;
  Status VisitExtraKeys(const std::string& column_family, const std::string& prefix,
                        const std::function<bool(std::string_view key)>& visit) const override;
  Result<std::vector<Digest>> ReadTreeHashes(int level, std::uint64_t from, std::size_t count) const override;
  Result<std::vector<Digest>> ReadTreeNodes(const std::vector<merkle::NodeId>& ids) const override;
  Result<std::vector<std::string>> ReadLeaves(std::uint64_t from, std::size_t count) const override;
  Result<Digest> RecomputeRoot(std::uint64_t size) const override;  // checkpoint_store.cc
  Status PutCheckpoint(std::uint64_t size, std::string_view note) override;
  Result<std::optional<std::string>> ReadCheckpoint(std::uint64_t size) const override;
  Result<std::optional<StoredCheckpoint>> LatestCheckpoint() const override;
  Result<VerifyReport> Verify(const std::function<void(std::uint64_t)>& progress) const override;
  StoreStats Stats() const override;
  EngineStats Engine() const override;  // engine_stats.cc
  StoreHealth Health() const override;

  // backup.cc: BackupEngine on the open database.
  friend Result<BackupInfo> CreateBackup(EventStore& store, const std::string& backup_dir);

 private:
  struct Pending;  // a queued append (writer_group.h)
  // Answers `pending` and lets go of it (its caller's handle may hold it longer).
  static void Answer(std::shared_ptr<Pending>& pending, Result<AppendResult> result);
  struct Group;  // writer_group.h

  explicit RocksEventStore(StoreOptions options) : options_(std::move(options)) {}
  Status OpenDb();
  Status OpenDbAs(bool read_only);
  void CloseDb();  // handles, then the database; nothing when not open
  Status KeepMemtableNonEmpty();  // see rocks_event_store.cc
  // Bytes free for the data directory (StoreOptions::free_space or statvfs).
  std::uint64_t FreeBytes() const;
  // tree_store.cc: appends the leaves of the events from edge.size() up to
  // `until` (or the log's end) to `edge`, calling `stored` with each node
  // that becomes complete; stops early when it returns false. Corruption for
  // a missing or undecodable event.
  Status FoldLeaves(merkle::TreeEdge& edge, std::uint64_t until,
                    const std::function<bool(const merkle::NodeId&, const Digest&)>& stored) const;
  // One synced batch outside the group commit (WriteExtra, PutCheckpoint):
  // refused when degraded, read-only, failed or below the reserve; a failed
  // write fails the store as a failed append does.
  Status WriteOutsideAppends(rocksdb::WriteBatch& batch, const std::string& what);
  // kNoSpace when free space is below the reserve, else Ok.
  Status CheckReserve() const;
  // disk_space.cc. Whether queued requests may be prepared now: failed_
  // when a write failed and the store has not recovered (it tries when the
  // open group is empty and none is in flight, setting *resumed), kNoSpace
  // below the reserve, else Ok.
  Status Admit(bool open_group_empty, bool* resumed);
  // After a kNoSpace failure: with space back above the reserve, asks RocksDB
  // to resume; Ok when it did. Called by Admit without mu_, recovering_ set.
  Status Recover();
  Status LoadHead();
  // tree_store.cc: makes a format 1 store (or a new one) format 2: drops the
  // tree's nodes off the tile levels and stamps the marker, in one synced batch.
  Status MigrateTree();
  // tree_store.cc: loads the tree's right edge at the log head, first
  // extending the tree over events written without it (in synced batches).
  // Corruption when the tree has more leaves than the log has events.
  Status LoadTree();
  merkle::TreeEdge CommittedEdge() const;
  rocksdb::ColumnFamilyHandle* Cf(const std::string& name) const;  // nullptr when not open
  rocksdb::ColumnFamilyHandle* ExtraCf(const std::string& name) const;  // nullptr unless an extra family

  // writer.cc
  void StartWriter();
  void StopWriter();
  void WriterLoop();  // each writer thread's, until StopWriter and nothing is left
  // Whether the open group is to be written now (mu_ held): there is one, no
  // group is being written or prepared into, nothing queued waits to join it,
  // and it is as large as the last group or the gather wait has passed.
  bool OpenGroupWritable(std::chrono::steady_clock::time_point now) const;
  // With `lock` held on entry and exit (released meanwhile): prepares the
  // queued requests into the open group, or answers them when Admit refuses.
  void PrepareQueued(std::unique_lock<std::mutex>& lock);
  // With `lock` held on entry and exit: writes the open group, then answers
  // it, or queues its answers for the other thread when the next is ready.
  void WriteOpenGroup(std::unique_lock<std::mutex>& lock);
  // The synced write of `group` with its log head; publishes the head. Not ok: nothing was written.
  Status WriteGroup(Group& group);
  void AnswerGroup(Group& group);  // counts it and answers its callers with `group.written`
  // writer_prepare.cc. ReadAhead, on the appending thread before the
  // request is queued, does what needs neither the open group nor the
  // pipeline: it checks the request, computes its fingerprint and reads the
  // committed state it needs. Prepare, on a writer thread, prepares it into
  // `open`; `committed` is the log's size read after `in_flight` was.
  void ReadAhead(Pending& pending) const;
  Result<AppendResult> Prepare(Pending& pending, Group& open, const Group* in_flight, std::uint64_t committed);
  // The committed idempotency record of `owner`'s `key`, falling back to an
  // unowned record whose first event not by the system actor `owner` recorded;
  // nullopt when none.
  Result<std::optional<IdempotencyRecord>> StoredIdempotency(const std::string& owner, const std::string& key) const;

  StoreOptions options_;
  // Not ok when the store was opened read-only because the disk was full:
  // every append and WriteExtra gets it (kNoSpace).
  Status degraded_;
  std::shared_ptr<rocksdb::Logger> info_log_;  // DATA/LOG, bounded (info_log.h)
  std::shared_ptr<BackgroundErrors> background_errors_;  // told by RocksDB (background_errors.h)
  // Writes the WAL over zeros (zeroed_wal.h) when the store syncs, on a disk;
  // else null (RocksDB's default environment). Outlives db_.
  std::unique_ptr<rocksdb::Env> env_;
  std::unique_ptr<rocksdb::DB> db_;
  bool holds_directory_ = false;  // opened for writing: in the process's set of held directories
  std::map<std::string, rocksdb::ColumnFamilyHandle*> cfs_;  // owned; destroyed before db_

  mutable std::mutex head_mu_;
  LogHead head_;
  merkle::TreeEdge tree_edge_;  // the tree's right edge at head_ (head_mu_)

  // The write pipeline (writer.cc): queued requests are prepared into the open
  // group, one group is written at a time, then its callers are answered.
  mutable std::mutex mu_;  // guards everything down to last_write_end_
  std::condition_variable writer_cv_;
  std::deque<std::shared_ptr<Pending>> queue_;  // shared with the callers' handles until answered
  bool stopping_ = false;
  bool preparing_ = false;            // a thread prepares into open_ (which is then its own)
  std::shared_ptr<Group> open_;       // the group being prepared
  std::deque<std::shared_ptr<Group>> to_answer_;  // written, to be answered by the thread free first
  std::shared_ptr<Group> in_flight_;  // being written
  Status failed_;                     // after a failed write every append gets this (fail-stop)
  bool recovering_ = false;            // Admit is resuming the store (failed_ still set)
  std::chrono::steady_clock::time_point last_recovery_;  // the last Admit that tried to resume
  std::size_t last_group_size_ = 0;   // members of the last committed group
  std::chrono::steady_clock::time_point last_write_end_;
  std::array<std::thread, 2> writer_threads_;

  std::atomic<std::uint64_t> batches_{0}, appended_requests_{0}, appended_events_{0}, largest_batch_{0},
      write_micros_{0}, no_space_refusals_{0};
  // FindIdempotent counts its replays and reused keys too.
  mutable std::atomic<std::uint64_t> replayed_requests_{0}, rejected_requests_{0};
  std::array<std::atomic<std::uint64_t>, StoreStats::kBatchSizeBounds.size()> batch_size_counts_{};
  std::atomic<bool> failed_flag_{false};  // failed_ is not ok: for Stats() without taking mu_
};

}  // namespace certreg::store
