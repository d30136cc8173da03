// What the store tells operators about itself: RocksDB's own LOG files stay
// bounded however often the store is opened, and RocksDB's figures
// (EventStore::Engine) reflect what was written.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "support/store_fixtures.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::store;
using certreg::testing::ProbeAppend;
using certreg::testing::TempDir;

namespace {

std::unique_ptr<EventStore> OpenAt(const std::string& path) {
  StoreOptions options;
  options.path = path;
  options.extra_column_families = {"test_rows"};
  auto opened = EventStore::Open(options);
  REQUIRE(opened.ok());
  return std::move(opened).value();
}

// The names of DIR's files that start with "LOG".
std::vector<std::string> LogFiles(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("LOG", 0) == 0) names.push_back(name);
  }
  return names;
}

}  // namespace

TEST_CASE("opening the store again and again leaves one LOG, no pile of LOG.old files", "[store][operations]") {
  TempDir dir;
  for (int i = 0; i < 8; ++i) {
    auto store = OpenAt(dir.path());
    REQUIRE(store->AppendToStream(ProbeAppend("cert-file/A" + std::to_string(i), ExpectedVersion::NoStream(), "a"))
                .ok());
  }
  const std::vector<std::string> logs = LogFiles(dir.path());
  CHECK(std::find(logs.begin(), logs.end(), "LOG") != logs.end());
  // Eight opens wrote far less than one file's bound: nothing was rotated,
  // and RocksDB's own LOG.old.<timestamp> files (one per open) are not made.
  INFO("log files: " << logs.size());
  CHECK(logs.size() == 1);
  CHECK(std::filesystem::file_size(std::filesystem::path(dir.path()) / "LOG") > 0);
}

TEST_CASE("the store reports RocksDB's figures: live SST bytes once flushed, no stall, its version",
          "[store][operations]") {
  TempDir dir;
  {
    auto store = OpenAt(dir.path());
    const EngineStats empty = store->Engine();
    CHECK_FALSE(empty.version.empty());
    CHECK_FALSE(empty.write_stopped);
    CHECK(empty.delayed_write_rate == 0);
    CHECK(empty.stalls_stopped == 0);
    for (int i = 0; i < 20; ++i) {
      REQUIRE(store->AppendToStream(ProbeAppend("cert-file/B" + std::to_string(i), ExpectedVersion::NoStream(), "b"))
                  .ok());
    }
  }
  // Reopened: the WAL was flushed into SST files, which the figure counts.
  auto store = OpenAt(dir.path());
  CHECK(store->Engine().live_sst_bytes > 0);
}
