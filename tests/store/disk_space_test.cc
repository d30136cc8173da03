// The store on a full disk: the reserve refuses appends before anything is
// written, the store says why, and appends resume once space is back. Free
// space is injected (StoreOptions::free_space); tests/ops/disk_full.sh fills
// a real file system.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "store/info_log.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::store;
using certreg::testing::ProbeAppend;
using certreg::testing::TempDir;

namespace {

constexpr std::uint64_t kMiB = 1 << 20;

std::unique_ptr<EventStore> OpenWithFreeSpace(const std::string& path, std::atomic<std::uint64_t>& free) {
  StoreOptions options;
  options.path = path;
  options.extra_column_families = {"test_rows"};
  options.disk_reserve_bytes = 64 * kMiB;
  options.free_space = [&free] { return free.load(); };
  auto opened = EventStore::Open(options);
  REQUIRE(opened.ok());
  return std::move(opened).value();
}

}  // namespace

TEST_CASE("below the reserve an append is refused with kNoSpace and writes nothing", "[store][disk]") {
  TempDir dir;
  std::atomic<std::uint64_t> free{1024 * kMiB};
  auto store = OpenWithFreeSpace(dir.path(), free);
  REQUIRE(store->AppendToStream(ProbeAppend("cert-file/A", ExpectedVersion::NoStream(), "a")).ok());
  CHECK(store->Health().state == StoreHealth::State::kWritable);
  const LogHead before = store->Head();

  free = 63 * kMiB;
  auto refused = store->AppendToStream(ProbeAppend("cert-file/B", ExpectedVersion::NoStream(), "b"));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().subcode() == Status::SubCode::kNoSpace);
  CHECK(store->Head().size == before.size);
  CHECK(store->Head().hash == before.hash);
  CHECK(store->StreamVersion("cert-file/B").value() == 0);
  CHECK(store->ReadAll(0, 100)->size() == 1);
  CHECK(store->Stats().no_space_refusals == 1);
  const StoreHealth low = store->Health();
  CHECK(low.state == StoreHealth::State::kBelowReserve);
  CHECK(low.disk_low);
  CHECK(low.free_bytes == 63 * kMiB);
  CHECK(low.reserve_bytes == 64 * kMiB);
  // Rows without events are held to the reserve too.
  CHECK(store->WriteExtra({}, {{"test_rows", "k", std::string("v")}}).subcode() == Status::SubCode::kNoSpace);
  CHECK_FALSE(store->GetExtra("test_rows", "k")->has_value());

  // Reads are served meanwhile.
  CHECK(store->ReadStream("cert-file/A", 1, 10)->size() == 1);

  free = 64 * kMiB;
  auto resumed = store->AppendToStream(ProbeAppend("cert-file/B", ExpectedVersion::NoStream(), "b"));
  REQUIRE(resumed.ok());
  CHECK(resumed->first_position == before.size);
  CHECK(store->Health().state == StoreHealth::State::kWritable);
  CHECK(store->Verify()->ok);
}

TEST_CASE("a reserve of 0 refuses nothing", "[store][disk]") {
  TempDir dir;
  StoreOptions options;
  options.path = dir.path();
  options.free_space = [] { return std::uint64_t{0}; };
  auto store = EventStore::Open(options);
  REQUIRE(store.ok());
  CHECK((*store)->AppendToStream(ProbeAppend("cert-file/A", ExpectedVersion::NoStream(), "a")).ok());
  CHECK((*store)->Health().state == StoreHealth::State::kWritable);
  CHECK((*store)->Health().disk_low == false);
}

TEST_CASE("RocksDB's LOG is kept below its size, with a bounded number of old files", "[store][disk]") {
  TempDir dir;
  const std::filesystem::path log = std::filesystem::path(dir.path()) / "LOG";
  {
    InfoLog info(InfoLogOptions{dir.path(), 4096, 2, rocksdb::InfoLogLevel::INFO_LEVEL});
    for (int i = 0; i < 1000; ++i) rocksdb::Log(rocksdb::InfoLogLevel::INFO_LEVEL, &info, "line %d of a chatty log", i);
    CHECK(info.dropped_lines() == 0);
  }
  CHECK(std::filesystem::file_size(log) <= 4096);
  CHECK(std::filesystem::file_size(log.string() + ".old.1") <= 4096);
  CHECK(std::filesystem::exists(log.string() + ".old.2"));
  CHECK_FALSE(std::filesystem::exists(log.string() + ".old.3"));
}

