// `certreg bench append`: durable appends through the event store from many
// concurrent writers, against raw RocksDB synced puts from as many threads,
// and against the store without the verifiable log (no Merkle tree, no
// checkpoints), measured one after the other in the same process on the
// same disk.
//
// The raw baseline is the only place outside the store that talks to RocksDB:
// it measures what the store is built on.
#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/statistics.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "certreg/app/signed_log.h"
#include "certreg/bench_common.h"
#include "certreg/commands.h"
#include "certreg/common/ids.h"
#include "certreg/store/event_store.h"
#include "certreg/store/record_format.h"

namespace certreg::tool {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// What one timed run did: operations a second, and CPU time a completed
// operation took, by thread name (the writers' own as "writers").
struct TimedRun {
  double rate = 0;
  std::map<std::string, double> cpu_micros_per_op;
};

double ThreadCpuSeconds() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// Runs `work(thread_index, iteration)` on `threads` threads until `seconds`
// pass. `work` returns false on failure.
template <typename Work>
TimedRun RunTimed(int threads, double seconds, Work work, std::atomic<bool>* failed) {
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> done{0};
  std::mutex writers_mu;
  double writers_cpu = 0;
  std::vector<std::thread> pool;
  const std::map<std::string, double> threads_before = ThreadCpuSecondsByName();
  const auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      const double cpu_start = ThreadCpuSeconds();
      for (std::uint64_t i = 0; !stop.load(std::memory_order_relaxed); ++i) {
        if (!work(t, i)) {
          failed->store(true);
          break;
        }
        done.fetch_add(1, std::memory_order_relaxed);
      }
      std::lock_guard<std::mutex> lock(writers_mu);
      writers_cpu += ThreadCpuSeconds() - cpu_start;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop.store(true);
  for (auto& thread : pool) thread.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  TimedRun run;
  run.rate = static_cast<double>(done.load()) / elapsed;
  // The writers have ended (and dropped out of the threads' list); the
  // store's threads and RocksDB's are still there.
  std::map<std::string, double> seconds_by_name = ThreadCpuSecondsSince(threads_before);
  seconds_by_name["writers"] = writers_cpu;
  const double ops = std::max<double>(1, static_cast<double>(done.load()));
  for (const auto& [name, cpu] : seconds_by_name) {
    if (cpu > 0) run.cpu_micros_per_op[name] = cpu / ops * 1e6;
  }
  return run;
}

// "123 µs: writers 60, store-writer 40, ..." (largest first).
std::string DescribeCpu(const std::map<std::string, double>& micros_by_name) {
  std::vector<std::pair<double, std::string>> parts;
  double total = 0;
  for (const auto& [name, micros] : micros_by_name) {
    total += micros;
    if (micros >= 0.5) parts.emplace_back(micros, name);
  }
  std::sort(parts.rbegin(), parts.rend());
  std::string text = fmt::format("{:.0f} µs", total);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    text += fmt::format("{} {} {:.0f}", i == 0 ? ":" : ",", parts[i].second, parts[i].first);
  }
  return text;
}

// Signs a checkpoint of the store's tree every second while it runs, as the
// server's publisher does (keys made for the run).
class CheckpointSigner {
 public:
  bool Start(store::EventStore& store) {
    auto log_key = GenerateNoteSigner("bench.invalid/log");
    auto status_key = GenerateNoteSigner("bench.invalid/log/status");
    if (!log_key.ok() || !status_key.ok()) return false;
    log_ = std::make_unique<app::SignedLog>(store, *log_key, *status_key);
    if (Status opened = log_->Open(); !opened.ok()) {
      fmt::print(stderr, "certreg bench append: {}\n", opened.ToString());
      return false;
    }
    thread_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(mu_);
      do {
        lock.unlock();
        auto signed_now = log_->SignIfGrown();
        if (signed_now.ok() && signed_now->has_value()) ++signed_;
        lock.lock();
      } while (!cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; }));
    });
    return true;
  }
  // Stops signing; returns how many checkpoints were signed.
  std::uint64_t Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    return signed_;
  }
  ~CheckpointSigner() { Stop(); }

 private:
  std::unique_ptr<app::SignedLog> log_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::uint64_t signed_ = 0;
};

}  // namespace

