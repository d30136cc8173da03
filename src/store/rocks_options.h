// Internal: the RocksDB options every open of the store uses, sized from
// StoreOptions, and the free space the store's reserve is checked against.
#pragma once

#include <rocksdb/options.h>

#include <cstdint>
#include <memory>
#include <string>

#include "certreg/store/event_store.h"

namespace certreg::store {

// One budget for all column families: a block cache of
// options.memory_budget_bytes shared by every family (index and filter blocks
// included), and one write-buffer manager of half of it charging its
// memtables to that cache; each family's memtable is at most budget / 16
// (between 1 and 64 MiB), two of them. RocksDB's own log is DATA/LOG through
// `info_log`.
//
// Per family (ForFamily): `events` is compressed with zstd in 16 KiB blocks
// (its values are ~850-byte Cap'n Proto records whose field names, types and
// issuer texts repeat; snappy in 4 KiB blocks kept ~530 bytes of them). Files
// written with the earlier snappy blocks stay readable: RocksDB records each
// block's compression. Memtable inserts of the families whose keys arrive in
// order (`events`: the position; `tree`: level byte, then the index) start
// from the previous insert's place (memtable_insert_with_hint_prefix_extractor)
// instead of from the skiplist's head.
struct RocksOptions {
  rocksdb::DBOptions db;
  rocksdb::ColumnFamilyOptions cf;  // every other family's
  rocksdb::ColumnFamilyOptions events;
  rocksdb::ColumnFamilyOptions tree;

  const rocksdb::ColumnFamilyOptions& ForFamily(const std::string& name) const;
};
RocksOptions MakeRocksOptions(const StoreOptions& options, std::shared_ptr<rocksdb::Logger> info_log);

// Bytes free to an unprivileged writer in the file system of `path`
// (statvfs f_bavail); UINT64_MAX when it cannot be asked (the check then
// refuses nothing).
std::uint64_t StatvfsFreeBytes(const std::string& path);

}  // namespace certreg::store