TEST_CASE("a LOG that cannot be written drops lines and keeps the process", "[store][disk]") {
  InfoLog info(InfoLogOptions{"/nonexistent/certreg-test", 4096, 2, rocksdb::InfoLogLevel::INFO_LEVEL});
  rocksdb::Log(rocksdb::InfoLogLevel::WARN_LEVEL, &info, "nowhere to go");
  CHECK(info.dropped_lines() == 1);
}

TEST_CASE("a flush that fails in the background makes the store not writable before any append fails",
          "[store][disk]") {
  TempDir dir;
  StoreOptions options;
  options.path = dir.path();
  options.memory_budget_bytes = 16 * kMiB;  // memtables of 1 MiB
  auto opened = EventStore::Open(options);
  REQUIRE(opened.ok());
  auto store = std::move(opened).value();
  REQUIRE(store->AppendToStream(ProbeAppend("cert-file/A", ExpectedVersion::Any(), "a")).ok());
  CHECK(store->Health().state == StoreHealth::State::kWritable);

  // Every table file RocksDB could create next is taken by a directory: the
  // next flush cannot open its file (as with "Too many open files").
  for (int number = 1; number < 2000; ++number) {
    char name[16];
    std::snprintf(name, sizeof name, "%06d.sst", number);
    std::error_code ec;
    std::filesystem::create_directory(std::filesystem::path(dir.path()) / name, ec);
  }
  // Appends of 60 KiB (a log entry holds at most 65,535 bytes) until RocksDB
  // switches to a new memtable (and a new WAL file) and schedules the full
  // one's flush; then no more appends.
  auto wal_files = [&] {
    int count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      count += entry.path().extension() == ".log" ? 1 : 0;
    }
    return count;
  };
  const int wal_files_at_start = wal_files();
  for (int i = 0; i < 64 && wal_files() == wal_files_at_start; ++i) {
    AppendRequest request;
    request.stream_id = "cert-file/B";
    request.expected = ExpectedVersion::Any();
    request.events.push_back(certreg::testing::ProbeEvent("b" + std::to_string(i), 60 * 1024));
    REQUIRE(store->AppendToStream(std::move(request)).ok());
  }
  REQUIRE(wal_files() > wal_files_at_start);
  StoreHealth health = store->Health();
  for (int waited = 0; health.state == StoreHealth::State::kWritable && waited < 600; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    health = store->Health();
  }
  CHECK(health.state == StoreHealth::State::kFailed);
  CHECK(health.detail.find("flush") != std::string::npos);
  CHECK_FALSE(store->Stats().failed);
  // Reads go on.
  CHECK(store->ReadStream("cert-file/A", 1, 10)->size() == 1);
}

TEST_CASE("a read-only open beside the writing store leaves its LOG untouched", "[store][disk][read-only]") {
  TempDir dir;
  auto writer = certreg::testing::OpenStore(dir.path());
  REQUIRE(writer != nullptr);
  REQUIRE(writer->AppendToStream(ProbeAppend("cert-file/A", ExpectedVersion::NoStream(), "a")).ok());
  const std::filesystem::path log = std::filesystem::path(dir.path()) / "LOG";
  auto read_log = [&] {
    std::ifstream in(log, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string before = read_log();
  REQUIRE_FALSE(before.empty());
  {
    auto reader = certreg::testing::OpenStore(dir.path(), /*read_only=*/true);  // as `certreg verify` does
    REQUIRE(reader != nullptr);
    CHECK(reader->Verify()->ok);
    CHECK(reader->ReadAll(0, 10)->size() == 1);
  }
  CHECK(read_log() == before);
  CHECK_FALSE(std::filesystem::exists(log.string() + ".old.1"));
}
