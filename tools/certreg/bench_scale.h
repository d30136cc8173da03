// The figures `certreg bench scale` adds to the rebuild benchmark's run
// (bench_rebuild.cc): what a store of N events costs to keep and to write to.
// README, "Scale: 1 M and 10 M events".
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "certreg/app/registry.h"
#include "certreg/common/status.h"

namespace certreg::tool {

// This process's resident memory from /proc/self/status, in bytes: now
// (VmRSS) and its peak since the process started (VmHWM). Zeros where the
// file cannot be read.
struct ProcessMemory {
  std::uint64_t resident_bytes = 0;
  std::uint64_t peak_resident_bytes = 0;
};
ProcessMemory ReadProcessMemory();

// What a closed store's directory holds on disk once its memtables are
// flushed (the directory is opened with raw RocksDB to flush them): every
// file's size, and the SST bytes of each column family (RocksDB's
// "rocksdb.total-sst-files-size"), largest first.
struct DiskUse {
  std::uint64_t total_bytes = 0;  // every file under the directory (SSTs, WAL, manifest, options)
  std::uint64_t wal_bytes = 0;    // *.log files
  std::vector<std::pair<std::string, std::uint64_t>> sst_bytes_by_family;
};
Result<DiskUse> MeasureDiskUse(const std::filesystem::path& store_path);

// Prints "disk: ..." lines: the total and bytes per event, then the column
// families holding at least 1 % of the SST bytes, each with bytes per event.
void PrintDiskUse(const DiskUse& use, std::uint64_t events);

// Synced commands through `registry` on a loaded store: `writers` threads,
// each recording a major change (ReportMajorChange, which a live certificate
// always allows) on a certificate drawn at random from `files` (their file
// ids), one after another, each waiting for its synced batch, for `seconds`.
struct SyncedCommands {
  std::uint64_t commands = 0;
  std::uint64_t events = 0;
  std::uint64_t failures = 0;
  std::string first_failure;
  double seconds = 0;
  double rate() const { return seconds > 0 ? static_cast<double>(commands) / seconds : 0; }
};
SyncedCommands RunSyncedCommands(app::Registry& registry, const std::vector<std::string>& files, int writers,
                                 double seconds);

// Raw RocksDB Put with sync = true of `value_bytes`-byte values from
// `threads` threads into a fresh database at `path` for `seconds`; puts per
// second, or the error that stopped it. The database is removed after.
Result<double> RawSyncedPuts(const std::filesystem::path& path, int threads, double seconds, std::size_t value_bytes);

}  // namespace certreg::tool
