// `certreg bench rebuild`: loads the benchmark data set (fixtures/bench_data.h)
// through the service, then times a rebuild of every read model from the log
// against a raw RocksDB scan of the same `events` column family in the same
// run, and the latency of the public queries over the rebuilt tables.
//
// The raw scan is the only place here that talks to RocksDB: it measures
// what the rebuild reads, without decoding anything.
#include <fmt/format.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <vector>

#include "certreg/app/registry.h"
#include "certreg/app/store_row_reader.h"
#include "certreg/bench_common.h"
#include "certreg/bench_scale.h"
#include "certreg/codec/row_codec.h"
#include "certreg/commands.h"
#include "certreg/common/ids.h"
#include "certreg/fixtures/bench_data.h"
#include "certreg/registry.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/query.h"
#include "certreg/scheme/scheme_loader.h"

namespace certreg::tool {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// The store with the service's column families and a service whose today is
// the instant `now` (microseconds since the epoch), frozen for the whole run.
Result<Registry> OpenFrozenRegistry(const std::string& path, bool sync, std::int64_t now) {
  store::StoreOptions options;
  options.path = path;
  options.sync = sync;
  app::RegistryOptions service_options;
  service_options.clock = [now] { return now; };
  return OpenStoreAndService(std::move(options), domain::WorkingCalendar(), std::move(service_options));
}

struct ScanResult {
  std::uint64_t events = 0;
  std::uint64_t bytes = 0;
  double seconds = 0;
  double cpu_seconds = 0;
  double rate() const { return seconds > 0 ? static_cast<double>(events) / seconds : 0; }
};

// Every key and value of the `events` column family (README, "Key layout"),
// in key order, through a read-only RocksDB handle (it works beside the open
// store), with the read options of the store's log scan (EventStore::ScanLog).
Result<ScanResult> RawScanEvents(const std::string& path) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {"events", rocksdb::ColumnFamilyOptions()}};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), path, families, &handles, &raw);
  if (!s.ok()) return Status::IOError("raw RocksDB: " + s.ToString());
  std::unique_ptr<rocksdb::DB> db(raw);
  ScanResult result;
  const auto start = Clock::now();
  const double cpu_start = ProcessCpuSeconds();
  {
    rocksdb::ReadOptions read;
    read.fill_cache = false;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(read, handles[1]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++result.events;
      result.bytes += it->key().size() + it->value().size();
    }
    s = it->status();
  }
  result.seconds = SecondsSince(start);
  result.cpu_seconds = ProcessCpuSeconds() - cpu_start;
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
  db->Close().PermitUncheckedError();
  if (!s.ok()) return Status::IOError("raw RocksDB scan: " + s.ToString());
  return result;
}

// Percentile p (0..100) of `micros`, nearest rank.
double Percentile(std::vector<double> micros, double p) {
  if (micros.empty()) return 0;
  std::sort(micros.begin(), micros.end());
  const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(micros.size() - 1) + 0.5);
  return micros[std::min(rank, micros.size() - 1)];
}

// Times `query(i)` for i in [0, count); returns the latencies in microseconds,
// or the first error.
template <typename Query>
Result<std::vector<double>> TimeQueries(std::size_t count, Query query) {
  std::vector<double> micros;
  micros.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto start = Clock::now();
    Status status = query(i);
    micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    if (!status.ok()) return status;
  }
  return micros;
}

// What the rebuilt tables hold: the certificates (for the query sample) and
// the work-queue stages.
struct Tables {
  std::vector<projections::CertificateRow> certificates;
  std::map<std::string, std::size_t> by_stage, by_status;
};

