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
struct RocksOptions {
  rocksdb::DBOptions db;
  rocksdb::ColumnFamilyOptions cf;
};
RocksOptions MakeRocksOptions(const StoreOptions& options, std::shared_ptr<rocksdb::Logger> info_log);

// Bytes free to an unprivileged writer in the file system of `path`
// (statvfs f_bavail); UINT64_MAX when it cannot be asked (the check then
// refuses nothing).
std::uint64_t StatvfsFreeBytes(const std::string& path);

}  // namespace certreg::store
