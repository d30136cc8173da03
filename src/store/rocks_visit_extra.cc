// RocksEventStore::VisitExtra and VisitExtraKeys: the rows of an extra column
// family, whole (a rebuild's digest of the stored read models) or under a
// prefix (a search's postings), read without copies.
#include <rocksdb/options.h>

#include <memory>

#include "store/rocks_event_store.h"
#include "store/rocks_status.h"

namespace certreg::store {
namespace {

// Hands the rows of `cf` whose key starts with `prefix` to `visit(it)`, in
// key order, until it returns false. The iterator stops at the least key
// after every key starting with `prefix`: its last byte below 0xff raised by
// one, the 0xff bytes after it dropped; no bound when the prefix is empty or
// all 0xff.
template <typename Visit>
rocksdb::Status VisitPrefix(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf, const std::string& prefix,
                            rocksdb::ReadOptions options, Visit visit) {
  std::string bound = prefix;
  while (!bound.empty() && static_cast<unsigned char>(bound.back()) == 0xff) bound.pop_back();
  if (!bound.empty()) bound.back() = static_cast<char>(static_cast<unsigned char>(bound.back()) + 1);
  const rocksdb::Slice upper(bound);
  if (!bound.empty()) options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(options, cf));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (!visit(*it)) break;
  }
  return it->status();
}

}  // namespace

Status RocksEventStore::VisitExtra(
    const std::string& column_family,
    const std::function<bool(std::string_view key, std::string_view value)>& visit) const {
  rocksdb::ColumnFamilyHandle* cf = ExtraCf(column_family);
  if (cf == nullptr) return Status::InvalidArgument("unknown column family " + column_family);
  // A whole-table read keeps the block cache for the readers it serves.
  rocksdb::ReadOptions whole_table;
  whole_table.fill_cache = false;
  return FromRocks(VisitPrefix(*db_, cf, "", whole_table,
                               [&](rocksdb::Iterator& it) {
                                 return visit(it.key().ToStringView(), it.value().ToStringView());
                               }),
                   "scanning " + column_family);
}

Status RocksEventStore::VisitExtraKeys(const std::string& column_family, const std::string& prefix,
                                       const std::function<bool(std::string_view key)>& visit) const {
  rocksdb::ColumnFamilyHandle* cf = ExtraCf(column_family);
  if (cf == nullptr) return Status::InvalidArgument("unknown column family " + column_family);
  return FromRocks(
      VisitPrefix(*db_, cf, prefix, {}, [&](rocksdb::Iterator& it) { return visit(it.key().ToStringView()); }),
      "reading " + column_family);
}

}  // namespace certreg::store
