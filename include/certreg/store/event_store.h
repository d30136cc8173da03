// The append-only, hash-chained event log on RocksDB.
//
// Guarantees (README, "The event log"):
//  * One Append is one RocksDB WriteBatch written with sync = true, holding its
//    events, stream index entries, stream head, log head, idempotency record and
//    extra writes. Append returns only after that batch is durable; after a
//    crash it is there entirely or not at all.
//  * Concurrent Appends are gathered into a single batch and a single sync
//    (group commit): while one batch is being synced, the requests that arrive
//    are prepared into the next. Positions are dense from 0 and follow the order
//    in which the writer took the requests; one writer means no gaps.
//  * Fail-stop: after a batch write fails, every later Append fails with the
//    same error (IOError; kNoSpace for a full disk) and nothing is written.
//    After kNoSpace the store recovers by itself once free space is back above
//    the reserve (RocksDB's DB::Resume(), tried at most once a second by the
//    next Append); after other errors only reopening the store recovers.
//  * Free space: below StoreOptions::disk_reserve_bytes, appends are refused
//    with kNoSpace before anything is prepared or written.
//  * Each event's hash chains to the previous one; Verify() recomputes all.
//
// Thread safety: every method may be called from any thread concurrently.
// The store must outlive every call into it; destruction waits for queued
// appends to finish.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/store/event.h"
#include "certreg/store/merkle.h"
#include "certreg/store/queued_append.h"

namespace certreg::store {

struct StoreOptions {
  std::string path;  // data directory (created when missing unless read_only); required
  bool read_only = false;  // false; true opens without the lock, for verify/dump beside a server
  bool sync = true;        // true; false only for benchmarks of something else
  std::size_t max_batch_requests = 512;  // 512; requests gathered into one group commit at most
  // 200 us; while the next group is smaller than the last one, how long the
  // writer waits for it to grow before syncing it. Zero syncs at once.
  std::chrono::microseconds gather_wait{200};
  std::vector<std::string> extra_column_families;  // none; column families ExtraWrite may name
  // none; those of extra_column_families whose writes mostly overwrite a key
  // written recently or follow one with the same head (the key's bytes up to
  // its first 0x00): their memtable inserts start from the last insert of
  // that head instead of the skiplist's top (CPU only; any key stays valid).
  std::vector<std::string> sequential_column_families;
  // Microseconds since the epoch (UTC); defaults to the system clock. Tests set it.
  std::function<std::int64_t()> clock;

  // --- a full disk (README, "A full disk and a bounded memory") ---
  // 0 (none; `certreg serve` sets 256 MiB); while the data directory's file
  // system has less free space than this, appends and WriteExtra are refused
  // with kNoSpace before anything is written (checked once per group commit).
  std::uint64_t disk_reserve_bytes = 0;
  // Bytes free for the data directory; statvfs() when empty. Tests set it.
  std::function<std::uint64_t()> free_space;
  // When the directory cannot be opened for writing because the disk is full,
  // open it read-only instead (reads served, appends refused with kNoSpace
  // until a restart with space) rather than fail. Ignored when read_only.
  bool read_only_when_full = true;

  // --- memory ---
  // 256 MiB; RocksDB's memory: one block cache of this size shared by every
  // column family, to which one write-buffer manager (half of it) charges
  // every memtable. Memory outside RocksDB is not counted.
  std::size_t memory_budget_bytes = std::size_t{256} << 20;

