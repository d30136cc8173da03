#include "store/rocks_options.h"

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/write_buffer_manager.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <limits>

#include "store/keys.h"

namespace certreg::store {

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

  out.events = out.cf;
  rocksdb::BlockBasedTableOptions events_table = table;
  events_table.block_size = 4 << 10;
  out.events.table_factory.reset(rocksdb::NewBlockBasedTableFactory(events_table));
  out.events.compression = rocksdb::kZSTD;
  out.events.bottommost_compression = rocksdb::kZSTD;
  out.events.compression_opts.max_dict_bytes = 16 << 10;  // trained per table file on samples of its blocks
  out.events.compression_opts.zstd_max_train_bytes = 100 * (16 << 10);
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
  return cf;
}

std::uint64_t StatvfsFreeBytes(const std::string& path) {
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
}

}  // namespace certreg::store
