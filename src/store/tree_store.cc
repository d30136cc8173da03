// The Merkle tree in the store: its nodes at the tile levels in the `tree`
// column family (keys.h), loading its right edge at open, extending it over
// events written before it existed, and the reads the tiles and proofs are
// made of: a node of another level is folded from the 2..128 nodes of the tile
// level below it, as Go's tlog does. Writing nodes with new events is the
// writer's (writer.cc).
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cstring>

#include "store/event_codec.h"
#include "store/keys.h"
#include "store/rocks_event_store.h"
#include "store/rocks_status.h"

namespace certreg::store {
namespace {

// Events whose leaves go into one synced batch while the tree is extended at open.
constexpr std::uint64_t kExtendBatch = 10000;

std::optional<Digest> ToDigest(std::string_view bytes) {
  if (bytes.size() != Digest{}.size()) return std::nullopt;
  Digest d;
  std::memcpy(d.data(), bytes.data(), d.size());
  return d;
}

rocksdb::Slice AsSlice(const Digest& d) { return rocksdb::Slice(reinterpret_cast<const char*>(d.data()), d.size()); }

static_assert(keys::StoresTreeLevel(merkle::kTileHeight) && !keys::StoresTreeLevel(merkle::kTileHeight - 1),
              "the stored levels are the tile levels");

// How many levels above its stored level `level` is: the node is folded
// from 2^Above(level) stored nodes.
int Above(int level) { return level % merkle::kTileHeight; }

std::string NodeName(const merkle::NodeId& id) {
  return "tree node " + std::to_string(id.level) + "/" + std::to_string(id.index);
}

}  // namespace

merkle::TreeEdge RocksEventStore::CommittedEdge() const {
  std::lock_guard<std::mutex> lock(head_mu_);
  return tree_edge_;
}

Status RocksEventStore::LoadTree() {
  const std::uint64_t events = Head().size;
  if (!options_.merkle_tree) return Status::Ok();
  // The tree's size is its number of leaves: one past the last level-0 key.
  std::uint64_t leaves = 0;
  {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, Cf(keys::kTreeCf)));
    it->SeekForPrev(keys::TreeKey(0, UINT64_MAX));
    if (it->Valid() && it->key().size() == 9 && it->key()[0] == 0) {
      leaves = *keys::DecodeU64(it->key().ToStringView().substr(1)) + 1;
    }
    CERTREG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the tree"));
  }
  if (leaves > events) {
    return Status::Corruption("the Merkle tree has " + std::to_string(leaves) + " leaves but the log only " +
                              std::to_string(events) + " events");
  }
  auto edge = merkle::TreeEdge::Load(leaves, [this](const std::vector<merkle::NodeId>& ids) {
    return ReadTreeNodes(ids);
  });
  if (!edge.ok()) return edge.status();
  if (leaves < events) {
    const std::string what = "extending the Merkle tree from " + std::to_string(leaves) + " to " +
                             std::to_string(events) + " leaves (events written before the tree existed)";
    if (options_.notice) options_.notice(what);
    // kExtendBatch events' nodes to a synced batch: a leaf and the parents it completes go together.
    while (edge->size() < events) {
      rocksdb::WriteBatch batch;
      const std::uint64_t until = std::min(events, edge->size() + kExtendBatch);
      CERTREG_RETURN_IF_ERROR(FoldLeaves(*edge, until, [&](const merkle::NodeId& id, const Digest& hash) {
        if (keys::StoresTreeLevel(id.level)) batch.Put(Cf(keys::kTreeCf), keys::TreeKey(id.level, id.index), AsSlice(hash));
        return true;
      }));
      if (edge->size() < until) break;  // the log ends before its head: said below
      rocksdb::WriteOptions sync;
      sync.sync = options_.sync;
      CERTREG_RETURN_IF_ERROR(FromRocks(db_->Write(sync, &batch), "writing the tree"));
    }
    if (edge->size() != events) {
      return Status::Corruption("the log head says " + std::to_string(events) + " events but the log holds " +
                                std::to_string(edge->size()));
    }
    if (options_.notice) options_.notice("the Merkle tree covers all " + std::to_string(events) + " events");
  }
  std::lock_guard<std::mutex> lock(head_mu_);
  tree_edge_ = std::move(edge).value();
  return Status::Ok();
}

Status RocksEventStore::FoldLeaves(merkle::TreeEdge& edge, std::uint64_t until,
                                   const std::function<bool(const merkle::NodeId&, const Digest&)>& stored) const {
  if (edge.size() >= until) return Status::Ok();
  Status failed;
  CERTREG_RETURN_IF_ERROR(ScanLog(edge.size(), [&](std::uint64_t position, std::string_view bytes) {
    if (position != edge.size()) {
      failed = Status::Corruption("event " + std::to_string(edge.size()) + " is missing");
      return false;
    }
    auto leaf = LeafOf(bytes);
    if (!leaf.ok()) {
      failed = leaf.status().WithContext("event " + std::to_string(position));
      return false;
    }
    bool go_on = true;
    edge.Append(merkle::LeafHash(*leaf), [&](const merkle::NodeId& id, const Digest& hash) {
      if (go_on) go_on = stored(id, hash);
    });
    return go_on && edge.size() < until;
  }));
  return failed;
}

