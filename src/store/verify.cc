// Verify: the whole log walked once, every hash recomputed, every index
// checked, the Merkle tree recomputed and compared with its stored nodes.
#include <cstring>
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
  // A read-only store written only by versions before the tree has none yet.
  rocksdb::ColumnFamilyHandle* tree = Cf(keys::kTreeCf);
  merkle::TreeEdge edge;
  std::uint64_t tree_nodes = 0;
  std::optional<std::string> tree_problem;
  std::uint64_t expected = 0;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, Cf(keys::kEventsCf)));
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    auto key = keys::DecodeU64(it->key().ToStringView());
    if (!key) return Bad(expected, expected, "a key in the events column family is not 8 bytes");
    if (*key != expected) {
      return Bad(expected, expected, "event " + std::to_string(expected) + " is missing (next key is " +
                                         std::to_string(*key) + ")");
    }
    Digest leaf_hash;
    auto event = DecodeVerified(it->value().ToStringView(), prev, &leaf_hash);
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
    if (tree != nullptr) {
      edge.Append(leaf_hash, [&](const merkle::NodeId& id, const Digest& hash) {
        // A node off the tile levels may remain from format 1 (read-only, not
        // migrated): then it must match too.
        std::string stored;
        rocksdb::Status ts = db_->Get(read, tree, keys::TreeKey(id.level, id.index), &stored);
        if (keys::StoresTreeLevel(id.level) || !ts.IsNotFound()) ++tree_nodes;
        if (!keys::StoresTreeLevel(id.level) && ts.IsNotFound()) return;
        if (tree_problem || (ts.ok() && stored.size() == hash.size() && std::memcmp(stored.data(), hash.data(), hash.size()) == 0)) return;
        tree_problem = "the Merkle tree's node " + std::to_string(id.level) + "/" + std::to_string(id.index) +
                       (ts.IsNotFound() ? " is missing" : " does not match the tree recomputed from the events");
      });
      if (tree_problem) return Bad(expected, expected, *tree_problem);
    }
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
  rocksdb::ReadOptions all_heads = read;
  all_heads.total_order_seek = true;
  std::unique_ptr<rocksdb::Iterator> hit(db_->NewIterator(all_heads, Cf(keys::kStreamHeadsCf)));
  for (hit->SeekToFirst(); hit->Valid(); hit->Next(), ++heads) {
    auto found = stream_versions.find(hit->key().ToString());
    if (found == stream_versions.end() || keys::DecodeU64(hit->value().ToStringView()) != found->second) {
      return Bad(expected, expected, "stream head of " + hit->key().ToString() + " does not match its events");
    }
  }
  if (heads != stream_versions.size()) return Bad(expected, expected, "a stream has events but no head");
  if (tree != nullptr) {
    std::uint64_t stored_nodes = 0;
    std::unique_ptr<rocksdb::Iterator> tit(db_->NewIterator(read, tree));
    for (tit->SeekToFirst(); tit->Valid(); tit->Next()) ++stored_nodes;
    if (!tit->status().ok()) return Status::IOError("reading the tree: " + tit->status().ToString());
    if (stored_nodes != tree_nodes) {
      return Bad(expected, expected, "the Merkle tree has " + std::to_string(stored_nodes) + " nodes; " +
                                         std::to_string(expected) + " events make " + std::to_string(tree_nodes));
    }
  }
  return VerifyReport{true, expected, std::nullopt, ""};
}

}  // namespace certreg::store