  // --- the Merkle tree (README, "The verifiable log: the tree") ---
  // true; the tree's nodes are written with the events. false only for the
  // benchmark that measures what the tree costs: nothing of the tree is
  // written or extended, and its reads answer for a tree that is not there.
  bool merkle_tree = true;
  // none; told, at open, of long work done before the store is usable
  // (extending the tree over the events written before it existed).
  std::function<void(const std::string&)> notice;
};

// Whether the store takes writes now, and why not (cheap: one statvfs).
struct StoreHealth {
  enum class State {
    kWritable,      // appends are tried
    kBelowReserve,  // free space is below the reserve: appends refused (kNoSpace) until it is back
    kNoSpace,       // a write failed for lack of space: refused until space is back (recovers by itself)
    kRecovering,    // after kNoSpace, with space back: resuming (a flush, may take seconds); appends wait
    kFailed,        // a write failed otherwise: refused until the store is reopened
    kReadOnlyFull,  // opened read-only because the disk was full: refused until reopened with space
    kReadOnly,      // opened read-only by request
  };
  State state = State::kWritable;
  bool disk_low = false;  // free space is below the reserve (whatever the state)
  std::uint64_t free_bytes = 0;
  std::uint64_t reserve_bytes = 0;
  std::string detail;  // the error behind the state, for logs (may name files); empty when writable
};

// Group-commit counters, for metrics. Monotonic since open.
struct StoreStats {
  std::uint64_t batches = 0;            // synced batches written
  std::uint64_t appended_requests = 0;  // requests that appended events
  std::uint64_t appended_events = 0;
  std::uint64_t rejected_requests = 0;  // version conflicts, bad input, key reuse
  std::uint64_t replayed_requests = 0;  // idempotent replays
  std::uint64_t largest_batch = 0;      // requests in the largest batch
  std::uint64_t write_micros = 0;       // time spent in synced batch writes
  // Synced batches by the requests they held: batch_size_counts[i] counts the
  // batches of at most kBatchSizeBounds[i] requests (the last bound is unbounded).
  static constexpr std::array<std::uint64_t, 11> kBatchSizeBounds = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, UINT64_MAX};
  std::array<std::uint64_t, 11> batch_size_counts{};
  bool failed = false;  // a batch write failed and the store has not recovered from it yet
  std::uint64_t no_space_refusals = 0;  // appends refused up front: free space below the reserve, or degraded
};

// RocksDB's own figures, for /metrics (operations.md §4), over every column
// family. Read from RocksDB's properties at the call: cheap, no scan.
struct EngineStats {
  std::uint64_t live_sst_bytes = 0;            // rocksdb.live-sst-files-size
  std::uint64_t pending_compaction_bytes = 0;  // rocksdb.estimate-pending-compaction-bytes
  bool write_stopped = false;                  // rocksdb.is-write-stopped: writes wait for compaction now
  std::uint64_t delayed_write_rate = 0;        // rocksdb.actual-delayed-write-rate, bytes/s; 0: not slowed
  std::uint64_t stalls_stopped = 0;            // write stops so far (rocksdb.cfstats io_stalls.total_stop)
  std::uint64_t stalls_slowed = 0;             // write slowdowns so far (io_stalls.total_slowdown)
  std::string version;                         // the RocksDB library's, e.g. "7.8.3"
};

// A signed checkpoint as the store keeps it.
struct StoredCheckpoint {
  std::uint64_t size = 0;
  std::string note;
};

class EventStore {
 public:
  // Errors: Busy/kLockHeld when another process holds the directory (e.g. a running
  // server); IOError for other storage failures; Corruption when the log head
  // cannot be decoded.
  static Result<std::unique_ptr<EventStore>> Open(const StoreOptions& options);

  virtual ~EventStore() = default;

  // Appends all of request.events to request.stream_id, atomically and durably.
  // Errors (nothing written in each case):
  //   InvalidArgument  no events, a bad stream id, key or key owner, an unknown extra column
  //                    family, an event whose leaf would exceed merkle::kMaxLeafBytes
  //   Conflict         kStaleVersion: the expected version does not match (current_version()
  //                    is the stream's); kIdempotencyKeyReused: the owner's key was used for
  //                    other content
  //   IOError          the batch could not be written (kNoSpace: the disk is full, or free
  //                    space is below the reserve, or the store was opened read-only because
  //                    the disk was full); Busy when opened read-only by request
  // A request whose idempotency key was used before by the same owner with the
  // same content returns the original result with replayed = true and writes nothing.
  virtual Result<AppendResult> AppendToStream(AppendRequest request) = 0;

