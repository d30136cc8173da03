// Internal to the writer (writer.cc, append_queue.cc, writer_prepare.cc): a
// queued append, and a group of appends committed in one synced WriteBatch.
#pragma once

#include <rocksdb/write_batch.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/event_codec.h"
#include "store/rocks_event_store.h"

namespace certreg::store {

// Held by the queue, then by its group, until answered, and by the caller's
// handle (QueuedAppend) until the caller lets go.
struct RocksEventStore::Pending final : QueuedAppend::State {
  AppendRequest request;
  // Found by ReadAhead before the request was queued: whether it is well
  // formed, its fingerprint (with an idempotency key), and what the database held when the log had
  // `read_at` events: the stream's version and the idempotency key's record
  // (nullopt when not read). Prepare reads them again when a group committed since.
  Status invalid;
  Digest fingerprint{};
  std::uint64_t read_at = 0;
  std::optional<std::uint64_t> version;
  std::optional<std::optional<IdempotencyRecord>> stored;
};

struct RocksEventStore::Group {
  rocksdb::WriteBatch batch;
  LogHead head;                                             // the head after this group
  merkle::TreeEdge edge;                                    // the tree's right edge after this group
  std::unordered_map<std::string, std::uint64_t> versions;  // stream versions this group sets
  std::unordered_map<std::string, IdempotencyRecord> keys;  // by stored key (keys::IdempotencyKey)
  std::vector<std::shared_ptr<Pending>> members;
  std::vector<Result<AppendResult>> results;  // one per member
  std::uint64_t appended_requests = 0, appended_events = 0;
  Status written;  // the group's write: Ok, or why nothing of it was written
};

}  // namespace certreg::store
