// Verify: the whole log walked once, every hash recomputed, every index checked.
#include <unordered_map>

#include "store/event_codec.h"
#include "store/keys.h"
#include "store/rocks_event_store.h"

namespace certreg::store {
namespace {

VerifyReport Bad(std::uint64_t checked, std::uint64_t position, std::string problem) {
  return VerifyReport{false, checked, position, std::move(problem)};
}

}  // namespace

Result<VerifyReport> RocksEventStore::Verify(const std::function<void(std::uint64_t)>& progress) const {
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  struct Release {
    rocksdb::DB* db;
    const rocksdb::Snapshot* snapshot;
    ~Release() { db->ReleaseSnapshot(snapshot); }
  } release{db_.get(), snapshot};
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;

  std::string head_bytes;
  LogHead head;
  rocksdb::Status hs = db_->Get(read, Cf(keys::kMetaCf), keys::kHeadKey, &head_bytes);
  if (hs.ok()) {
    auto decoded = DecodeLogHead(head_bytes);
    if (!decoded.ok()) return Bad(0, 0, "the stored log head does not decode");
    head = *decoded;
  } else if (!hs.IsNotFound()) {
    return Status::IOError("reading the log head: " + hs.ToString());
  }

  std::unordered_map<std::string, std::uint64_t> stream_versions;
  Digest prev{};
  std::uint64_t expected = 0;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, Cf(keys::kEventsCf)));
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    auto key = keys::DecodeU64(it->key().ToStringView());
    if (!key) return Bad(expected, expected, "a key in the events column family is not 8 bytes");
    if (*key != expected) {
      return Bad(expected, expected, "event " + std::to_string(expected) + " is missing (next key is " +
                                         std::to_string(*key) + ")");
    }
    auto event = DecodeVerified(it->value().ToStringView(), prev);
    if (!event.ok()) return Bad(expected, expected, event.status().message());
    if (event->position != expected) {
      return Bad(expected, expected, "the event stored here says it is at position " +
                                         std::to_string(event->position));
    }

    std::uint64_t& version = stream_versions[event->stream_id];
    if (event->stream_version != version + 1) {
      return Bad(expected, expected, "stream " + event->stream_id + " version " +
                                         std::to_string(event->stream_version) + " follows version " +
                                         std::to_string(version));
    }
    version = event->stream_version;
    std::string indexed;
    rocksdb::Status is = db_->Get(read, Cf(keys::kStreamIndexCf),
                                  keys::StreamIndexKey(event->stream_id, event->stream_version), &indexed);
    if (!is.ok() || keys::DecodeU64(indexed) != expected) {
      return Bad(expected, expected, "the stream index does not point at this event");
    }
    prev = event->hash;
    if (progress && (expected + 1) % 100000 == 0) progress(expected + 1);
  }
  if (!it->status().ok()) return Status::IOError("reading the log: " + it->status().ToString());

  if (head.size != expected || head.hash != prev) {
    // A log shorter or longer than its head goes bad where the two part; one of the
    // same length but another last hash goes bad at its last event.
    const std::uint64_t bad = head.size != expected ? std::min(head.size, expected) : (expected == 0 ? 0 : expected - 1);
    return Bad(expected, bad,
               "the stored log head (size " + std::to_string(head.size) + ") does not match the log (size " +
                   std::to_string(expected) + ")");
  }
  std::uint64_t heads = 0;
  std::unique_ptr<rocksdb::Iterator> hit(db_->NewIterator(read, Cf(keys::kStreamHeadsCf)));
  for (hit->SeekToFirst(); hit->Valid(); hit->Next(), ++heads) {
    auto found = stream_versions.find(hit->key().ToString());
    if (found == stream_versions.end() || keys::DecodeU64(hit->value().ToStringView()) != found->second) {
      return Bad(expected, expected, "stream head of " + hit->key().ToString() + " does not match its events");
    }
  }
  if (heads != stream_versions.size()) return Bad(expected, expected, "a stream has events but no head");
  return VerifyReport{true, expected, std::nullopt, ""};
}

}  // namespace certreg::store
