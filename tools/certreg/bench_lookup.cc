// `certreg bench lookup`: the bulk lookup of platforms.md §2 (1,000 inputs in
// one POST /public/v1/certificates/lookup, to answer within 50 ms on the demo
// data) against the same inputs looked up one GET /public/v1/certificates/{no}
// at a time on one keep-alive connection, measured in the same run on the same
// server. Prints the median bulk time of --rounds rounds, the single lookups'
// total and the ratio; exit 0 when every answer was 200, 1 otherwise, 2 when
// the benchmark cannot run.
#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "certreg/bench_common.h"
#include "certreg/bench_server.h"
#include "certreg/commands.h"
#include "certreg/fixtures/demo_data.h"
#include "certreg/projections/query.h"

namespace certreg::tool {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int RunBenchLookup(const BenchLookupArgs& args) {
  const char* command = "bench lookup";
  const std::optional<fs::path> dir = FreshBenchDir(args.data, "bench-lookup", command);
  if (!dir) return 2;
  std::unique_ptr<BenchServer> bench = BenchServer::Start(*dir, 0, 4, command);
  if (!bench) return 2;
  auto loaded = app::LoadDemo(bench->service());
  if (!loaded.ok()) {
    fmt::print(stderr, "certreg {}: loading the demo data: {}\n", command, loaded.status().ToString());
    return 2;
  }
  // The demo's certificates: their numbers, and their holders' USCCs.
  projections::SearchQuery all;
  all.page_size = projections::kMaxExportPageSize;
  auto found = bench->service().Search(all);
  if (!found.ok() || found->items.empty()) {
    fmt::print(stderr, "certreg {}: the demo data has no certificates to look up\n", command);
    return 2;
  }
  std::vector<std::string> numbers, usccs;
  for (const auto& row : found->items) {
    numbers.push_back(row.number);
    if (!row.uscc.empty()) usccs.push_back(row.uscc);
  }
  // 1,000 inputs: four in five numbers (one in ten of them unknown), one in five USCCs.
  nlohmann::json body = {{"numbers", nlohmann::json::array()}, {"usccs", nlohmann::json::array()}};
  std::vector<std::string> paths;  // the single lookups of the same numbers
  for (int i = 0; i < args.inputs; ++i) {
    if (i % 5 == 4 && !usccs.empty()) {
      body["usccs"].push_back(usccs[static_cast<std::size_t>(i) % usccs.size()]);
      continue;
    }
    const std::string number = i % 10 == 3 ? fmt::format("CMM-525-2099-{:05}", i)
                                           : numbers[static_cast<std::size_t>(i) % numbers.size()];
    body["numbers"].push_back(number);
    paths.push_back("/public/v1/certificates/" + number);
  }
  const std::string text = body.dump();

  httplib::Client client("127.0.0.1", bench->port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  int failures = 0;
  std::string first_failure;
  std::size_t items = 0;
  std::vector<double> bulk;
  for (int round = 0; round < args.rounds; ++round) {
    const auto start = Clock::now();
    auto res = client.Post("/public/v1/certificates/lookup", text, "application/json");
    bulk.push_back(MillisecondsSince(start));
    if (!res || res->status != 200) {
      ++failures;
      if (first_failure.empty()) first_failure = res ? fmt::format("{} {}", res->status, res->body) : "no answer";
      continue;
    }
    items = nlohmann::json::parse(res->body)["items"].size();
  }
  double singles = 0;
  {
    const auto start = Clock::now();
    for (const std::string& path : paths) {
      auto res = client.Get(path);
      if (!res || (res->status != 200 && res->status != 404)) {
        ++failures;
        if (first_failure.empty()) first_failure = res ? fmt::format("{} {}", res->status, res->body) : "no answer";
      }
    }
    singles = MillisecondsSince(start);
  }
  bench->Stop();
  std::error_code ec;
  fs::remove_all(*dir, ec);

  std::sort(bulk.begin(), bulk.end());
  const double median = bulk[bulk.size() / 2];
  fmt::print("demo data: {} certificates; {} inputs ({} numbers, {} usccs) answered by {} items\n",
             numbers.size(), args.inputs, body["numbers"].size(), body["usccs"].size(), items);
  if (failures > 0) fmt::print("{} requests failed (first: {})\n", failures, first_failure);
  fmt::print("bulk lookup: {} inputs in {:.2f} ms (median of {} rounds, fastest {:.2f} ms); {} single GET lookups: "
             "{:.2f} ms; ratio {:.2f}\n",
             args.inputs, median, bulk.size(), bulk.front(), paths.size(), singles, median > 0 ? singles / median : 0.0);
  return failures == 0 ? 0 : 1;
}

}  // namespace certreg::tool
