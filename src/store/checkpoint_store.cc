// Signed checkpoints in the store (README, "The verifiable log: checkpoints"):
// kept opaque in the `checkpoints` column family by tree size (keys.h), and
// the root recomputed from the events' bytes that a checkpoint is checked
// against at open.
#include <rocksdb/write_batch.h>

#include "store/keys.h"
#include "store/rocks_event_store.h"
#include "store/rocks_status.h"

namespace certreg::store {

Result<Digest> RocksEventStore::RecomputeRoot(std::uint64_t size) const {
  merkle::TreeEdge edge;
  CERTREG_RETURN_IF_ERROR(FoldLeaves(edge, size, [](const merkle::NodeId&, const Digest&) { return true; }));
  if (edge.size() != size) {
    return Status::NotFound("the log holds " + std::to_string(edge.size()) + " events, fewer than " +
                            std::to_string(size));
  }
  return edge.Root();
}

Status RocksEventStore::PutCheckpoint(std::uint64_t size, std::string_view note) {
  rocksdb::ColumnFamilyHandle* cf = Cf(keys::kCheckpointsCf);
  // A read-only store has no tree loaded: say why it refuses before comparing sizes.
  if (!degraded_.ok()) return degraded_;
  if (options_.read_only || cf == nullptr) return Status::Busy("the event store is open read-only");
  const std::uint64_t tree_size = CommittedEdge().size();
  if (size > tree_size) {
    return Status::InvalidArgument("a checkpoint of size " + std::to_string(size) + " is beyond the tree of " +
                                   std::to_string(tree_size) + " leaves");
  }
  rocksdb::WriteBatch batch;
  batch.Put(cf, keys::EncodeU64(size), rocksdb::Slice(note.data(), note.size()));
  return WriteOutsideAppends(batch, "writing the checkpoint of size " + std::to_string(size));
}

Result<std::optional<std::string>> RocksEventStore::ReadCheckpoint(std::uint64_t size) const {
  rocksdb::ColumnFamilyHandle* cf = Cf(keys::kCheckpointsCf);
  if (cf == nullptr) return std::optional<std::string>();
  std::string note;
  rocksdb::Status s = db_->Get({}, cf, keys::EncodeU64(size), &note);
  if (s.IsNotFound()) return std::optional<std::string>();
  CERTREG_RETURN_IF_ERROR(FromRocks(s, "reading the checkpoint of size " + std::to_string(size)));
  return std::optional<std::string>(std::move(note));
}

Result<std::optional<StoredCheckpoint>> RocksEventStore::LatestCheckpoint() const {
  rocksdb::ColumnFamilyHandle* cf = Cf(keys::kCheckpointsCf);
  if (cf == nullptr) return std::optional<StoredCheckpoint>();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, cf));
  it->SeekToLast();
  CERTREG_RETURN_IF_ERROR(FromRocks(it->status(), "reading the checkpoints"));
  if (!it->Valid()) return std::optional<StoredCheckpoint>();
  auto size = keys::DecodeU64(it->key().ToStringView());
  if (!size) return Status::Corruption("checkpoint key " + it->key().ToString(true) + " is not 8 bytes");
  return std::optional<StoredCheckpoint>(StoredCheckpoint{*size, it->value().ToString()});
}

}  // namespace certreg::store
