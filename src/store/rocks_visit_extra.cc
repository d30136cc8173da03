// RocksEventStore::VisitExtra: a whole extra column family, read once
// without copies (a rebuild's digest of the stored read models).
#include <rocksdb/options.h>

#include "store/rocks_event_store.h"
#include "store/rocks_status.h"

namespace certreg::store {

Status RocksEventStore::VisitExtra(const std::string& column_family,
                                   const std::function<bool(std::string_view key, std::string_view value)>& visit) const {
  rocksdb::ColumnFamilyHandle* cf = ExtraCf(column_family);
  if (cf == nullptr) return Status::InvalidArgument("unknown column family " + column_family);
  // A whole-table read keeps the block cache for the readers it serves.
  rocksdb::ReadOptions read;
  read.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, cf));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!visit(it->key().ToStringView(), it->value().ToStringView())) return Status::Ok();
  }
  return FromRocks(it->status(), "scanning " + column_family);
}

}  // namespace certreg::store