  // The same append, queued in the store's order without waiting for it: the
  // handle is answered as AppendToStream answers, once the batch holding the
  // request is durable (or the request was refused). Requests are prepared in
  // the order they were queued, each checked against everything queued before
  // it, so a request queued after another may expect the version that one
  // leads to: should the earlier one be refused, the later one is refused as
  // stale (kStaleVersion); should its batch fail, the later one fails too
  // (fail-stop). Groups are answered in queue order: when a request is
  // answered, every request queued before it has been. `finish` runs on the
  // writer thread before the handle is answered: what it references must
  // live until then.
  virtual QueuedAppend AppendToStreamAsync(AppendRequest request) = 0;

  // Events of one stream with version >= from_version, in order, at most max_count.
  // An unknown stream gives an empty list.
  virtual Result<std::vector<RecordedEvent>> ReadStream(const std::string& stream_id, std::uint64_t from_version,
                                                        std::size_t max_count) const = 0;

  // The stored bytes of the same events as ReadStream (each an envelope of
  // schemas/event.capnp, as RecordedEvent::raw holds it), undecoded: for a
  // reader that decodes each event once, into its own types.
  virtual Result<std::vector<std::string>> ReadStreamBytes(const std::string& stream_id, std::uint64_t from_version,
                                                           std::size_t max_count) const = 0;

  // Events of the global log from `from_position`, in order, at most max_count.
  virtual Result<std::vector<RecordedEvent>> ReadAll(std::uint64_t from_position, std::size_t max_count) const = 0;

  // Calls `visit(position, bytes)` with the stored bytes of each event of the
  // global log from `from_position` (the envelope of schemas/event.capnp, as
  // RecordedEvent::raw holds it), in order, until `visit` returns false or
  // the log ends. For readers of the whole log (a rebuild) that decode only
  // what they need, once. The bytes are valid during the call only; nothing
  // is decoded or checked, and the blocks read do not enter the block cache.
  // Errors: IOError; Corruption for a key that is not a position.
  virtual Status ScanLog(std::uint64_t from_position,
                         const std::function<bool(std::uint64_t position, std::string_view bytes)>& visit) const = 0;

  // The stream's current version; 0 when it has no events.
  virtual Result<std::uint64_t> StreamVersion(const std::string& stream_id) const = 0;

  virtual LogHead Head() const = 0;

  // What an earlier append of `owner` (as AppendRequest::idempotency_owner)
  // with `idempotency_key` did: its result (replayed = true) when
  // `fingerprint` (as in AppendRequest) matches, Conflict/kIdempotencyKeyReused
  // when the key was used for other content, nullopt when the key is unused.
  // A record written before keys had owners counts as the owner's when the
  // first event it names that the system actor (name and role "system", the
  // time-driven events) did not record was recorded by that user (Actor::name). Lets a
  // caller answer a retry before deciding anything again; a match counts in
  // StoreStats::replayed_requests, as a replay found by an append does, and a
  // reused key in StoreStats::rejected_requests, as an append refusing it does.
  virtual Result<std::optional<AppendResult>> FindIdempotent(const std::string& owner,
                                                             const std::string& idempotency_key,
                                                             const std::string& fingerprint) const = 0;

  // A row of one of StoreOptions::extra_column_families; nullopt when absent.
  // InvalidArgument for a column family that is not an extra one.
  virtual Result<std::optional<std::string>> GetExtra(const std::string& column_family,
                                                      const std::string& key) const = 0;

  // Writes rows of extra column families without events, in one synced
  // batch: first every row of `clear_families` is deleted, then `writes` are
  // applied, so readers see the old rows or the new ones, never a mix. Not
  // ordered with concurrent appends: call it only while no append runs (at
  // open, or from a tool that holds the directory). InvalidArgument for a
  // column family that is not an extra one; Busy when read-only; IOError
  // (kNoSpace as for appends) when the batch could not be written, which
  // fails the store as a failed append does, or when it has failed.
  virtual Status WriteExtra(const std::vector<std::string>& clear_families, const std::vector<ExtraWrite>& writes) = 0;

