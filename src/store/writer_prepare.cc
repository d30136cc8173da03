// The writer's Prepare (rocks_event_store.h): one append checked against the
// committed state, the group being synced and the open group's earlier
// requests, then encoded, chained and added to the open group's WriteBatch.
// Everything is validated and encoded before anything is added, so a refused
// request adds nothing.
#include <rocksdb/write_batch.h>

#include <functional>

#include "store/event_codec.h"
#include "store/idempotency.h"
#include "store/keys.h"
#include "store/writer_group.h"

namespace certreg::store {

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

// What a request is checked for before anything is read.
Status Validate(const AppendRequest& request, const std::function<bool(const std::string&)>& known_family) {
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
    if (!known_family(write.column_family)) {
      return Status::InvalidArgument("unknown column family " + write.column_family);
    }
  }
  for (const auto& event : request.events) {
    if (event.type.empty()) return Status::InvalidArgument("event without a type");
  }
  return Status::Ok();
}

}  // namespace

void RocksEventStore::ReadAhead(Pending& pending) const {
  const AppendRequest& request = pending.request;
  pending.invalid = Validate(request, [this](const std::string& family) { return ExtraCf(family) != nullptr; });
  if (!pending.invalid.ok()) return;
  pending.read_at = Head().size;  // before the reads: a group committed after it changes the size
  if (!request.idempotency_key.empty()) {
    // Only a key's record holds (and compares) the request's fingerprint.
    pending.fingerprint = RequestFingerprint(request);
    auto stored = StoredIdempotency(request.idempotency_owner, request.idempotency_key);
    if (stored.ok()) pending.stored = std::move(stored).value();
  }
  auto version = StreamVersion(request.stream_id);
  if (version.ok()) pending.version = *version;
}

Result<AppendResult> RocksEventStore::Prepare(Pending& pending, Group& open, const Group* in_flight,
                                              std::uint64_t committed) {
  const AppendRequest& request = pending.request;
  if (!pending.invalid.ok()) return pending.invalid;
  // What ReadAhead read holds unless a group committed since: a group that
  // committed after the read but had not published its head when `committed`
  // was read is `in_flight`, whose writes come first below.
  const bool read_ahead_holds = pending.read_at == committed;

  // Newest first: the open group, the group being synced, then the database.
  const Digest& fingerprint = pending.fingerprint;
  const std::string stored_key = request.idempotency_key.empty()
                                     ? std::string()
                                     : keys::IdempotencyKey(request.idempotency_owner, request.idempotency_key);
  if (!request.idempotency_key.empty()) {
    const IdempotencyRecord* earlier = Find(open.keys, stored_key);
    if (earlier == nullptr && in_flight != nullptr) earlier = Find(in_flight->keys, stored_key);
    if (earlier == nullptr && !(read_ahead_holds && pending.stored)) {
      auto found = StoredIdempotency(request.idempotency_owner, request.idempotency_key);
      if (!found.ok()) return found.status();
      pending.stored = std::move(found).value();
    }
    if (earlier == nullptr && *pending.stored) earlier = &**pending.stored;
    if (earlier != nullptr) {
      if (earlier->fingerprint != fingerprint) {
        return Status::IdempotencyKeyReused("idempotency key already used for a different request");
      }
      return ResultOf(*earlier, /*replayed=*/true);
    }
  }

  const std::uint64_t* pending_version = Find(open.versions, request.stream_id);
  if (pending_version == nullptr && in_flight != nullptr) {
    pending_version = Find(in_flight->versions, request.stream_id);
  }
  std::uint64_t current = 0;
  if (pending_version != nullptr) {
    current = *pending_version;
  } else if (read_ahead_holds && pending.version) {
    current = *pending.version;
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
