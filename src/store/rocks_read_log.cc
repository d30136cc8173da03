// The store's reads of the log: a stream's version and events, and the log
// in position order (RocksEventStore, rocks_event_store.h).
#include <rocksdb/db.h>

#include <algorithm>

#include "store/event_codec.h"
#include "store/keys.h"
#include "store/rocks_event_store.h"
#include "store/rocks_status.h"

namespace certreg::store {

Result<std::uint64_t> RocksEventStore::StreamVersion(const std::string& stream_id) const {
  std::string value;
  rocksdb::Status s = db_->Get({}, Cf(keys::kStreamHeadsCf), stream_id, &value);
  if (s.IsNotFound()) return std::uint64_t{0};
  CERTREG_RETURN_IF_ERROR(FromRocks(s, "reading the head of " + stream_id));
  auto version = keys::DecodeU64(value);
  if (!version) return Status::Corruption("stream head of " + stream_id + " is not 8 bytes");
  return *version;
}

Result<std::vector<RecordedEvent>> RocksEventStore::ReadStream(const std::string& stream_id,
                                                               std::uint64_t from_version,
                                                               std::size_t max_count) const {
  auto stored = ReadStreamBytes(stream_id, from_version, max_count);
  if (!stored.ok()) return stored.status();
  std::vector<RecordedEvent> out;
  out.reserve(stored->size());
  for (std::string& bytes : *stored) {
    auto event = DecodeEvent(bytes);
    if (!event.ok()) return event.status().WithContext("stream " + stream_id);
    out.push_back(std::move(event).value());
  }
  return out;
}

Result<std::vector<std::string>> RocksEventStore::ReadStreamBytes(const std::string& stream_id,
                                                                  std::uint64_t from_version,
                                                                  std::size_t max_count) const {
  std::vector<std::string> out;
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  std::vector<std::uint64_t> positions;
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, Cf(keys::kStreamIndexCf)));
    const std::string prefix = keys::StreamIndexPrefix(stream_id);
    for (it->Seek(keys::StreamIndexKey(stream_id, std::max<std::uint64_t>(from_version, 1)));
         it->Valid() && it->key().starts_with(prefix) && positions.size() < max_count; it->Next()) {
      auto position = keys::DecodeU64(it->value().ToStringView());
      if (!position) {
        db_->ReleaseSnapshot(snapshot);
        return Status::Corruption("stream index entry of " + stream_id + " is not 8 bytes");
      }
      positions.push_back(*position);
    }
  }
  // Batched lookups: a stream's positions ascend, and so do their keys. A
  // batch pins the blocks it reads until its values are copied out.
  constexpr std::size_t kBatch = 256;
  Status status;
  out.reserve(positions.size());
  std::vector<std::string> event_keys;
  std::vector<rocksdb::Slice> slices;
  for (std::size_t first = 0; first < positions.size() && status.ok(); first += kBatch) {
    const std::size_t n = std::min(kBatch, positions.size() - first);
    event_keys.clear();
    for (std::size_t i = 0; i < n; ++i) event_keys.push_back(keys::EventKey(positions[first + i]));
    slices.assign(event_keys.begin(), event_keys.end());
    std::vector<rocksdb::PinnableSlice> values(n);
    std::vector<rocksdb::Status> statuses(n);
    db_->MultiGet(read, Cf(keys::kEventsCf), n, slices.data(), values.data(), statuses.data(), /*sorted_input=*/true);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t position = positions[first + i];
      const rocksdb::Status& s = statuses[i];
      if (!s.ok()) {
        status = s.IsNotFound() ? Status::Corruption("indexed event " + std::to_string(position) + " is missing")
                                : FromRocks(s, "reading event " + std::to_string(position));
        break;
      }
      out.emplace_back(values[i].data(), values[i].size());
    }
  }
  db_->ReleaseSnapshot(snapshot);
  if (!status.ok()) return status;
  return out;
}

Result<std::vector<RecordedEvent>> RocksEventStore::ReadAll(std::uint64_t from_position,
                                                            std::size_t max_count) const {
  std::vector<RecordedEvent> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, Cf(keys::kEventsCf)));
  for (it->Seek(keys::EventKey(from_position)); it->Valid() && out.size() < max_count; it->Next()) {
    auto event = DecodeEvent(it->value().ToStringView());
    if (!event.ok()) return event.status().WithContext("event at key " + it->key().ToString(true));
    out.push_back(std::move(event).value());
  }
  CERTREG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
  return out;
}

Status RocksEventStore::ScanLog(std::uint64_t from_position,
                                const std::function<bool(std::uint64_t position, std::string_view bytes)>& visit) const {
  // A whole-log read keeps the block cache for the readers it serves.
  rocksdb::ReadOptions read;
  read.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, Cf(keys::kEventsCf)));
  for (it->Seek(keys::EventKey(from_position)); it->Valid(); it->Next()) {
    auto position = keys::DecodeU64(it->key().ToStringView());
    if (!position) return Status::Corruption("event key " + it->key().ToString(true) + " is not 8 bytes");
    if (!visit(*position, it->value().ToStringView())) return Status::Ok();
  }
  return FromRocks(it->status(), "reading the log");
}

}  // namespace certreg::store