int RunBenchAppend(const BenchAppendArgs& args) {
  const std::optional<fs::path> dir = FreshBenchDir(args.data, "bench-append", "bench append");
  if (!dir) return 2;
  const fs::path& root = *dir;
  const std::string filler(args.payload_bytes, 'x');
  std::atomic<bool> failed{false};

  // The store four times, the verifiable log off and on (README, "The
  // verifiable log: the tree" and "… checkpoints"): what the tree's nodes in
  // every batch and a checkpoint signed every second cost.
  std::uint64_t signed_checkpoints = 0;
  std::uint64_t* checkpoints = &signed_checkpoints;
  std::map<std::string, double> store_cpu, raw_cpu;  // of the first run with the log, of the first raw run
  auto run_store = [&](bool tree, const char* name, store::StoreStats* stats) -> std::optional<double> {
    store::StoreOptions options;
    options.path = (root / name).string();
    options.merkle_tree = tree;
    if (args.gather_wait_us >= 0) options.gather_wait = std::chrono::microseconds(args.gather_wait_us);
    auto opened = store::EventStore::Open(options);
    if (!opened.ok()) {
      fmt::print(stderr, "certreg bench append: {}\n", opened.status().ToString());
      return std::nullopt;
    }
    store::EventStore& store = **opened;
    // With the tree, a checkpoint signed every second as `certreg serve` does.
    std::optional<CheckpointSigner> signer;
    if (tree && !signer.emplace().Start(store)) return std::nullopt;
    const std::string payload = store::EncodeStoreProbe("bench append", filler);
    const TimedRun run = RunTimed(args.threads, args.seconds, [&](int t, std::uint64_t i) {
      store::AppendRequest request;
      request.stream_id = fmt::format("bench/{}-{}", t, i);
      request.expected = store::ExpectedVersion::NoStream();
      request.events.push_back({"StoreProbe", NewUuid(), "2026-01-01", {"bench", "system", ""}, "", payload});
      return store.AppendToStream(std::move(request)).ok();
    }, &failed);
    if (signer) *checkpoints = signer->Stop();
    *stats = store.Stats();
    if (tree && store_cpu.empty()) store_cpu = run.cpu_micros_per_op;
    return run.rate;
  };
  // Raw synced puts from as many threads, into a fresh database each time.
  std::uint64_t raw_syncs = 0, raw_wal_bytes = 0;
  int raw_runs = 0;
  auto run_raw = [&]() -> std::optional<double> {
    rocksdb::Options options;
    options.statistics = rocksdb::CreateDBStatistics();
    std::unique_ptr<rocksdb::DB> db =
        OpenRawBaseline(options, root / fmt::format("raw-{}", ++raw_runs), "bench append");
    if (!db) return std::nullopt;
    rocksdb::WriteOptions sync;
    sync.sync = true;
    const std::string value(filler.size() + 150, 'y');  // about the size of an encoded event
    const TimedRun run = RunTimed(args.threads, args.seconds, [&](int t, std::uint64_t i) {
      return db->Put(sync, fmt::format("raw/{}-{}", t, i), value).ok();
    }, &failed);
    if (raw_cpu.empty()) raw_cpu = run.cpu_micros_per_op;
    raw_syncs += options.statistics->getTickerCount(rocksdb::WAL_FILE_SYNCED);
    raw_wal_bytes += options.statistics->getTickerCount(rocksdb::WAL_FILE_BYTES);
    db->Close().PermitUncheckedError();
    return run.rate;
  };
  // Raw, off, on, on, off, raw: the store's runs and the baseline's are
  // centred on the same moment, so that a drift of the disk's speed over the
  // run (this machine's synced-write rate moves by a third within minutes)
  // cancels out of both ratios.
  store::StoreStats stats, untreed_stats, second_run;
  std::uint64_t checkpoints_total = 0;
  const std::optional<double> raw_first = run_raw();
  if (!raw_first) return 2;
  const std::optional<double> untreed_first = run_store(false, "without-log-1", &untreed_stats);
  const std::optional<double> tree_first = untreed_first ? run_store(true, "with-log-1", &stats) : std::nullopt;
  checkpoints_total += signed_checkpoints;
  const std::optional<double> tree_second = tree_first ? run_store(true, "with-log-2", &second_run) : std::nullopt;
  checkpoints_total += signed_checkpoints;
  const std::optional<double> untreed_second =
      tree_second ? run_store(false, "without-log-2", &second_run) : std::nullopt;
  const std::optional<double> raw_second = untreed_second ? run_raw() : std::nullopt;
  if (!raw_second) return 2;
  const double store_rate = (*tree_first + *tree_second) / 2;
  const std::optional<double> untreed_rate = (*untreed_first + *untreed_second) / 2;
  const double raw_rate = (*raw_first + *raw_second) / 2;
  std::error_code ec;
  fs::remove_all(root, ec);

  if (failed.load()) {
    fmt::print(stderr, "certreg bench append: a write failed during the run\n");
    return 2;
  }
  const double mean_batch = stats.batches ? static_cast<double>(stats.appended_requests) / stats.batches : 0;
  // The first run with the log: its time is its appends over its rate; what
  // is not spent in the database's write (WAL, sync, memtable) is the gap
  // between one write and the next (answering, the callers' next requests,
  // preparing them).
  const double run_micros = *tree_first > 0 ? static_cast<double>(stats.appended_requests) / *tree_first * 1e6 : 0;
  const double per_write = stats.batches ? static_cast<double>(stats.write_micros) / stats.batches : 0.0;
  const double between = stats.batches ? std::max(0.0, run_micros / stats.batches - per_write) : 0.0;
  fmt::print("store: {} appends in {} synced batches (mean {:.1f}, largest {} per batch; {:.0f} us per write, "
             "{:.0f} us between writes)\n",
             stats.appended_requests, stats.batches, mean_batch, stats.largest_batch, per_write, between);
  fmt::print("CPU per append (first run with the log): {}\nCPU per raw put (first raw run): {}\n",
             DescribeCpu(store_cpu), DescribeCpu(raw_cpu));
  fmt::print("raw rocksdb: {} WAL syncs, {} WAL bytes (two runs: {:.0f} and {:.0f} puts/s)\n", raw_syncs,
             raw_wal_bytes, *raw_first, *raw_second);
  fmt::print("tree: {:.0f} events/s with the Merkle tree and {} checkpoints signed (one a second), {:.0f} without "
             "({} synced batches; mean of two runs each, off-on-on-off); ratio {:.2f}\n",
             store_rate, checkpoints_total, *untreed_rate, untreed_stats.batches,
             *untreed_rate > 0 ? store_rate / *untreed_rate : 0.0);
  fmt::print("append: {:.0f} events/s; raw rocksdb sync puts: {:.0f}/s (mean of the first and last run); "
             "ratio {:.2f}\n",
             store_rate, raw_rate, raw_rate > 0 ? store_rate / raw_rate : 0.0);
  return 0;
}

}  // namespace certreg::tool