Status RocksEventStore::MigrateTree() {
  rocksdb::ColumnFamilyHandle* cf = Cf(keys::kTreeCf);
  rocksdb::WriteBatch batch;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, cf));
  for (int stored = 0; stored < 64; stored += merkle::kTileHeight) {
    // The levels above one tile level, up to the next: one range of keys.
    const std::string begin = keys::TreeKey(stored + 1, 0);
    const std::string end = stored + merkle::kTileHeight < 64 ? keys::TreeKey(stored + merkle::kTileHeight, 0)
                                                              : std::string(1, '\x40');
    it->Seek(begin);
    if (it->Valid() && it->key().compare(end) < 0) batch.DeleteRange(cf, begin, end);
  }
  CERTREG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the tree"));
  batch.Put(Cf(keys::kMetaCf), keys::kFormatKey, keys::kFormatVersion);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  return FromRocks(db_->Write(sync, &batch), "writing the format marker");
}

Result<std::vector<Digest>> RocksEventStore::ReadTreeHashes(int level, std::uint64_t from, std::size_t count) const {
  std::vector<Digest> out;
  rocksdb::ColumnFamilyHandle* cf = Cf(keys::kTreeCf);
  if (cf == nullptr || level < 0 || level > 63) return out;
  if (const int above = Above(level); above > 0) {  // folded from the stored level below
    const std::uint64_t width = std::uint64_t{1} << above;
    if (from > (UINT64_MAX >> above)) return out;
    auto below = ReadTreeHashes(level - above, from << above, std::min<std::uint64_t>(count, UINT64_MAX >> above) << above);
    if (!below.ok()) return below.status();
    for (std::size_t at = 0; at + width <= below->size(); at += width) out.push_back(merkle::SubtreeHash(&(*below)[at], width));
    return out;
  }
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, cf));
  const std::string upper = keys::TreeKey(level, UINT64_MAX);
  for (it->Seek(keys::TreeKey(level, from)); it->Valid() && out.size() < count; it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (key.size() != 9 || key[0] != static_cast<char>(level)) break;
    if (keys::DecodeU64(key.substr(1)) != from + out.size()) break;  // the stored ones end here
    auto hash = ToDigest(it->value().ToStringView());
    if (!hash) return Status::Corruption(NodeName({level, from + out.size()}) + " is not 32 bytes");
    out.push_back(*hash);
  }
  CERTREG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the tree"));
  return out;
}

Result<std::vector<Digest>> RocksEventStore::ReadTreeNodes(const std::vector<merkle::NodeId>& ids) const {
  rocksdb::ColumnFamilyHandle* cf = Cf(keys::kTreeCf);
  if (cf == nullptr && !ids.empty()) return Status::Corruption("the store has no Merkle tree");
  // Each id's stored nodes: itself at a tile level, else the 2^Above nodes of the tile level below.
  std::vector<merkle::NodeId> stored;
  for (const merkle::NodeId& id : ids) {
    const int above = id.level >= 0 ? Above(id.level) : 0;
    if (above > 0 && id.index > (UINT64_MAX >> above)) return Status::Corruption(NodeName(id) + " is missing");
    for (std::uint64_t i = 0; i < (std::uint64_t{1} << above); ++i) {
      stored.push_back({id.level - above, (id.index << above) + i});
    }
  }
  std::vector<std::string> key_bytes;
  key_bytes.reserve(stored.size());
  for (const merkle::NodeId& id : stored) key_bytes.push_back(keys::TreeKey(id.level, id.index));
  std::vector<rocksdb::Slice> key_slices(key_bytes.begin(), key_bytes.end());
  std::vector<rocksdb::ColumnFamilyHandle*> cfs(stored.size(), cf);
  std::vector<std::string> values;
  std::vector<rocksdb::Status> statuses = db_->MultiGet({}, cfs, key_slices, &values);
  std::vector<Digest> hashes;
  hashes.reserve(stored.size());
  for (std::size_t i = 0; i < stored.size(); ++i) {
    if (statuses[i].IsNotFound()) return Status::Corruption(NodeName(stored[i]) + " is missing");
    CERTREG_RETURN_IF_ERROR(FromRocks(statuses[i], "reading " + NodeName(stored[i])));
    auto hash = ToDigest(values[i]);
    if (!hash) return Status::Corruption(NodeName(stored[i]) + " is not 32 bytes");
    hashes.push_back(*hash);
  }
  std::vector<Digest> out;
  out.reserve(ids.size());
  std::size_t at = 0;
  for (const merkle::NodeId& id : ids) {
    const std::size_t width = std::size_t{1} << (id.level >= 0 ? Above(id.level) : 0);
    out.push_back(merkle::SubtreeHash(&hashes[at], width));
    at += width;
  }
  return out;
}

Result<std::vector<std::string>> RocksEventStore::ReadLeaves(std::uint64_t from, std::size_t count) const {
  std::vector<std::string> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, Cf(keys::kEventsCf)));
  for (it->Seek(keys::EventKey(from)); it->Valid() && out.size() < count; it->Next()) {
    if (keys::DecodeU64(it->key().ToStringView()) != from + out.size()) {
      return Status::Corruption("event " + std::to_string(from + out.size()) + " is missing");
    }
    auto leaf = LeafOf(it->value().ToStringView());
    if (!leaf.ok()) return leaf.status().WithContext("event " + std::to_string(from + out.size()));
    out.push_back(std::move(leaf).value());
  }
  CERTREG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
  return out;
}

}  // namespace certreg::store
