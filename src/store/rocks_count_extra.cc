// RocksEventStore::CountExtra: the rows under a prefix, counted on an
// iterator bounded by the prefix's successor, so no key or value is copied.
#include <rocksdb/options.h>

#include <memory>

#include "store/rocks_event_store.h"
#include "store/rocks_status.h"

namespace certreg::store {

Result<std::uint64_t> RocksEventStore::CountExtra(const std::string& column_family, const std::string& prefix) const {
  rocksdb::ColumnFamilyHandle* cf = ExtraCf(column_family);
  if (cf == nullptr) return Status::InvalidArgument("unknown column family " + column_family);
  // The least key after every key starting with `prefix`: its last byte
  // below 0xff raised by one, the 0xff bytes after it dropped; none when
  // the prefix is empty or all 0xff.
  std::string bound = prefix;
  while (!bound.empty() && static_cast<unsigned char>(bound.back()) == 0xff) bound.pop_back();
  if (!bound.empty()) bound.back() = static_cast<char>(static_cast<unsigned char>(bound.back()) + 1);
  const rocksdb::Slice upper(bound);
  rocksdb::ReadOptions options;
  if (!bound.empty()) options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, cf));
  std::uint64_t count = 0;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) ++count;
  CERTREG_RETURN_IF_ERROR(FromRocks(it->status(), "counting " + column_family));
  return count;
}

}  // namespace certreg::store
