// The scale figures of `certreg bench scale` (bench_scale.h). The raw
// baseline and the disk figures talk to RocksDB directly: they measure what
// the store is built on and what it leaves on disk.
#include "certreg/bench_scale.h"

#include <fmt/format.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <random>
#include <thread>

#include "certreg/bench_common.h"
#include "certreg/commands.h"

namespace certreg::tool {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// "VmRSS:	  123456 kB" → 123456 * 1024.
std::uint64_t KilobytesField(const std::string& line) {
  std::uint64_t kb = 0;
  for (char c : line) {
    if (c >= '0' && c <= '9') kb = kb * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return kb * 1024;
}

// Runs `work(thread, rng)` on `threads` threads until `seconds` pass or one
// fails; returns the seconds it ran.
template <typename Work>
double RunFor(int threads, double seconds, Work work) {
  std::atomic<bool> stop{false};
  std::vector<std::thread> pool;
  const auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::mt19937_64 rng(static_cast<std::uint64_t>(t) + 1);
      while (!stop.load(std::memory_order_relaxed)) {
        if (!work(t, rng)) return;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop.store(true);
  for (auto& thread : pool) thread.join();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

ProcessMemory ReadProcessMemory() {
  ProcessMemory memory;
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) memory.resident_bytes = KilobytesField(line);
    if (line.starts_with("VmHWM:")) memory.peak_resident_bytes = KilobytesField(line);
  }
  return memory;
}

Result<DiskUse> MeasureDiskUse(const fs::path& store_path) {
  // Opened for writing, so that what the memtables hold (and the WAL keeps
  // for them) is flushed into SST files first, as a running store's would be.
  std::vector<std::string> names;
  rocksdb::Status s = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), store_path.string(), &names);
  if (!s.ok()) return Status::IOError("raw RocksDB: " + s.ToString());
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) families.push_back({name, rocksdb::ColumnFamilyOptions()});
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  s = rocksdb::DB::Open(rocksdb::DBOptions(), store_path.string(), families, &handles, &raw);
  if (!s.ok()) return Status::IOError("raw RocksDB: " + s.ToString());
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::FlushOptions flush;
  flush.wait = true;
  s = db->Flush(flush, handles);
  DiskUse use;
  for (std::size_t i = 0; i < handles.size(); ++i) {
    std::uint64_t bytes = 0;
    if (db->GetIntProperty(handles[i], "rocksdb.total-sst-files-size", &bytes) && bytes > 0) {
      use.sst_bytes_by_family.emplace_back(names[i], bytes);
    }
    db->DestroyColumnFamilyHandle(handles[i]);
  }
  db->Close().PermitUncheckedError();
  if (!s.ok()) return Status::IOError("raw RocksDB flush: " + s.ToString());
  std::sort(use.sst_bytes_by_family.begin(), use.sst_bytes_by_family.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });

  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(store_path, ec)) {
    if (!entry.is_regular_file()) continue;
    const std::uint64_t size = entry.file_size(ec);
    use.total_bytes += size;
    if (entry.path().extension() == ".log") use.wal_bytes += size;
  }
  if (ec) return Status::IOError("listing " + store_path.string() + ": " + ec.message());
  return use;
}

void PrintDiskUse(const DiskUse& use, std::uint64_t events) {
  const double n = events > 0 ? static_cast<double>(events) : 1.0;
  std::uint64_t sst_total = 0;
  for (const auto& [name, bytes] : use.sst_bytes_by_family) sst_total += bytes;
  fmt::print("disk: {:.1f} MB in all = {:.0f} bytes/event (SST files {:.1f} MB, WAL {:.1f} MB)\n",
             static_cast<double>(use.total_bytes) / 1e6, static_cast<double>(use.total_bytes) / n,
             static_cast<double>(sst_total) / 1e6, static_cast<double>(use.wal_bytes) / 1e6);
  fmt::print("disk by column family (bytes/event):");
  for (const auto& [name, bytes] : use.sst_bytes_by_family) {
    if (bytes * 100 < sst_total) continue;
    fmt::print(" {} {:.0f}", name, static_cast<double>(bytes) / n);
  }
  fmt::print("\n");
}

SyncedCommands RunSyncedCommands(app::Registry& registry, const std::vector<std::string>& files, int writers,
                                 double seconds) {
  SyncedCommands result;
  if (files.empty()) return result;
  std::atomic<std::uint64_t> commands{0}, events{0}, failures{0};
  std::mutex failure_mu;
  const domain::Date today = registry.Today();
  result.seconds = RunFor(writers, seconds, [&](int writer, std::mt19937_64& rng) {
    app::CommandRequest request;
    request.file_id = files[rng() % files.size()];
    request.command = domain::ReportMajorChange{fmt::format("直播间搬迁 {}-{}", writer, rng() % 1'000'000),
                                                {today, "email"}};
    request.actor = {"bench.clerk", "clerk", "bench"};
    auto done = registry.Execute(request);
    if (!done.ok()) {
      if (failures.fetch_add(1) == 0) {
        std::lock_guard<std::mutex> lock(failure_mu);
        result.first_failure = request.file_id + ": " + done.status().ToString();
      }
      return false;
    }
    commands.fetch_add(1, std::memory_order_relaxed);
    events.fetch_add(done->events.size(), std::memory_order_relaxed);
    return true;
  });
  result.commands = commands.load();
  result.events = events.load();
  result.failures = failures.load();
  return result;
}

Result<double> RawSyncedPuts(const fs::path& path, int threads, double seconds, std::size_t value_bytes) {
  std::unique_ptr<rocksdb::DB> db = OpenRawBaseline(rocksdb::Options(), path, "bench scale");
  if (!db) return Status::IOError("cannot open the raw baseline at " + path.string());
  rocksdb::WriteOptions sync;
  sync.sync = true;
  const std::string value(value_bytes, 'y');
  std::atomic<std::uint64_t> puts{0};
  std::atomic<bool> failed{false};
  const double ran = RunFor(threads, seconds, [&](int t, std::mt19937_64& rng) {
    if (!db->Put(sync, fmt::format("raw/{}-{:016x}", t, rng()), value).ok()) {
      failed.store(true);
      return false;
    }
    puts.fetch_add(1, std::memory_order_relaxed);
    return true;
  });
  db->Close().PermitUncheckedError();
  db.reset();
  std::error_code ec;
  fs::remove_all(path, ec);
  if (failed.load()) return Status::IOError("a raw synced put failed");
  return static_cast<double>(puts.load()) / ran;
}

int RunBenchScale(const BenchScaleArgs& args) {
  BenchRebuildArgs rebuild = args.rebuild;
  rebuild.scale = true;
  rebuild.min_events = args.events;
  rebuild.files = static_cast<std::size_t>(std::max<std::uint64_t>(1, args.events / 25));
  return RunBenchRebuild(rebuild);
}

}  // namespace certreg::tool
