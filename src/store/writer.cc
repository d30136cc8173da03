// The writer: pipelined group commit of concurrent appends.
//
// Two threads. The preparer takes queued requests and prepares each into the
// open group: it checks it against the committed state, the group being synced
// and the earlier requests of the open group, assigns positions and versions,
// encodes and chains the events, and adds them to the group's WriteBatch.
// Prepare validates and encodes everything before it adds anything, so a
// refused request adds nothing. Whenever the syncer is idle, the preparer hands
// it the open group; the syncer writes it with the new log head in one synced
// WriteBatch, publishes the head, and only then answers the group's callers.
// So one group is prepared while the previous one syncs. The Merkle tree's
// nodes of the tile levels for a group's events go into the same batch: each
// group carries the tree's right edge after it, as it carries the log head.
#include <rocksdb/write_batch.h>

#include <chrono>
#include <unordered_map>

#include "store/event_codec.h"
#include "store/idempotency.h"
#include "store/keys.h"
#include "store/rocks_event_store.h"

namespace certreg::store {

struct RocksEventStore::Group {
  rocksdb::WriteBatch batch;
  LogHead head;                                                    // the head after this group
  merkle::TreeEdge edge;                                           // the tree's right edge after this group
  std::unordered_map<std::string, std::uint64_t> versions;         // stream versions this group sets
  std::unordered_map<std::string, IdempotencyRecord> keys;  // by stored key (keys::IdempotencyKey)
  std::vector<Pending*> members;
  std::vector<Result<AppendResult>> results;  // one per member
  std::uint64_t appended_requests = 0, appended_events = 0;
};

namespace {

bool ValidStreamId(const std::string& id) {
  return !id.empty() && id.size() <= keys::kMaxStreamIdBytes && id.find('\0') == std::string::npos;
}

std::string DescribeVersion(std::uint64_t v) { return v == 0 ? "has no events" : "is at version " + std::to_string(v); }

template <typename Map>
const typename Map::mapped_type* Find(const Map& map, const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

void RocksEventStore::StartWriter() {
  preparer_ = std::thread([this] { PrepareLoop(); });
  syncer_ = std::thread([this] { SyncLoop(); });
}

void RocksEventStore::StopWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  preparer_cv_.notify_all();
  if (preparer_.joinable()) preparer_.join();  // it answers everything queued, then tells the syncer to exit
  if (syncer_.joinable()) syncer_.join();
}

Result<AppendResult> RocksEventStore::AppendToStream(AppendRequest request) {
  return AppendToStreamAsync(std::move(request)).get();
}

void RocksEventStore::PrepareLoop() {
  auto open = std::make_shared<Group>();
  open->head = Head();
  open->edge = CommittedEdge();
  for (;;) {
    std::vector<Pending*> taken;
    std::shared_ptr<Group> in_flight;
    {
      std::unique_lock<std::mutex> lock(mu_);
      for (;;) {
        if (!queue_.empty() && open->members.size() < options_.max_batch_requests) {
          while (!queue_.empty() && open->members.size() + taken.size() < options_.max_batch_requests) {
            taken.push_back(queue_.front());
            queue_.pop_front();
          }
          break;
        }
        if (!open->members.empty() && !in_flight_) {
          // The callers of the group just committed usually come straight back:
          // while the open group is smaller than that one, wait a moment for
          // them, so that one sync serves them all instead of alternating
          // half-sized groups.
          const auto deadline = syncer_idle_since_ + options_.gather_wait;
          if (open->members.size() >= last_group_size_ || stopping_ || std::chrono::steady_clock::now() >= deadline) {
            in_flight_ = to_write_ = open;
            syncer_cv_.notify_one();
            auto next = std::make_shared<Group>();
            next->head = open->head;
            next->edge = open->edge;
            open = std::move(next);
            continue;
          }
          preparer_cv_.wait_until(lock, deadline);
          continue;
        }
        if (stopping_ && queue_.empty() && open->members.empty() && !in_flight_) {
          syncer_exit_ = true;
          syncer_cv_.notify_one();
          return;
        }
        preparer_cv_.wait(lock);  // woken by Append, by the syncer, or by StopWriter
      }
    }
    // Refused up front, preparing nothing: after a failed write the store has
    // not recovered from, or while free space is below the reserve.
    bool resumed = false;
    const Status refused = Admit(open->members.empty(), &resumed);
    if (resumed) {  // the failed groups' head and tree edge are gone
      open->head = Head();
      open->edge = CommittedEdge();
    }
    if (!refused.ok()) {
      no_space_refusals_.fetch_add(refused.subcode() == Status::SubCode::kNoSpace ? taken.size() : 0);
      rejected_requests_.fetch_add(taken.size());
      for (Pending* pending : taken) Answer(pending, refused);
      continue;
    }
    // The group being synced is read only now, after Admit: while the lock
    // was released the syncer may have failed it, and Admit may then have
    // recovered the store, which forgets the failed group. Read before Admit,
    // its keys would be replayed and its versions built on though it never
    // committed. Read after, it is either still in flight (should it fail, the
    // open group, no longer empty, fails with it: Admit recovers only with an
    // empty open group) or already gone (nullptr).
    {
      std::lock_guard<std::mutex> lock(mu_);
      in_flight = in_flight_;  // read-only while we hold it; its batch is written before it is released
    }
    for (Pending* pending : taken) {
      open->members.push_back(pending);
      open->results.push_back(Prepare(pending->request, *open, in_flight.get()));
    }
  }
}

void RocksEventStore::SyncLoop() {
  for (;;) {
    std::shared_ptr<Group> group;
    {
      std::unique_lock<std::mutex> lock(mu_);
      syncer_cv_.wait(lock, [&] { return to_write_ || syncer_exit_; });
      if (!to_write_) return;
      group = std::move(to_write_);
    }
    Commit(*group);
  }
}

void RocksEventStore::Commit(Group& group) {
  Status status;
  {
    std::lock_guard<std::mutex> lock(mu_);
    status = failed_;
  }
  if (status.ok() && group.batch.Count() > 0) {
    group.batch.Put(Cf(keys::kMetaCf), keys::kHeadKey, EncodeLogHead(group.head));
    rocksdb::WriteOptions write;
    write.sync = options_.sync;
    const auto write_start = std::chrono::steady_clock::now();
    rocksdb::Status s = db_->Write(write, &group.batch);
    write_micros_.fetch_add(std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - write_start)
                                .count());
    if (s.ok()) {
      std::lock_guard<std::mutex> lock(head_mu_);
      head_ = group.head;
      tree_edge_ = group.edge;
    } else {
      // Nothing of this group is durable, and the groups prepared on top of it
      // chain on it: refuse writes until the store recovers (PrepareLoop).
      status = s.IsNoSpace() ? Status::NoSpace("writing the batch failed: " + s.ToString())
                             : Status::IOError("writing the batch failed: " + s.ToString());
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!status.ok() && failed_.ok()) {
      failed_ = status;
      failed_flag_.store(true);
    }
    in_flight_.reset();  // its writes are in the database now (or nothing is)
    last_group_size_ = group.members.size();
    syncer_idle_since_ = std::chrono::steady_clock::now();
  }
  preparer_cv_.notify_one();

