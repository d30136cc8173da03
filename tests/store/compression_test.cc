// How the events column family is kept on disk (store/rocks_options.h): the
// store flushes its events in LZ4 blocks and compacts them into zstd blocks
// with a dictionary at the last level, and a store whose events were written
// in snappy blocks (every store before #16) opens, reads and verifies as
// before, and takes new appends.
#include <rocksdb/table_properties.h>

#include <catch2/catch.hpp>

#include <set>

#include "store/rocks_options.h"
#include "support/raw_db.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"

namespace certreg::testing {
namespace {

using namespace certreg::store;

constexpr int kRequests = 400;
constexpr int kEventsPerRequest = 5;

// Appends enough ~1 KB events to a store with the smallest memory budget
// (1 MiB memtables) that the events family is flushed to table files.
void FillStore(const std::string& path) {
  StoreOptions options;
  options.path = path;
  options.memory_budget_bytes = 0;  // raised to the 16 MiB floor
  auto opened = EventStore::Open(options);
  REQUIRE(opened.ok());
  for (int i = 0; i < kRequests; ++i) {
    AppendRequest request = ProbeAppend("s" + std::to_string(i), ExpectedVersion::NoStream(), "n");
    request.events.clear();
    for (int e = 0; e < kEventsPerRequest; ++e) request.events.push_back(ProbeEvent("e", 1000));
    REQUIRE((*opened)->AppendToStream(std::move(request)).ok());
  }
}

// The compression names of the events family's table files.
std::multiset<std::string> EventsCompression(RawDb& raw) {
  rocksdb::TablePropertiesCollection tables;
  REQUIRE(raw.db()->GetPropertiesOfAllTables(raw.cf("events"), &tables).ok());
  std::multiset<std::string> names;
  for (const auto& [file, properties] : tables) names.insert(properties->compression_name);
  return names;
}

// Compacts every events table file into the last level as the store's own
// compaction would: the database opened with the store's options.
void CompactEventsAsTheStore(const std::string& path) {
  StoreOptions store_options;
  store_options.memory_budget_bytes = 0;
  const RocksOptions rocks = MakeRocksOptions(store_options, nullptr);
  std::vector<std::string> names;
  REQUIRE(rocksdb::DB::ListColumnFamilies(rocks.db, path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : names) descriptors.emplace_back(name, rocks.ForFamily(name));
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  REQUIRE(rocksdb::DB::Open(rocks.db, path, descriptors, &handles, &db).ok());
  rocksdb::CompactRangeOptions to_last_level;
  to_last_level.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "events") CHECK(db->CompactRange(to_last_level, handles[i], nullptr, nullptr).ok());
  }
  for (auto* handle : handles) CHECK(db->DestroyColumnFamilyHandle(handle).ok());
  CHECK(db->Close().ok());
  delete db;
}

TEST_CASE("the store flushes its events in LZ4 blocks and keeps them in zstd blocks with a dictionary",
          "[store][compression]") {
  TempDir dir;
  FillStore(dir.path());
  {
    RawDb raw(dir.path());
    REQUIRE(raw.ok());
    const std::multiset<std::string> names = EventsCompression(raw);
    REQUIRE_FALSE(names.empty());
    CHECK(names.count("LZ4") == names.size());  // flushed, not yet compacted
  }
  CompactEventsAsTheStore(dir.path());
  RawDb raw(dir.path());
  REQUIRE(raw.ok());
  const std::multiset<std::string> names = EventsCompression(raw);
  REQUIRE_FALSE(names.empty());
  CHECK(names.count("ZSTD") == names.size());
  rocksdb::TablePropertiesCollection tables;
  REQUIRE(raw.db()->GetPropertiesOfAllTables(raw.cf("events"), &tables).ok());
  for (const auto& [file, properties] : tables) {
    INFO(file << ": " << properties->compression_options);
    CHECK_THAT(properties->compression_options, Catch::Contains("max_dict_bytes=16384"));
  }
}

TEST_CASE("a store whose events were written in snappy blocks reads, verifies and appends as before",
          "[store][compression]") {
  TempDir dir;
  FillStore(dir.path());
  {
    // Rewrites every events table file as a store before zstd wrote it.
    RawDb raw(dir.path());
    REQUIRE(raw.ok());
    rocksdb::CompactRangeOptions rewrite;
    rewrite.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
    REQUIRE(raw.db()->CompactRange(rewrite, raw.cf("events"), nullptr, nullptr).ok());
    const std::multiset<std::string> names = EventsCompression(raw);
    REQUIRE_FALSE(names.empty());
    CHECK(names.count("Snappy") == names.size());
  }
  auto store = OpenStore(dir.path());
  REQUIRE(store);
  const std::uint64_t total = kRequests * kEventsPerRequest;
  CHECK(store->Head().size == total);
  auto all = store->ReadAll(0, total + 1);
  REQUIRE(all.ok());
  CHECK(all->size() == total);
  auto stream = store->ReadStream("s7", 1, 100);
  REQUIRE(stream.ok());
  CHECK(stream->size() == kEventsPerRequest);
  REQUIRE(store->AppendToStream(ProbeAppend("s7", ExpectedVersion::Exactly(kEventsPerRequest), "later")).ok());
  auto report = store->Verify();
  REQUIRE(report.ok());
  CHECK(report->ok);
  CHECK(report->checked == total + 1);
}

}  // namespace
}  // namespace certreg::testing
