#include "store/rocks_options.h"

#include <rocksdb/cache.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_buffer_manager.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <functional>
#include <limits>
#include <string_view>

#include "store/keys.h"

namespace certreg::store {
namespace {

// A key's head: its bytes up to and including the first 0x00, or the whole
// key when it holds none (a stream's index entries share their stream's).
rocksdb::Slice NulTerminatedHead(const rocksdb::Slice& key) {
  const void* nul = std::memchr(key.data(), 0, key.size());
  if (nul == nullptr) return key;
  return rocksdb::Slice(key.data(), static_cast<std::size_t>(static_cast<const char*>(nul) - key.data()) + 1);
}

// The stream index's prefix: the stream id and its 0x00, which picks the
// memtable bucket of a stream's entries.
class StreamPrefix final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "certreg.StreamPrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override { return NulTerminatedHead(key); }
  bool InDomain(const rocksdb::Slice&) const override { return true; }
};

// The memtable insert hint's key of a key: its head. Keys that share it
// arrive in order (a certificate's history rows) or are the same key
// overwritten (a file's work-queue row, "head"), so an insert starts next to
// the previous one of its kind.
//
// Only a head seen among the recent inserts takes a hint: RocksDB keeps a
// hint (a map entry and a ~220-byte splice in the memtable's arena) for
// every head that takes one, and a head inserted once gains nothing from it.
// So the first insert of a head searches from the skiplist's top, as without
// hints, and remembers the head in a small direct-mapped table of recent
// heads' hashes; a head inserted again while remembered takes its hint. The
// table is only a guess: any answer leaves every key valid.
class RecentNulTerminatedHead final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "certreg.NulTerminatedHead"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override { return NulTerminatedHead(key); }
  bool InDomain(const rocksdb::Slice& key) const override {
    const rocksdb::Slice head = Transform(key);
    const std::uint64_t hash = std::hash<std::string_view>{}(std::string_view(head.data(), head.size())) | 1;
    std::atomic<std::uint64_t>& slot = recent_[hash % kRecentHeads];  // 0: empty, never a hash
    return slot.exchange(hash, std::memory_order_relaxed) == hash;
  }

 private:
  static constexpr std::size_t kRecentHeads = 4096;
  mutable std::array<std::atomic<std::uint64_t>, kRecentHeads> recent_{};
};

// Buckets of the stream heads' and the stream index's memtables, a pointer
// each: one per 256 bytes of write buffer (65,536, 512 KiB, for 16 MiB), so
// that they stay a thirty-second of a memtable whatever the memory budget.
std::size_t StreamBuckets(std::size_t write_buffer_bytes) {
  return std::clamp<std::size_t>(write_buffer_bytes / 256, 4096, std::size_t{1} << 16);
}

}  // namespace

RocksOptions MakeRocksOptions(const StoreOptions& options, std::shared_ptr<rocksdb::Logger> info_log) {
  const std::size_t budget = std::max<std::size_t>(options.memory_budget_bytes, std::size_t{16} << 20);
  auto cache = rocksdb::NewLRUCache(budget);

  RocksOptions out;
  out.db.create_if_missing = !options.read_only;
  out.db.create_missing_column_families = !options.read_only;
  out.db.max_background_jobs = 2;
  out.db.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(budget / 2, cache);
  out.db.info_log = std::move(info_log);
  // Only used when info_log is empty; bounded there too.
  out.db.max_log_file_size = 4 << 20;
  out.db.keep_log_file_num = 4;

  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.block_cache = cache;
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  out.cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  out.cf.write_buffer_size = std::clamp<std::size_t>(budget / 16, std::size_t{1} << 20, std::size_t{64} << 20);
  out.cf.max_write_buffer_number = 2;
  out.sequential = out.cf;
  out.sequential.memtable_insert_with_hint_prefix_extractor = std::make_shared<RecentNulTerminatedHead>();
  out.sequential_names = {keys::kMetaCf, keys::kCheckpointsCf};
  out.sequential_names.insert(options.sequential_column_families.begin(), options.sequential_column_families.end());

  out.heads = out.cf;
  out.heads.prefix_extractor.reset(rocksdb::NewNoopTransform());
  out.heads.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory(StreamBuckets(out.cf.write_buffer_size)));
  out.index = out.cf;
  out.index.prefix_extractor = std::make_shared<StreamPrefix>();
  out.index.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory(StreamBuckets(out.cf.write_buffer_size)));
  // A hashed memtable takes one writer at a time (the store's writes are
  // one batch at a time anyway).
  out.db.allow_concurrent_memtable_write = false;
  out.events = out.cf;
  rocksdb::BlockBasedTableOptions events_table = table;
  events_table.block_size = 4 << 10;
  out.events.table_factory.reset(rocksdb::NewBlockBasedTableFactory(events_table));
  // zstd with a dictionary where the events stay (the last level); LZ4 in the
  // files that compaction will soon rewrite (flushes, upper levels), so that
  // they are not compressed with zstd twice, nor a dictionary trained for each.
  out.events.compression = rocksdb::kLZ4Compression;
  out.events.bottommost_compression = rocksdb::kZSTD;
  out.events.bottommost_compression_opts.enabled = true;
  out.events.bottommost_compression_opts.max_dict_bytes = 16 << 10;  // trained per table file on samples of its blocks
  out.events.bottommost_compression_opts.zstd_max_train_bytes = 100 * (16 << 10);
  // One hint for the whole family: every key is the next position.
  out.events.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(0));

  out.tree = out.cf;
  // One hint per level: a level's nodes are appended in index order.
  out.tree.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));
  return out;
}

const rocksdb::ColumnFamilyOptions& RocksOptions::ForFamily(const std::string& name) const {
  if (name == keys::kEventsCf) return events;
  if (name == keys::kTreeCf) return tree;
  if (name == keys::kStreamHeadsCf) return heads;
  if (name == keys::kStreamIndexCf) return index;
  if (sequential_names.count(name) != 0) return sequential;
  return cf;
}

std::uint64_t StatvfsFreeBytes(const std::string& path) {
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
}

}  // namespace certreg::store