// Decodes every row of the column family `cf` with `decode` and hands it to
// `use`, in key order, 10'000 rows a scan.
template <typename Decode, typename Use>
Status ForEachRow(const store::EventStore& store, const std::string& cf, Decode decode, Use use) {
  for (std::string from;;) {
    auto rows = store.ScanExtra(cf, from, 10'000);
    if (!rows.ok()) return rows.status();
    for (const auto& [key, value] : *rows) {
      auto row = decode(value);
      if (!row.ok()) return row.status();
      use(std::move(row).value());
    }
    if (rows->size() < 10'000) return Status();  // ok
    from = rows->back().first + std::string(1, '\0');
  }
}

Result<Tables> ReadTables(const store::EventStore& store) {
  Tables t;
  Status read = ForEachRow(store, projections::kCertificatesCf, codec::DecodeCertificateRow,
                           [&](projections::CertificateRow row) {
                             ++t.by_status[std::string(domain::ToWire(row.status))];
                             t.certificates.push_back(std::move(row));
                           });
  if (!read.ok()) return read;
  read = ForEachRow(store, projections::kWorkQueueCf, codec::DecodeWorkQueueRow,
                    [&](const projections::WorkQueueRow& row) { ++t.by_stage[std::string(domain::ToWire(row.stage))]; });
  if (!read.ok()) return read;
  return t;
}

// Public searches: six in ten a fragment of one to four code points of a
// holder's current name (without the legal form 有限公司, which every
// company has), two in ten a USCC, two in ten a certificate number.
// `fragments` says which are name fragments (platforms.md §4 bounds their p99).
std::vector<std::string> SearchSample(const std::vector<projections::CertificateRow>& rows, std::size_t count,
                                      std::vector<bool>& fragments) {
  static const std::string kLegalForm = "有限公司";
  std::mt19937_64 rng(525);
  std::vector<std::string> out;
  while (out.size() < count) {
    const projections::CertificateRow& row = rows[rng() % rows.size()];
    const int kind = static_cast<int>(rng() % 10);
    if (kind < 6) {
      std::string name = row.holder_name;
      if (name.size() > kLegalForm.size() && name.ends_with(kLegalForm)) name.resize(name.size() - kLegalForm.size());
      const std::vector<std::string> points = projections::CodePoints(name);
      const std::size_t length = std::min<std::size_t>(points.size(), 1 + rng() % 4);
      const std::size_t first = rng() % (points.size() - length + 1);
      std::string q;
      for (std::size_t i = first; i < first + length; ++i) q += points[i];
      out.push_back(q);
      fragments.push_back(true);
      continue;
    }
    out.push_back(kind < 8 && !row.uscc.empty() ? row.uscc : row.number);
    fragments.push_back(false);
  }
  return out;
}

}  // namespace

int RunBenchRebuild(const BenchRebuildArgs& args) {
  const bool reuse = !args.reuse.empty();
  const fs::path root = reuse ? fs::path(args.reuse) : fs::path(args.data) / ("bench-rebuild-" + RandomHex(4));
  const bool remove = !reuse && !args.keep;
  std::error_code ec;
  if (!reuse) fs::create_directories(root, ec);
  if (ec) {
    fmt::print(stderr, "certreg bench rebuild: cannot create {}: {}\n", root.string(), ec.message());
    return 2;
  }
  const std::string path = reuse ? root.string() : (root / "store").string();
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto fail = [&](const std::string& what, const Status& status) {
    fmt::print(stderr, "certreg bench rebuild: {}: {}\n", what, status.ToString());
    if (remove) fs::remove_all(root, ec);
    return 2;
  };

  // 1. The log, through the service from many threads. Unsynced: what is
  // measured is the rebuild, and the bytes written are the same.
  if (!reuse) {
    auto registry = OpenFrozenRegistry(path, /*sync=*/false, now);
    if (!registry.ok()) return fail("opening the store", registry.status());
    fmt::print("loading at least {} files and {} events into {} from {} threads (today {})\n", args.files,
               args.min_events, path, args.threads, registry->service->Today().ToString());
    std::fflush(stdout);
    app::BenchDataOptions options;
    options.files = args.files;
    options.min_events = args.min_events;
    options.threads = args.threads;
    const auto start = Clock::now();
    const std::size_t every = std::max<std::size_t>(1000, args.files / 20 / 1000 * 1000);
    options.progress = [&](std::size_t files, std::uint64_t events) {
      if (files % every != 0) return;
      fmt::print("  {} files, {} events, {:.1f} s\n", files, events, SecondsSince(start));
      std::fflush(stdout);
    };
    auto loaded = app::LoadBenchData(*registry->service, options);
    if (!loaded.ok()) return fail("loading", loaded.status());
    const double seconds = SecondsSince(start);
    fmt::print("load: {} files, {} events, {} commands in {:.1f} s ({:.0f} events/s, {:.0f} commands/s)\n",
               loaded->files, loaded->events, loaded->commands, seconds, loaded->events / seconds,
               loaded->commands / seconds);
    std::fflush(stdout);
  }

  if (args.scale) {
    auto disk = MeasureDiskUse(path);
    if (!disk.ok()) return fail("measuring the disk", disk.status());
    auto head = OpenFrozenRegistry(path, /*sync=*/true, now);
    if (!head.ok()) return fail("opening the store", head.status());
    const std::uint64_t events = head->service->Head().size;
    head->service.reset();
    head->store.reset();
    PrintDiskUse(*disk, events);
  }

  // 2. Reopened as the registry opens it; the raw scan before and after the
  // rebuild, the faster one counts.
  auto registry = OpenFrozenRegistry(path, /*sync=*/true, now);
  if (!registry.ok()) return fail("reopening the store", registry.status());
  if (registry->service->Head().size == 0) return fail("benchmarking", Status::NotFound(path + " holds no events"));
  auto caught_up = registry->service->CatchUpReadModels();
  if (!caught_up.ok()) return fail("catching up", caught_up.status());
  const ProcessMemory opened_memory = ReadProcessMemory();
  auto scan_before = RawScanEvents(path);
  if (!scan_before.ok()) return fail("raw scan", scan_before.status());

  const auto start = Clock::now();
  const double cpu_start = ProcessCpuSeconds();
  auto rebuilt = registry->service->RebuildReadModels();
  const double rebuild_seconds = SecondsSince(start);
  const double rebuild_cpu = ProcessCpuSeconds() - cpu_start;
  if (!rebuilt.ok()) return fail("rebuild", rebuilt.status());

  auto scan_after = RawScanEvents(path);
  if (!scan_after.ok()) return fail("raw scan", scan_after.status());
  const ScanResult& scan = scan_before->rate() >= scan_after->rate() ? *scan_before : *scan_after;
  const double rebuild_rate = static_cast<double>(rebuilt->events) / rebuild_seconds;

  // 3. The tables, and the queries over them.
  auto tables = ReadTables(*registry->store);
  if (!tables.ok()) return fail("reading the tables", tables.status());
  fmt::print("files by stage:");
  for (const auto& [stage, count] : tables->by_stage) fmt::print(" {} {}", stage, count);
  fmt::print("\ncertificates by status:");
  for (const auto& [status, count] : tables->by_status) fmt::print(" {} {}", status, count);
  fmt::print("\n");
  fmt::print("rebuild: {} events in {:.2f} s = {:.0f} events/s ({} files, {} rows; {:.2f} s of CPU)\n",
             rebuilt->events, rebuild_seconds, rebuild_rate, rebuilt->files, rebuilt->rows, rebuild_cpu);
  fmt::print("raw scan: {} events in {:.2f} s = {:.0f} events/s ({:.1f} MB; {:.2f} s of CPU; before the rebuild {:.0f}/s, "
             "after {:.0f}/s)\n",
             scan.events, scan.seconds, scan.rate(), static_cast<double>(scan.bytes) / 1e6, scan.cpu_seconds,
             scan_before->rate(), scan_after->rate());
  fmt::print("identical: {}\n", rebuilt->identical ? "yes" : "no");

  if (!tables->certificates.empty() && args.queries > 0) {
    const app::StoreRowReader reader(*registry->store);
    std::vector<bool> fragments;
    const std::vector<std::string> searches = SearchSample(tables->certificates, args.queries, fragments);
    std::uint64_t hits = 0;
    auto search = TimeQueries(searches.size(), [&](std::size_t i) {
      projections::SearchQuery query;
      query.q = searches[i];
      auto page = projections::Search(reader, query);
      if (!page.ok()) return page.status();
      hits += page->total;
      return Status::Ok();
    });
    if (!search.ok()) return fail("search", search.status());
    std::mt19937_64 rng(1);
    auto lookup = TimeQueries(args.queries, [&](std::size_t) {
      const std::string& number = tables->certificates[rng() % tables->certificates.size()].number;
      return projections::CertificateByNumber(reader, number).status();
    });
    if (!lookup.ok()) return fail("lookup", lookup.status());
    fmt::print("public search: {} queries ({:.1f} matches each on average), p50 {:.0f} us, p99 {:.0f} us\n",
               searches.size(), static_cast<double>(hits) / static_cast<double>(searches.size()),
               Percentile(*search, 50), Percentile(*search, 99));
    fmt::print("lookup by number: {} lookups, p50 {:.0f} us, p99 {:.0f} us\n", args.queries, Percentile(*lookup, 50),
               Percentile(*lookup, 99));
    std::vector<double> by_fragment;
    for (std::size_t i = 0; i < searches.size(); ++i) {
      if (fragments[i]) by_fragment.push_back((*search)[i]);
    }
    const double fragment_p99 = Percentile(by_fragment, 99);
    const double lookup_p99 = Percentile(*lookup, 99);
    fmt::print("public search of name fragments (1 to 4 characters): {} queries, p50 {:.0f} us, p99 {:.0f} us "
               "(bound 5000 us) = {:.1f} x the lookup's p99\n",
               by_fragment.size(), Percentile(by_fragment, 50), fragment_p99,
               lookup_p99 > 0 ? fragment_p99 / lookup_p99 : 0.0);
  }
  if (args.scale) {
    const ProcessMemory memory = ReadProcessMemory();
    fmt::print("memory: resident {:.0f} MB once open, {:.0f} MB after the rebuild and the queries; peak {:.0f} MB\n",
               static_cast<double>(opened_memory.resident_bytes) / 1e6, static_cast<double>(memory.resident_bytes) / 1e6,
               static_cast<double>(memory.peak_resident_bytes) / 1e6);
    std::vector<std::string> live_files;
    for (const projections::CertificateRow& row : tables->certificates) {
      if (row.status == domain::CertificateStatus::kValid) live_files.push_back(row.file_id);
    }
    const SyncedCommands commands = RunSyncedCommands(*registry->service, live_files, args.writers, args.seconds);
    if (commands.failures > 0) return fail("synced commands", Status::Rejected(commands.first_failure));
    auto raw = RawSyncedPuts(root / "raw-synced-puts", args.writers, args.seconds, 1024);
    if (!raw.ok()) return fail("raw synced puts", raw.status());
    fmt::print("synced commands on the loaded store ({} writers, random live certificates): {} in {:.1f} s = {:.0f}/s "
               "({} events); raw rocksdb synced puts ({} threads, 1 KB): {:.0f}/s; ratio {:.2f}\n",
               args.writers, commands.commands, commands.seconds, commands.rate(), commands.events, args.writers, *raw,
               *raw > 0 ? commands.rate() / *raw : 0.0);
  }
  registry->service.reset();  // closed before its directory goes
  registry->store.reset();
  if (remove) {
    fs::remove_all(root, ec);
  } else if (!reuse) {
    fmt::print("kept {} (--reuse it)\n", path);
  }
  fmt::print("ratio R = {:.2f}\n", scan.rate() > 0 ? rebuild_rate / scan.rate() : 0.0);
  return rebuilt->identical ? 0 : 1;
}

}  // namespace certreg::tool
