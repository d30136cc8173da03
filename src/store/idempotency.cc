#include "store/idempotency.h"

#include "store/keys.h"
#include "store/rocks_event_store.h"

namespace certreg::store {

Digest GivenFingerprint(const std::string& fingerprint) { return Sha256().Add("request:").Add(fingerprint).Finish(); }

Digest RequestFingerprint(const AppendRequest& request) {
  if (!request.fingerprint.empty()) return GivenFingerprint(request.fingerprint);
  Sha256 sha;
  sha.Add("events:").Add(request.stream_id).Add("\0", 1);
  for (const auto& event : request.events) {
    sha.Add(keys::EncodeU64(event.type.size())).Add(event.type);
    sha.Add(keys::EncodeU64(event.payload.size())).Add(event.payload);
  }
  return sha.Finish();
}

bool IsSystemActor(const Actor& actor) { return actor.name == "system" && actor.role == "system"; }

AppendResult ResultOf(const IdempotencyRecord& record, bool replayed) {
  return AppendResult{record.stream_id, record.first_position, record.first_version, record.types, record.response,
                      replayed};
}

Result<std::optional<IdempotencyRecord>> RocksEventStore::StoredIdempotency(const std::string& owner,
                                                                           const std::string& key) const {
  std::string bytes;
  rocksdb::Status s = db_->Get({}, Cf(keys::kIdempotencyCf), keys::IdempotencyKey(owner, key), &bytes);
  bool unowned = false;
  if (s.IsNotFound() && !owner.empty()) {
    s = db_->Get({}, Cf(keys::kIdempotencyCf), key, &bytes);  // a record from before keys had owners
    unowned = true;
  }
  if (s.IsNotFound()) return std::optional<IdempotencyRecord>();
  if (!s.ok()) return Status::IOError("reading an idempotency record: " + s.ToString());
  auto record = DecodeIdempotencyRecord(bytes);
  if (!record.ok()) return record.status().WithContext("idempotency record");
  if (unowned) {
    // Whose it was: the user who recorded the first of its events that was
    // not time-driven (a command puts those first, recorded by the system
    // actor); none when all were.
    std::optional<std::string> recorder;
    for (std::uint64_t i = 0; i < record->types.size() && !recorder; ++i) {
      std::string event_bytes;
      s = db_->Get({}, Cf(keys::kEventsCf), keys::EventKey(record->first_position + i), &event_bytes);
      if (!s.ok()) return Status::IOError("reading the events of an idempotency record: " + s.ToString());
      auto event = DecodeEvent(event_bytes);
      if (!event.ok()) return event.status().WithContext("event of an idempotency record");
      if (!IsSystemActor(event->actor)) recorder = event->actor.name;
    }
    if (recorder != owner) return std::optional<IdempotencyRecord>();
  }
  return std::optional<IdempotencyRecord>(std::move(record).value());
}

Result<std::optional<AppendResult>> RocksEventStore::FindIdempotent(const std::string& owner,
                                                                    const std::string& idempotency_key,
                                                                    const std::string& fingerprint) const {
  auto record = StoredIdempotency(owner, idempotency_key);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return std::optional<AppendResult>();
  if ((*record)->fingerprint != GivenFingerprint(fingerprint)) {
    rejected_requests_.fetch_add(1);
    return Status::IdempotencyKeyReused("idempotency key already used for a different request");
  }
  replayed_requests_.fetch_add(1);
  return std::optional<AppendResult>(ResultOf(**record, /*replayed=*/true));
}

}  // namespace certreg::store
