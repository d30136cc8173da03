// `certreg bench http-commands`: durable commands over HTTP from many
// keep-alive clients (certificate changes, each acknowledged only after its
// synced batch), against raw RocksDB synced puts from one thread, and against
// the same run without the verifiable log (no Merkle tree, no checkpoints),
// measured one after the other in the same process on the same disk.
#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <rocksdb/db.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "certreg/bench_common.h"
#include "certreg/bench_server.h"
#include "certreg/commands.h"
#include "certreg/common/ids.h"

namespace certreg::tool {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

}  // namespace

int RunBenchHttpCommands(const BenchHttpArgs& args) {
  const std::optional<fs::path> dir = FreshBenchDir(args.data, "bench-http", "bench http-commands");
  if (!dir) return 2;
  const fs::path& root = *dir;
  // One phase: a server over a fresh store, `args.clients` clients changing
  // their own certificate's address one command after another on one
  // keep-alive connection each.
  struct Phase {
    std::uint64_t commands = 0, failures = 0;
    double seconds = 0;
    std::string first_failure;
    double rate() const { return seconds > 0 ? static_cast<double>(commands) / seconds : 0; }
  };
  auto run_phase = [&](bool verifiable_log, const char* name) -> std::optional<Phase> {
    Phase phase;
    std::unique_ptr<BenchServer> bench =
        BenchServer::Start(root / name, args.clients, args.clients + 16, "bench http-commands", verifiable_log);
    if (!bench) return std::nullopt;
    const std::vector<std::string>& numbers = bench->certificates();
    const std::string& token = bench->token();
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> done{0}, failed{0};
    std::mutex failure_mu;
    std::vector<std::thread> clients;
    const auto start = Clock::now();
    for (int c = 0; c < args.clients; ++c) {
      clients.emplace_back([&, c] {
        httplib::Client client("127.0.0.1", bench->port());
        client.set_keep_alive(true);
        client.set_tcp_nodelay(true);
        const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
        const std::string path = "/api/v1/certificates/" + numbers[static_cast<std::size_t>(c)] + "/changes";
        for (std::uint64_t i = 0; !stop.load(std::memory_order_relaxed); ++i) {
          const nlohmann::json body = {{"address", fmt::format("浙江省杭州市余杭区文一西路{}号{}室", c, i)},
                                       {"reason", "经营地址变更"},
                                       {"approver", "chen.jie"}};
          auto res = client.Post(path.c_str(), headers, body.dump(), "application/json");
          if (res && res->status == 200) {
            done.fetch_add(1, std::memory_order_relaxed);
          } else {
            failed.fetch_add(1, std::memory_order_relaxed);
            std::lock_guard<std::mutex> lock(failure_mu);
            if (phase.first_failure.empty()) {
              phase.first_failure = res ? fmt::format("{} {}", res->status, res->body) : httplib::to_string(res.error());
            }
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(args.seconds));
    stop.store(true);
    for (auto& client : clients) client.join();
    phase.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    phase.commands = done.load();
    phase.failures = failed.load();
    bench->Stop();
    const store::StoreStats stats = bench->store().Stats();
    fmt::print("store{}: {} appends in {} synced batches (mean {:.1f} per batch)\n",
               verifiable_log ? "" : " (no tree, no checkpoints)", stats.appended_requests, stats.batches,
               stats.batches ? static_cast<double>(stats.appended_requests) / stats.batches : 0.0);
    return phase;
  };
  // The verifiable log off first, then on (README, "The verifiable log: checkpoints"): what it costs.
  const std::optional<Phase> without = run_phase(false, "without-log");
  if (!without) return 2;
  const std::optional<Phase> with = run_phase(true, "with-log");
  if (!with) return 2;

  double raw_rate = 0;
  {
    std::unique_ptr<rocksdb::DB> db = OpenRawBaseline(rocksdb::Options(), root / "raw", "bench http-commands");
    if (!db) return 2;
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
    raw_rate = static_cast<double>(puts) / std::chrono::duration<double>(Clock::now() - start).count();
    db->Close().PermitUncheckedError();
  }
  std::error_code ec;
  fs::remove_all(root, ec);

  const double rate = with->rate();
  const std::uint64_t failures = with->failures + without->failures;
  const std::string first_failure = with->first_failure.empty() ? without->first_failure : with->first_failure;
  fmt::print("http commands: {} acknowledged in {:.1f} s from {} clients, {} failed{}\n", with->commands,
             with->seconds, args.clients, failures, first_failure.empty() ? "" : " (first: " + first_failure + ")");
  fmt::print("verifiable log: {:.0f} commands/s with the tree and a checkpoint a second, {:.0f} without; "
             "ratio {:.2f}\n",
             rate, without->rate(), without->rate() > 0 ? rate / without->rate() : 0.0);
  fmt::print("durable commands over HTTP: {:.0f}/s; raw rocksdb synced puts (1 thread): {:.0f}/s; ratio {:.2f}\n",
             rate, raw_rate, raw_rate > 0 ? rate / raw_rate : 0.0);
  return failures == 0 ? 0 : 1;
}

}  // namespace certreg::tool
