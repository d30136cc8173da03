// The data directory's format version: recorded at creation, stamped on a
// store from before the marker, and a newer format refused by the store and
// by every command of the tool, with the formats named.
#include <catch2/catch.hpp>

#include "support/process.h"
#include "support/raw_db.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"

namespace certreg::testing {
namespace {

using namespace certreg::store;

constexpr char kNewer[] = "data directory format 3 is newer than this certreg (2); upgrade certreg";

void MakeStore(const std::string& path) {
  auto store = OpenStore(path);
  REQUIRE(store);
  REQUIRE(store->AppendToStream(ProbeAppend("s", ExpectedVersion::Any(), "a", 3)).ok());
}

// The format marker of the closed store at `path`: set to `format`, or removed when nullopt.
void SetMarker(const std::string& path, const std::optional<std::string>& format) {
  RawDb raw(path);
  REQUIRE(raw.ok());
  if (format) {
    raw.Put("meta", "format", *format);
  } else {
    raw.Delete("meta", "format");
  }
}

std::optional<std::string> Marker(const std::string& path) {
  RawDb raw(path);
  REQUIRE(raw.ok());
  return raw.Get("meta", "format");
}

TEST_CASE("a new store records the format it was written in", "[store][format]") {
  TempDir dir;
  MakeStore(dir.path());
  CHECK(Marker(dir.path()) == std::optional<std::string>("2"));
}

TEST_CASE("a store stamped with a newer format is refused at open, read-only too, naming both formats",
          "[store][format]") {
  TempDir dir;
  MakeStore(dir.path());
  SetMarker(dir.path(), "3");
  for (const bool read_only : {false, true}) {
    StoreOptions options;
    options.path = dir.path();
    options.read_only = read_only;
    auto opened = EventStore::Open(options);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.status().code() == Status::Code::kRejected);
    CHECK(opened.status().message() == kNewer);
  }
  CHECK(Marker(dir.path()) == std::optional<std::string>("3"));  // nothing rewritten
}

TEST_CASE("every command refuses a data directory of a newer format with exit 2 and the message",
          "[store][format][tool]") {
  TempDir dir;
  MakeStore(dir.path());
  SetMarker(dir.path(), "3");
  const std::string data = " --data '" + dir.path() + "'";
  for (const std::string& command :
       {"verify" + data, "dump" + data, "check" + data, "token list" + data, "rebuild" + data,
        "serve --listen 127.0.0.1:0" + data, "backup --to '" + dir.Sub("backups") + "'" + data}) {
    INFO(command);
    const CommandOutput out = RunCommand(std::string(CERTREG_TOOL) + " " + command + " 2>&1");
    CHECK(out.exit_code == 2);
    CHECK(out.text.find(kNewer) != std::string::npos);
  }
}

TEST_CASE("an old store without the format marker is format 1: it opens, and is stamped 2 when opened for writing",
          "[store][format]") {
  TempDir dir;
  MakeStore(dir.path());
  SetMarker(dir.path(), std::nullopt);
  REQUIRE_FALSE(Marker(dir.path()).has_value());
  {
    auto store = OpenStore(dir.path(), /*read_only=*/true);
    REQUIRE(store);
    CHECK(store->Head().size == 3);
  }
  CHECK_FALSE(Marker(dir.path()).has_value());  // read-only writes nothing
  {
    auto store = OpenStore(dir.path());
    REQUIRE(store);
    CHECK(store->Head().size == 3);
    CHECK(store->Verify()->ok);
  }
  CHECK(Marker(dir.path()) == std::optional<std::string>("2"));
}

TEST_CASE("a format marker that is not a number is corruption", "[store][format]") {
  TempDir dir;
  MakeStore(dir.path());
  SetMarker(dir.path(), "v2");
  StoreOptions options;
  options.path = dir.path();
  auto opened = EventStore::Open(options);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.status().code() == Status::Code::kCorruption);
}

}  // namespace
}  // namespace certreg::testing
