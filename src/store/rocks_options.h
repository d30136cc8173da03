// Internal: the RocksDB options every open of the store uses, sized from
// StoreOptions, and the free space the store's reserve is checked against.
#pragma once

#include <rocksdb/options.h>

#include <cstdint>
#include <memory>
#include <set>
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
// Per family (ForFamily): `events` is kept at the last level in zstd 4 KiB
// blocks with a 16 KiB dictionary trained on each table file's events, and
// flushed (and kept above the last level) in LZ4, which compaction soon
// rewrites, so that zstd and its training do not run at every flush (its values
// are ~850-byte Cap'n Proto records whose field names, types and issuer texts
// repeat: ~190 bytes of them kept, against ~320 in 16 KiB zstd blocks without
// a dictionary and ~530 in 4 KiB snappy blocks; reading one event
// decompresses 4 KiB, not 16). Files written with earlier settings stay
// readable: RocksDB records each file's compression and dictionary.
// Memtable inserts of the families whose keys arrive in order (`events`: the
// position; `tree`: level byte, then the index; `sequential`) start from the
// previous insert's place (memtable_insert_with_hint_prefix_extractor)
// instead of from the skiplist's head, when the same key head was inserted
// recently. Families of random keys written once (idempotency records, search
// postings) have no hint: a hint kept per key would cost memtable memory and
// save nothing. The stream heads (one key a stream, read and overwritten at
// every append) and the stream index (a stream's entries, read in order) are
// in hashed memtables instead, a bucket per stream (a bucket array of a
// thirty-second of the write buffer), each a small skiplist: a
// get, an insert or a stream's seek finds its bucket without a search of the
// whole memtable.
struct RocksOptions {
  rocksdb::DBOptions db;
  rocksdb::ColumnFamilyOptions cf;  // every other family's
  rocksdb::ColumnFamilyOptions events;
  rocksdb::ColumnFamilyOptions tree;
  // The store's families whose keys are overwritten or arrive in order
  // (meta, checkpoints) and
  // StoreOptions::sequential_column_families: inserts start from the previous
  // insert of the same key head (its bytes up to the first 0x00, or all of it).
  rocksdb::ColumnFamilyOptions sequential;
  std::set<std::string> sequential_names;
  // stream_heads: the whole key is the "prefix" that picks a memtable bucket.
  // Scans of every head need ReadOptions::total_order_seek (Verify's does).
  rocksdb::ColumnFamilyOptions heads;
  // stream_index: the stream id and its 0x00 are the prefix that picks the
  // bucket; a stream's entries are read by a prefix seek (ReadStreamBytes).
  rocksdb::ColumnFamilyOptions index;

  const rocksdb::ColumnFamilyOptions& ForFamily(const std::string& name) const;
};
RocksOptions MakeRocksOptions(const StoreOptions& options, std::shared_ptr<rocksdb::Logger> info_log);

// Bytes free to an unprivileged writer in the file system of `path`
// (statvfs f_bavail); UINT64_MAX when it cannot be asked (the check then
// refuses nothing).
std::uint64_t StatvfsFreeBytes(const std::string& path);

}  // namespace certreg::store
