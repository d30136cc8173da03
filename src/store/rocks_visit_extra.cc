// RocksEventStore::VisitExtra and VisitExtraKeys: the rows of an extra column
// family, whole (a rebuild's digest of the stored read models) or under a
// prefix (a search's postings), read without copies.
#include <rocksdb/options.h>

#include <memory>

#include "store/rocks_event_store.h"
#include "store/rocks_status.h"

namespace certreg::store {

Status RocksEventStore::VisitExtra(
    const std::string& column_family,
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

Status RocksEventStore::VisitExtraKeys(const std::string& column_family, const std::string& prefix,
                                       const std::function<bool(std::string_view key)>& visit) const {
  rocksdb::ColumnFamilyHandle* cf = ExtraCf(column_family);
  if (cf == nullptr) return Status::InvalidArgument("unknown column family " + column_family);
  // The iterator stops at the least key after every key starting with
  // `prefix`: its last byte below 0xff raised by one, the 0xff bytes after
  // it dropped; no bound when the prefix is empty or all 0xff.
  std::string bound = prefix;
  while (!bound.empty() && static_cast<unsigned char>(bound.back()) == 0xff) bound.pop_back();
  if (!bound.empty()) bound.back() = static_cast<char>(static_cast<unsigned char>(bound.back()) + 1);
  const rocksdb::Slice upper(bound);
  rocksdb::ReadOptions options;
  if (!bound.empty()) options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, cf));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (!visit(it->key().ToStringView())) return Status::Ok();
  }
  return FromRocks(it->status(), "reading " + column_family);
}

}  // namespace certreg::store
