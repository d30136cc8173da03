// `certreg bench contention`: many keep-alive clients writing at once,
// without If-Match, to the same few certificates (a major change reported
// again and again, which a live certificate always allows), all driven from
// one thread (bench_load.h): every write must succeed. Two phases on one
// server: all clients on one certificate, then the same clients spread over
// several. Prints commands/s and the refusals by status; exits 1 when any
// write was refused.
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <vector>

#include "certreg/bench_common.h"
#include "certreg/bench_load.h"
#include "certreg/bench_server.h"
#include "certreg/commands.h"

namespace certreg::tool {
namespace {

namespace fs = std::filesystem;

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
  const store::StoreStats before = store.Stats();
  std::vector<std::string> paths;
  for (const std::string& number : certificates) paths.push_back("/api/v1/certificates/" + number + "/major-change");
  const LoadReport load = DriveLoad(port, clients, seconds, [&](int c, std::uint64_t i) {
    const std::string body = fmt::format(R"({{"description":"直播间迁址 {}-{}","received_on":"{}"}})", c, i, today);
    return JsonPost(paths[static_cast<std::size_t>(c) % paths.size()], token, body);
  });
  result.seconds = load.seconds;
  result.acknowledged = load.acknowledged;
  result.refusals = load.refusals;
  result.first_refusal = load.first_refusal;
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
    std::unique_ptr<BenchServer> bench =
        BenchServer::Start(*dir, args.certificates, args.clients + 16, "bench contention");
    if (!bench) return 2;
    const std::vector<std::string>& numbers = bench->certificates();
    const std::string today = bench->service().Today().ToString();
    const PhaseResult one = RunPhase(bench->port(), bench->token(), {numbers.front()}, args.clients, args.seconds,
                                     today, bench->store());
    Print("one certificate", args.clients, 1, one);
    const PhaseResult spread =
        RunPhase(bench->port(), bench->token(), numbers, args.clients, args.seconds, today, bench->store());
    Print("spread", args.clients, numbers.size(), spread);
    refused = Refused(one) + Refused(spread);
    bench->Stop();
    auto verified = bench->store().Verify();
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
