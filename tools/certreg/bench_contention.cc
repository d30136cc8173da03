// `certreg bench contention`: many keep-alive clients writing at once,
// without If-Match, to the same few certificates (a major change reported
// again and again, which a live certificate always allows): every write must
// succeed. Two phases on one server: all clients on one certificate, then
// the same clients spread over several. Prints commands/s and the refusals
// by status; exits 1 when any write was refused.
#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "certreg/app/tokens.h"
#include "certreg/bench_common.h"
#include "certreg/commands.h"
#include "certreg/fixtures/demo_data.h"
#include "certreg/http/server.h"
#include "certreg/scheme/scheme_loader.h"

namespace certreg::tool {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct PhaseResult {
  std::uint64_t acknowledged = 0;
  std::map<std::string, std::uint64_t> refusals;  // by status ("no answer" when none came)
  std::string first_refusal;
  double seconds = 0;
  std::uint64_t appends = 0, batches = 0;  // the store's, during the phase
};

// `clients` clients, client c writing to certificates[c % certificates.size()], for `seconds`.
PhaseResult RunPhase(int port, const std::string& token, const std::vector<std::string>& certificates, int clients,
                     double seconds, const std::string& today, store::EventStore& store) {
  PhaseResult result;
  std::mutex mu;
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> acknowledged{0};
  const store::StoreStats before = store.Stats();
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(60, 0);
      const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
      const std::string path =
          "/api/v1/certificates/" + certificates[static_cast<std::size_t>(c) % certificates.size()] + "/major-change";
      for (std::uint64_t i = 0; !stop.load(std::memory_order_relaxed); ++i) {
        const nlohmann::json body = {{"description", fmt::format("直播间迁址 {}-{}", c, i)}, {"received_on", today}};
        auto res = client.Post(path.c_str(), headers, body.dump(), "application/json");
        if (res && res->status == 200) {
          acknowledged.fetch_add(1, std::memory_order_relaxed);
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        ++result.refusals[res ? std::to_string(res->status) : "no answer"];
        if (result.first_refusal.empty()) {
          result.first_refusal = res ? fmt::format("{} {}", res->status, res->body) : httplib::to_string(res.error());
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop.store(true);
  for (auto& thread : threads) thread.join();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.acknowledged = acknowledged.load();
  const store::StoreStats after = store.Stats();
  result.appends = after.appended_requests - before.appended_requests;
  result.batches = after.batches - before.batches;
  return result;
}

std::uint64_t Refused(const PhaseResult& r) {
  std::uint64_t n = 0;
  for (const auto& [status, count] : r.refusals) n += count;
  return n;
}

void Print(const char* name, int clients, std::size_t certificates, const PhaseResult& r) {
  std::string by_status;
  for (const auto& [status, count] : r.refusals) by_status += fmt::format(" {}: {};", status, count);
  fmt::print("{}: {} clients on {} certificate(s), no If-Match: {} acknowledged in {:.1f} s = {:.0f} commands/s; "
             "{} refused{}\n",
             name, clients, certificates, r.acknowledged, r.seconds,
             r.seconds > 0 ? static_cast<double>(r.acknowledged) / r.seconds : 0.0, Refused(r),
             by_status.empty() ? "" : " (" + by_status.substr(1, by_status.size() - 2) + ")");
  fmt::print("  store: {} appends in {} synced batches (mean {:.1f} per batch)\n", r.appends, r.batches,
             r.batches ? static_cast<double>(r.appends) / static_cast<double>(r.batches) : 0.0);
  if (!r.first_refusal.empty()) fmt::print("  first refusal: {}\n", r.first_refusal);
}

}  // namespace

int RunBenchContention(const BenchContentionArgs& args) {
  const std::optional<fs::path> dir = FreshBenchDir(args.data, "bench-contention", "bench contention");
  if (!dir) return 2;
  std::uint64_t refused = 0;
  {
    store::StoreOptions options;
    options.path = (*dir / "registry").string();
    options.extra_column_families = app::RegistryColumnFamilies();
    auto opened = store::EventStore::Open(options);
    if (!opened.ok()) {
      fmt::print(stderr, "certreg bench contention: {}\n", opened.status().ToString());
      return 2;
    }
    store::EventStore& store = **opened;
    app::Registry service(store, scheme::BuiltInScheme(), domain::WorkingCalendar());
    app::TokenRegistry tokens(store);
    auto token = tokens.Create("clerk", "bench.clerk", 0);
    if (!token.ok()) {
      fmt::print(stderr, "certreg bench contention: {}\n", token.status().ToString());
      return 2;
    }
    spdlog::set_level(spdlog::level::warn);  // no access log lines in a benchmark
    auto numbers = app::IssueDemoCertificates(service, args.certificates);
    if (!numbers.ok()) {
      fmt::print(stderr, "certreg bench contention: seeding: {}\n", numbers.status().ToString());
      return 2;
    }

    http::ServerOptions server_options;
    server_options.port = 0;
    server_options.threads = args.clients + 16;
    server_options.sweep_interval = std::chrono::seconds(0);
    http::Server server(service, tokens, server_options);
    if (Status bound = server.Bind(); !bound.ok()) {
      fmt::print(stderr, "certreg bench contention: {}\n", bound.ToString());
      return 2;
    }
    std::thread serving([&server] { (void)server.Run(); });
    const std::string today = service.Today().ToString();
    const PhaseResult one = RunPhase(server.port(), token->token, {numbers->front()}, args.clients, args.seconds,
                                     today, store);
    Print("one certificate", args.clients, 1, one);
    const PhaseResult spread = RunPhase(server.port(), token->token, *numbers, args.clients, args.seconds, today, store);
    Print("spread", args.clients, numbers->size(), spread);
    refused = Refused(one) + Refused(spread);
    server.Stop();
    serving.join();
    auto verified = store.Verify();
    if (!verified.ok() || !verified->ok) {
      fmt::print(stderr, "certreg bench contention: the log does not verify afterwards\n");
      refused += 1;
    }
  }
  std::error_code ec;
  fs::remove_all(*dir, ec);
  fmt::print("refusals in total: {}\n", refused);
  return refused == 0 ? 0 : 1;
}

}  // namespace certreg::tool
