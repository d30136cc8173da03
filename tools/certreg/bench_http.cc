// `certreg bench http-commands`: durable commands over HTTP from many
// keep-alive clients (certificate changes, each acknowledged only after its
// synced batch), against raw RocksDB synced puts from one thread, measured
// one after the other in the same process on the same disk.
#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <rocksdb/db.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
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
  std::uint64_t commands = 0, failures = 0;
  double seconds = 0;
  std::string first_failure;
  {
    std::unique_ptr<BenchServer> bench = BenchServer::Start(root, args.clients, args.clients + 16, "bench http-commands");
    if (!bench) return 2;
    const std::vector<std::string>& numbers = bench->certificates();
    const std::string& token = bench->token();

    // Each client changes its own certificate's address, one command after
    // another on one keep-alive connection.
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
            if (first_failure.empty()) {
              first_failure = res ? fmt::format("{} {}", res->status, res->body) : httplib::to_string(res.error());
            }
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(args.seconds));
    stop.store(true);
    for (auto& client : clients) client.join();
    seconds = std::chrono::duration<double>(Clock::now() - start).count();
    commands = done.load();
    failures = failed.load();
    bench->Stop();
    const store::StoreStats stats = bench->store().Stats();
    fmt::print("store: {} appends in {} synced batches (mean {:.1f} per batch)\n", stats.appended_requests,
               stats.batches, stats.batches ? static_cast<double>(stats.appended_requests) / stats.batches : 0.0);
  }

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

  const double rate = seconds > 0 ? static_cast<double>(commands) / seconds : 0;
  fmt::print("http commands: {} acknowledged in {:.1f} s from {} clients, {} failed{}\n", commands, seconds,
             args.clients, failures, first_failure.empty() ? "" : " (first: " + first_failure + ")");
  fmt::print("durable commands over HTTP: {:.0f}/s; raw rocksdb synced puts (1 thread): {:.0f}/s; ratio {:.2f}\n",
             rate, raw_rate, raw_rate > 0 ? rate / raw_rate : 0.0);
  return failures == 0 ? 0 : 1;
}

}  // namespace certreg::tool