  // Rows of an extra column family with key >= `from`, in key order, at most max_count.
  virtual Result<std::vector<std::pair<std::string, std::string>>> ScanExtra(const std::string& column_family,
                                                                             const std::string& from,
                                                                             std::size_t max_count) const = 0;

  // Every row of an extra column family in key order, handed to `visit`
  // without a copy (the bytes are valid during the call only), until it
  // returns false; the blocks read do not enter the block cache. For readers
  // of whole tables (a rebuild's digest). Errors as ScanExtra's.
  virtual Status VisitExtra(const std::string& column_family,
                            const std::function<bool(std::string_view key, std::string_view value)>& visit) const = 0;

  // The keys of an extra column family that start with `prefix`, in key
  // order, handed to `visit` without a copy (the bytes are valid during the
  // call only) until it returns false; the blocks read enter the block cache
  // (a search's postings, counted or collected). Errors as ScanExtra's.
  virtual Status VisitExtraKeys(const std::string& column_family, const std::string& prefix,
                                const std::function<bool(std::string_view key)>& visit) const = 0;

  // --- the Merkle tree over the log (merkle.h; README, "The verifiable log: the tree") ---
  // The tree covers exactly the events of Head(): its nodes are written in
  // the same batch as the events (and, at open, for events written before
  // the tree existed). Reads see only stored nodes; none rebuilds the tree.
  //
  // The stored hashes at `level` with indices from `from`, at most `count`:
  // fewer where the stored ones end. One range read.
  virtual Result<std::vector<Digest>> ReadTreeHashes(int level, std::uint64_t from, std::size_t count) const = 0;
  // The stored hashes of `ids`, in order (a merkle::HashReader). Corruption
  // when one is missing: a tree node the log's size implies is gone.
  virtual Result<std::vector<Digest>> ReadTreeNodes(const std::vector<merkle::NodeId>& ids) const = 0;
  // The tree's leaves of events [from, from + count) (fewer at the log's
  // end): each event's bytes with prevHash and hash unset, as the chain hashes them.
  virtual Result<std::vector<std::string>> ReadLeaves(std::uint64_t from, std::size_t count) const = 0;

  // The root of the tree of the first `size` events recomputed from their
  // stored bytes, not from the stored nodes: a scan of those events (for the
  // check of a signed checkpoint at open). NotFound when the log is shorter.
  virtual Result<Digest> RecomputeRoot(std::uint64_t size) const = 0;

  // --- signed checkpoints (README, "The verifiable log: checkpoints") ---
  // The store keeps them opaque, by tree size. Keeps `note` as the
  // checkpoint of tree size `size` in one synced write (not in an append's
  // batch: a checkpoint is signed over events already durable); a later call
  // for the same size replaces it (the same checkpoint with new
  // cosignatures). InvalidArgument when `size` is beyond the tree; Busy when
  // read-only; IOError (kNoSpace as for appends).
  virtual Status PutCheckpoint(std::uint64_t size, std::string_view note) = 0;
  // The checkpoint kept for `size`; nullopt when none was.
  virtual Result<std::optional<std::string>> ReadCheckpoint(std::uint64_t size) const = 0;
  // The checkpoint of the largest size kept; nullopt when none was.
  virtual Result<std::optional<StoredCheckpoint>> LatestCheckpoint() const = 0;

  // Walks the whole log: decodes every event, recomputes every hash, checks
  // positions, the stream index and heads, the stored log head, and the
  // stored tree nodes against the tree recomputed from the events (not when
  // a read-only store has no tree yet). Stops at the first problem. `progress`, when given, is called every 100,000 events.
  virtual Result<VerifyReport> Verify(const std::function<void(std::uint64_t)>& progress = {}) const = 0;

  virtual StoreStats Stats() const = 0;
  // RocksDB's figures now (zeros when the database is not open).
  virtual EngineStats Engine() const = 0;

  // Whether appends are taken now, free space against the reserve, and why not.
  virtual StoreHealth Health() const = 0;
};

}  // namespace certreg::store
