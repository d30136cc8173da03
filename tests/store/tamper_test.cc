#include <catch2/catch.hpp>

#include <cstdlib>

#include "store/event_codec.h"
#include "store/keys.h"
#include "support/raw_db.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"
#include "support/verify_closed.h"

using namespace certreg;
using namespace certreg::store;
using namespace certreg::testing;

namespace {

// A log of 10 events over three streams, closed.
void WriteLog(const std::string& path) {
  auto store = OpenStore(path);
  REQUIRE(store);
  for (int i = 0; i < 10; ++i) {
    REQUIRE(store->AppendToStream(ProbeAppend("cert-file/" + std::to_string(i % 3), ExpectedVersion::Any(),
                                      "event " + std::to_string(i)))
                .ok());
  }
}

// Verifies the closed store at `path`, checks that it fails first at
// `position`, and returns the report for further checks.
VerifyReport CaughtAt(const std::string& path, std::uint64_t position) {
  VerifyReport report = VerifyClosed(path);
  CHECK_FALSE(report.ok);
  CHECK(report.first_bad_position == position);
  return report;
}

int RunVerifyTool(const std::string& path) {
  const std::string command = std::string(CERTREG_TOOL) + " verify --data " + path + " > /dev/null";
  int status = std::system(command.c_str());
  return WEXITSTATUS(status);
}

}  // namespace

TEST_CASE("an untouched log verifies, through the store and the tool", "[store][verify]") {
  TempDir dir;
  WriteLog(dir.path());
  VerifyReport report = VerifyClosed(dir.path());
  CHECK(report.ok);
  CHECK(report.checked == 10);
  CHECK(RunVerifyTool(dir.path()) == 0);
}

TEST_CASE("a changed byte in a stored event is caught by verify at that position", "[store][verify][tamper]") {
  // Every byte of an event is covered in event_codec_test.cc; here a sample of
  // offsets (segment table, pointers, text, hashes) goes through the whole store.
  TempDir dir;
  WriteLog(dir.path());
  const std::uint64_t position = GENERATE(0, 5, 9);
  std::string original;
  {
    RawDb raw(dir.path());
    REQUIRE(raw.ok());
    original = *raw.Get("events", keys::EventKey(position));
  }
  for (std::size_t offset : {std::size_t{0}, std::size_t{4}, std::size_t{9}, original.size() / 3,
                             original.size() / 2, original.size() - 40, original.size() - 1}) {
    CAPTURE(position, offset);
    std::string tampered = original;
    tampered[offset] = static_cast<char>(tampered[offset] ^ 0x20);
    {
      RawDb raw(dir.path());
      raw.Put("events", keys::EventKey(position), tampered);
    }
    CHECK(CaughtAt(dir.path(), position).checked == position);
  }
  {
    RawDb raw(dir.path());
    raw.Put("events", keys::EventKey(position), original);
  }
  CHECK(VerifyClosed(dir.path()).ok);
  if (position == 5) {
    RawDb raw(dir.path());
    raw.Put("events", keys::EventKey(position), original.substr(0, original.size() - 8));
  }
  if (position == 5) CHECK(RunVerifyTool(dir.path()) == 1);
}

TEST_CASE("a removed event is caught at its position", "[store][verify][tamper]") {
  TempDir dir;
  WriteLog(dir.path());
  {
    RawDb raw(dir.path());
    raw.Delete("events", keys::EventKey(6));
  }
  VerifyReport report = CaughtAt(dir.path(), 6);
  CHECK_THAT(report.problem, Catch::Contains("missing"));
  CHECK(RunVerifyTool(dir.path()) == 1);
}

TEST_CASE("a removed last event is caught against the stored head", "[store][verify][tamper]") {
  TempDir dir;
  WriteLog(dir.path());
  {
    RawDb raw(dir.path());
    raw.Delete("events", keys::EventKey(9));
  }
  CaughtAt(dir.path(), 9);
}

TEST_CASE("two swapped events are caught at the first of them", "[store][verify][tamper]") {
  TempDir dir;
  WriteLog(dir.path());
  {
    RawDb raw(dir.path());
    auto a = *raw.Get("events", keys::EventKey(3));
    auto b = *raw.Get("events", keys::EventKey(4));
    raw.Put("events", keys::EventKey(3), b);
    raw.Put("events", keys::EventKey(4), a);
  }
  CaughtAt(dir.path(), 3);
  CHECK(RunVerifyTool(dir.path()) == 1);
}

TEST_CASE("a rewritten event with a recomputed chain is caught by the tree and the head", "[store][verify][tamper]") {
  // An attacker who rewrites history must also rewrite every later hash, the head and
  // the Merkle tree's nodes; here only the last event is re-encoded with a valid hash.
  TempDir dir;
  WriteLog(dir.path());
  {
    RawDb raw(dir.path());
    auto last = store::DecodeEvent(*raw.Get("events", keys::EventKey(9)));
    REQUIRE(last.ok());
    RecordedEvent header = *last;
    header.effective_date = "2020-01-01";
    auto bytes = store::EncodeEvent(header, store::EncodeStoreProbe("forged", "f"), last->prev_hash, nullptr);
    REQUIRE(bytes.ok());
    raw.Put("events", keys::EventKey(9), *bytes);
  }
  VerifyReport report = CaughtAt(dir.path(), 9);
  CHECK_THAT(report.problem, Catch::Contains("Merkle tree's node 0/9 does not match"));
  {
    RawDb raw(dir.path());  // without the tree (as before it existed) the head still tells
    raw.db()->DropColumnFamily(raw.cf(keys::kTreeCf)).PermitUncheckedError();
  }
  report = CaughtAt(dir.path(), 9);
  CHECK_THAT(report.problem, Catch::Contains("head"));
}