  if (status.ok() && group.appended_requests > 0) {
    batches_.fetch_add(1);
    for (std::size_t i = 0; i < StoreStats::kBatchSizeBounds.size(); ++i) {
      if (group.appended_requests <= StoreStats::kBatchSizeBounds[i]) {
        batch_size_counts_[i].fetch_add(1);
        break;
      }
    }
    appended_requests_.fetch_add(group.appended_requests);
    appended_events_.fetch_add(group.appended_events);
    std::uint64_t largest = largest_batch_.load();
    while (group.appended_requests > largest &&
           !largest_batch_.compare_exchange_weak(largest, group.appended_requests)) {
    }
  }
  for (std::size_t i = 0; i < group.members.size(); ++i) {
    Result<AppendResult>& result = group.results[i];
    if (result.ok() && !status.ok()) result = status;
    if (!result.ok()) {
      rejected_requests_.fetch_add(1);
    } else if (result->replayed) {
      replayed_requests_.fetch_add(1);
    }
    Answer(group.members[i], std::move(result));
  }
}

Result<AppendResult> RocksEventStore::Prepare(const AppendRequest& request, Group& open, const Group* in_flight) {
  if (request.events.empty()) return Status::InvalidArgument("an append needs at least one event");
  if (!ValidStreamId(request.stream_id)) return Status::InvalidArgument("invalid stream id");
  if (request.idempotency_key.size() > keys::kMaxIdempotencyKeyBytes) {
    return Status::InvalidArgument("idempotency key longer than " + std::to_string(keys::kMaxIdempotencyKeyBytes) +
                                   " bytes");
  }
  if (request.idempotency_key.find('\0') != std::string::npos ||
      request.idempotency_owner.size() > keys::kMaxIdempotencyOwnerBytes ||
      request.idempotency_owner.find('\0') != std::string::npos) {
    return Status::InvalidArgument("idempotency key or owner with a NUL byte, or an owner longer than " +
                                   std::to_string(keys::kMaxIdempotencyOwnerBytes) + " bytes");
  }
  for (const auto& write : request.extra_writes) {
    if (ExtraCf(write.column_family) == nullptr) {
      return Status::InvalidArgument("unknown column family " + write.column_family);
    }
  }

  // Newest first: the open group, the group being synced, then the database.
  const Digest fingerprint = RequestFingerprint(request);
  const std::string stored_key = request.idempotency_key.empty()
                                     ? std::string()
                                     : keys::IdempotencyKey(request.idempotency_owner, request.idempotency_key);
  if (!request.idempotency_key.empty()) {
    const IdempotencyRecord* earlier = Find(open.keys, stored_key);
    if (earlier == nullptr && in_flight != nullptr) earlier = Find(in_flight->keys, stored_key);
    std::optional<IdempotencyRecord> stored;
    if (earlier == nullptr) {
      auto found = StoredIdempotency(request.idempotency_owner, request.idempotency_key);
      if (!found.ok()) return found.status();
      stored = std::move(found).value();
      if (stored) earlier = &*stored;
    }
    if (earlier != nullptr) {
      if (earlier->fingerprint != fingerprint) {
        return Status::IdempotencyKeyReused("idempotency key already used for a different request");
      }
      return ResultOf(*earlier, /*replayed=*/true);
    }
  }

  const std::uint64_t* pending_version = Find(open.versions, request.stream_id);
  if (pending_version == nullptr && in_flight != nullptr) pending_version = Find(in_flight->versions, request.stream_id);
  std::uint64_t current = 0;
  if (pending_version != nullptr) {
    current = *pending_version;
  } else {
    auto version = StreamVersion(request.stream_id);
    if (!version.ok()) return version.status();
    current = *version;
  }
  switch (request.expected.kind) {
    case ExpectedVersion::Kind::kAny:
      break;
    case ExpectedVersion::Kind::kNoStream:
      if (current != 0) {
        return Status::StaleVersion("stream " + request.stream_id + " " + DescribeVersion(current) +
                                        "; expected no stream",
                                    current);
      }
      break;
    case ExpectedVersion::Kind::kExact:
      if (current != request.expected.version) {
        return Status::StaleVersion("stream " + request.stream_id + " " + DescribeVersion(current) +
                                        "; expected version " + std::to_string(request.expected.version),
                                    current);
      }
      break;
  }

  // Encode everything before writing anything.
  LogHead head = open.head;
  const std::int64_t recorded_at = std::max(options_.clock(), head.last_recorded_at_micros);
  std::vector<std::string> encoded;
  encoded.reserve(request.events.size());
  std::vector<Digest> leaf_hashes;
  IdempotencyRecord record{fingerprint, request.stream_id, head.size, current + 1, {}, recorded_at,
                                  request.response};
  for (std::size_t i = 0; i < request.events.size(); ++i) {
    const NewEvent& event = request.events[i];
    if (event.type.empty()) return Status::InvalidArgument("event without a type");
    RecordedEvent header;
    header.position = head.size;
    header.stream_id = request.stream_id;
    header.stream_version = current + 1 + i;
    header.type = event.type;
    header.event_id = event.event_id;
    header.recorded_at_micros = recorded_at;
    header.effective_date = event.effective_date;
    header.actor = event.actor;
    header.idempotency_key = request.idempotency_key;
    header.correlation_id = event.correlation_id;
    Digest hash;
    LeafInfo leaf;
    auto bytes = EncodeEvent(header, event.payload, head.hash, &hash, &leaf);
    if (!bytes.ok()) return Status::InvalidArgument("event " + event.type + ": " + bytes.status().message());
    if (leaf.bytes > merkle::kMaxLeafBytes) {
      return Status::InvalidArgument("event " + event.type + " would take " + std::to_string(leaf.bytes) +
                                     " bytes in the log, more than the " + std::to_string(merkle::kMaxLeafBytes) +
                                     " bytes an entry of the verifiable log may hold; shorten its longest texts");
    }
    leaf_hashes.push_back(leaf.hash);
    encoded.push_back(std::move(bytes).value());
    record.types.push_back(event.type);
    head.size += 1;
    head.hash = hash;
    head.last_recorded_at_micros = recorded_at;
  }

  std::vector<ExtraWrite> finished;
  if (request.finish) {
    auto rows = request.finish(AppendContext{record.first_position, current + 1, recorded_at});
    if (!rows.ok()) return rows.status();
    finished = std::move(rows).value();
    for (const auto& write : finished) {
      if (ExtraCf(write.column_family) == nullptr) {
        return Status::InvalidArgument("unknown column family " + write.column_family);
      }
    }
  }

  for (std::size_t i = 0; i < encoded.size(); ++i) {
    const std::uint64_t position = record.first_position + i;
    open.batch.Put(Cf(keys::kEventsCf), keys::EventKey(position), encoded[i]);
    open.batch.Put(Cf(keys::kStreamIndexCf), keys::StreamIndexKey(request.stream_id, current + 1 + i),
                   keys::EncodeU64(position));
  }
  if (options_.merkle_tree) {
    merkle::TreeEdge edge = open.edge;
    for (const Digest& leaf_hash : leaf_hashes) {
      edge.Append(leaf_hash, [&](const merkle::NodeId& id, const Digest& node) {
        if (!keys::StoresTreeLevel(id.level)) return;  // folded from the tile level below when read
        open.batch.Put(Cf(keys::kTreeCf), keys::TreeKey(id.level, id.index),
                       rocksdb::Slice(reinterpret_cast<const char*>(node.data()), node.size()));
      });
    }
    open.edge = std::move(edge);
  }
  const std::uint64_t new_version = current + encoded.size();
  open.batch.Put(Cf(keys::kStreamHeadsCf), request.stream_id, keys::EncodeU64(new_version));
  if (!request.idempotency_key.empty()) {
    open.batch.Put(Cf(keys::kIdempotencyCf), stored_key, EncodeIdempotencyRecord(record));
    open.keys[stored_key] = record;
  }
  auto put_all = [&](const std::vector<ExtraWrite>& writes) {
    for (const auto& write : writes) {
      if (write.value) {
        open.batch.Put(Cf(write.column_family), write.key, *write.value);
      } else {
        open.batch.Delete(Cf(write.column_family), write.key);
      }
    }
  };
  put_all(request.extra_writes);
  put_all(finished);
  open.versions[request.stream_id] = new_version;
  open.head = head;
  open.appended_requests += 1;
  open.appended_events += encoded.size();
  return ResultOf(record, /*replayed=*/false);
}

}  // namespace certreg::store
