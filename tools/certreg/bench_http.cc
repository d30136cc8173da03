// `certreg bench http-commands`: durable commands over HTTP from many
// keep-alive clients driven by one thread (bench_load.h), on as many
// certificates or on a few (certificate changes, each acknowledged only after its
// synced batch), against raw RocksDB synced puts from one thread, and against
// the same run without the verifiable log (no Merkle tree, no checkpoints),
// measured one after the other in the same process on the same disk.
#include <fmt/format.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <vector>

#include "certreg/bench_common.h"
#include "certreg/bench_load.h"
#include "certreg/bench_server.h"
#include "certreg/commands.h"

namespace certreg::tool {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

}  // namespace

int RunBenchHttpCommands(const BenchHttpArgs& args) {
  const std::optional<fs::path> dir = FreshBenchDir(args.data, "bench-http", "bench http-commands");
  if (!dir) return 2;
  const fs::path& root = *dir;
  // One phase: a server over a fresh store, `args.clients` clients (one
  // keep-alive connection each, all driven from this thread) changing the
  // address of certificate c % certificates one command after another.
  const int certificates = args.certificates > 0 ? args.certificates : args.clients;
  struct Phase {
    std::uint64_t commands = 0, failures = 0;
    double seconds = 0;
    double cpu_seconds = 0;  // the whole process's (server and clients) during the run
    std::map<std::string, double> thread_cpu_seconds;  // by thread name, during the run
    std::string first_failure;
    double rate() const { return seconds > 0 ? static_cast<double>(commands) / seconds : 0; }
  };
  auto run_phase = [&](bool verifiable_log, const char* name) -> std::optional<Phase> {
    Phase phase;
    std::unique_ptr<BenchServer> bench =
        BenchServer::Start(root / name, certificates, args.clients + 16, "bench http-commands", verifiable_log);
    if (!bench) return std::nullopt;
    const std::vector<std::string>& numbers = bench->certificates();
    const std::string& token = bench->token();
    std::vector<std::string> paths;
    for (const std::string& number : numbers) paths.push_back("/api/v1/certificates/" + number + "/changes");
    const double cpu_start = ProcessCpuSeconds();
    const std::map<std::string, double> threads_start = ThreadCpuSecondsByName();
    const LoadReport load = DriveLoad(bench->port(), args.clients, args.seconds, [&](int c, std::uint64_t i) {
      const std::string body =
          fmt::format(R"({{"address":"浙江省杭州市余杭区文一西路{}号{}室","reason":"经营地址变更","approver":"chen.jie"}})",
                      c, i);
      return JsonPost(paths[static_cast<std::size_t>(c) % paths.size()], token, body);
    });
    phase.cpu_seconds = ProcessCpuSeconds() - cpu_start;
    phase.thread_cpu_seconds = ThreadCpuSecondsSince(threads_start);
    phase.seconds = load.seconds;
    phase.commands = load.acknowledged;
    for (const auto& [status, count] : load.refusals) phase.failures += count;
    phase.first_failure = load.first_refusal;
    bench->Stop();
    const store::StoreStats stats = bench->store().Stats();
    fmt::print("store{}: {} appends in {} synced batches (mean {:.1f} per batch)\n",
               verifiable_log ? "" : " (no tree, no checkpoints)", stats.appended_requests, stats.batches,
               stats.batches ? static_cast<double>(stats.appended_requests) / stats.batches : 0.0);
    return phase;
  };
  // Raw synced puts from one thread, into a fresh database each time.
  int raw_runs = 0;
  auto run_raw = [&]() -> std::optional<double> {
    std::unique_ptr<rocksdb::DB> db =
        OpenRawBaseline(rocksdb::Options(), root / fmt::format("raw-{}", ++raw_runs), "bench http-commands");
    if (!db) return std::nullopt;
    rocksdb::WriteOptions sync;
    sync.sync = true;
    const std::string value(1200, 'y');  // about one change command's events and rows
    std::uint64_t puts = 0;
    const auto start = Clock::now();
    const auto until = start + std::chrono::duration<double>(args.seconds);
    while (Clock::now() < until) {
      if (!db->Put(sync, fmt::format("raw/{}", puts), value).ok()) break;
      ++puts;
    }
    const double rate = static_cast<double>(puts) / std::chrono::duration<double>(Clock::now() - start).count();
    db->Close().PermitUncheckedError();
    return rate;
  };
  // Raw, the verifiable log off, on, raw: the baseline brackets the server's
  // runs, so that a drift of the disk's synced-write rate over the run (a
  // third within minutes on this machine) cancels out of the ratio. The log
  // off then on (README, "The verifiable log: checkpoints"): what it costs.
  const std::optional<double> raw_first = run_raw();
  if (!raw_first) return 2;
  const std::optional<Phase> without = run_phase(false, "without-log");
  if (!without) return 2;
  const std::optional<Phase> with = run_phase(true, "with-log");
  if (!with) return 2;
  const std::optional<double> raw_second = run_raw();
  if (!raw_second) return 2;
  const double raw_rate = (*raw_first + *raw_second) / 2;
  std::error_code ec;
  fs::remove_all(root, ec);

  const double rate = with->rate();
  const std::uint64_t failures = with->failures + without->failures;
  const std::string first_failure = with->first_failure.empty() ? without->first_failure : with->first_failure;
  fmt::print("http commands: {} acknowledged in {:.1f} s from {} clients on {} certificates, {} failed{}\n",
             with->commands, with->seconds, args.clients, certificates, failures, first_failure.empty() ? "" : " (first: " + first_failure + ")");
  fmt::print("verifiable log: {:.0f} commands/s with the tree and a checkpoint a second, {:.0f} without; "
             "ratio {:.2f}\n",
             rate, without->rate(), without->rate() > 0 ? rate / without->rate() : 0.0);
  const auto cpu_per_command = [](const Phase& phase) {
    return phase.commands ? phase.cpu_seconds / static_cast<double>(phase.commands) * 1e6 : 0.0;
  };
  fmt::print("CPU per command (this process: server and clients, all threads): {:.0f} µs with the log, "
             "{:.0f} µs without\n",
             cpu_per_command(*with), cpu_per_command(*without));
  std::string by_thread;
  for (const auto& [name, seconds] : with->thread_cpu_seconds) {
    const double micros = with->commands ? seconds / static_cast<double>(with->commands) * 1e6 : 0.0;
    if (micros >= 0.5) by_thread += fmt::format("{}{} {:.1f}", by_thread.empty() ? "" : ", ", name, micros);
  }
  fmt::print("  by thread (µs per command, with the log; the clients and raw puts are \"certreg\"): {}\n", by_thread);
  fmt::print("raw rocksdb synced puts (1 thread): {:.0f}/s before the server's runs, {:.0f}/s after\n", *raw_first,
             *raw_second);
  fmt::print("durable commands over HTTP: {:.0f}/s; raw rocksdb synced puts (1 thread): {:.0f}/s; ratio {:.2f}\n",
             rate, raw_rate, raw_rate > 0 ? rate / raw_rate : 0.0);
  return failures == 0 ? 0 : 1;
}

}  // namespace certreg::tool
