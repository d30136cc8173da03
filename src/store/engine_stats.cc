// RocksEventStore::Engine: RocksDB's properties for /metrics.
#include <rocksdb/db.h>
#include <rocksdb/version.h>

#include <map>
#include <string>

#include "store/rocks_event_store.h"

namespace certreg::store {
namespace {

std::uint64_t MapValue(const std::map<std::string, std::string>& map, const char* key) {
  const auto it = map.find(key);
  if (it == map.end()) return 0;
  try {
    return static_cast<std::uint64_t>(std::stod(it->second));
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace

EngineStats RocksEventStore::Engine() const {
  EngineStats out;
  out.version = std::to_string(ROCKSDB_MAJOR) + "." + std::to_string(ROCKSDB_MINOR) + "." +
                std::to_string(ROCKSDB_PATCH);
  if (!db_) return out;
  std::uint64_t value = 0;
  if (db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kLiveSstFilesSize, &value)) out.live_sst_bytes = value;
  if (db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kEstimatePendingCompactionBytes, &value)) {
    out.pending_compaction_bytes = value;
  }
  if (db_->GetIntProperty(rocksdb::DB::Properties::kIsWriteStopped, &value)) out.write_stopped = value != 0;
  if (db_->GetIntProperty(rocksdb::DB::Properties::kActualDelayedWriteRate, &value)) out.delayed_write_rate = value;
  for (const auto& [name, cf] : cfs_) {
    std::map<std::string, std::string> stats;
    if (!db_->GetMapProperty(cf, rocksdb::DB::Properties::kCFStats, &stats)) continue;
    out.stalls_stopped += MapValue(stats, "io_stalls.total_stop");
    out.stalls_slowed += MapValue(stats, "io_stalls.total_slowdown");
  }
  return out;
}

}  // namespace certreg::store
