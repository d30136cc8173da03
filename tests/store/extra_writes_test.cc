// Writes that ride with an append: rows of the extra column families in the
// same batch as the events, read back through the store; the finish hook that
// sees the append's fixed position; and rows written without events.
#include <catch2/catch.hpp>

#include "support/raw_db.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"

namespace certreg::testing {
namespace {

using namespace certreg::store;

// A probe event on stream "s" (any version) whose append also makes `writes`.
AppendRequest ProbeWriting(const std::string& note, std::vector<ExtraWrite> writes) {
  auto request = ProbeAppend("s", ExpectedVersion::Any(), note);
  request.extra_writes = std::move(writes);
  return request;
}

TEST_CASE("extra writes land in the same batch as the events", "[store][append]") {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    REQUIRE(store->AppendToStream(ProbeWriting("x", {{"test_rows", "row-1", std::string("value-1")}})).ok());
    const std::vector<ExtraWrite> delete_one_add_other = {{"test_rows", "row-1", std::nullopt},
                                                          {"test_rows", "row-2", std::string("value-2")}};
    REQUIRE(store->AppendToStream(ProbeWriting("y", delete_one_add_other)).ok());
  }
  {
    auto store = OpenStore(dir.path());
    REQUIRE(store);
    CHECK(store->Head().size == 2);
    CHECK(store->Verify()->ok);
  }
  // The extra column family is the caller's data: read it back with RocksDB directly.
  RawDb raw(dir.path());
  REQUIRE(raw.ok());
  CHECK_FALSE(raw.Get("test_rows", "row-1").has_value());
  CHECK(raw.Get("test_rows", "row-2") == std::optional<std::string>("value-2"));
}

TEST_CASE("extra column families are readable through the store, others are not", "[store][extra]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store->AppendToStream(ProbeWriting("x", {{"test_rows", "r", std::string("v")}})).ok());
  CHECK(store->GetExtra("test_rows", "r").value() == std::optional<std::string>("v"));
  CHECK_FALSE(store->GetExtra("test_rows", "missing").value().has_value());
  CHECK(store->GetExtra("events", "x").status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE("an append's finish hook sees its fixed position and recorded-at and writes in the same batch",
          "[store][append][extra]") {
  TempDir dir;
  std::int64_t now = 5'000'000;
  StoreOptions options;
  options.path = dir.path();
  options.extra_column_families = {"test_rows"};
  options.clock = [&now] { return now; };
  auto store = std::move(EventStore::Open(options)).value();
  REQUIRE(store->AppendToStream(ProbeAppend("s", ExpectedVersion::Any(), "seed", 2)).ok());

  AppendContext seen;
  auto request = ProbeAppend("s", ExpectedVersion::Exactly(2), "x");
  request.finish = [&seen](const AppendContext& context) {
    seen = context;
    return std::vector<ExtraWrite>{{"test_rows", "at", std::to_string(context.recorded_at_micros)}};
  };
  REQUIRE(store->AppendToStream(request).ok());
  CHECK(seen.first_position == 2);
  CHECK(seen.first_version == 3);
  CHECK(seen.recorded_at_micros == 5'000'000);
  CHECK(store->GetExtra("test_rows", "at").value() == std::optional<std::string>("5000000"));

  SECTION("a refused append never calls it and writes nothing") {
    bool called = false;
    auto stale = ProbeAppend("s", ExpectedVersion::Exactly(1), "stale");
    stale.finish = [&called](const AppendContext&) {
      called = true;
      return std::vector<ExtraWrite>{{"test_rows", "stale", std::string("x")}};
    };
    CHECK_FALSE(store->AppendToStream(stale).ok());
    CHECK_FALSE(called);
    CHECK_FALSE(store->GetExtra("test_rows", "stale").value().has_value());
  }
  SECTION("a row for an unknown column family refuses the whole append") {
    auto bad = ProbeAppend("s", ExpectedVersion::Any(), "bad");
    bad.finish = [](const AppendContext&) { return std::vector<ExtraWrite>{{"events", "k", std::string("v")}}; };
    const auto size = store->Head().size;
    CHECK(store->AppendToStream(bad).status().code() == Status::Code::kInvalidArgument);
    CHECK(store->Head().size == size);
  }
  SECTION("a status it returns refuses the append with that status, nothing of it written") {
    auto refused = ProbeAppend("s", ExpectedVersion::Exactly(3), "refused");
    refused.finish = [](const AppendContext&) -> Result<std::vector<ExtraWrite>> {
      return Status::StaleVersion("decided on a state that was not committed", 3);
    };
    const auto size = store->Head().size;
    const auto appended = store->AppendToStream(refused);
    CHECK(appended.status().Is(Status::Code::kConflict, Status::SubCode::kStaleVersion));
    CHECK(store->Head().size == size);
    CHECK(store->StreamVersion("s").value() == 3);
    // The stream goes on from where it was.
    CHECK(store->AppendToStream(ProbeAppend("s", ExpectedVersion::Exactly(3), "next")).ok());
  }
}

TEST_CASE("rows written without events replace a column family in one batch", "[store][extra]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  const std::string highest("\xff\xff", 2);  // the family's last key, cleared too
  REQUIRE(store
              ->WriteExtra({}, {{"test_rows", "a", std::string("1")},
                                {"test_rows", "b", std::string("2")},
                                {"test_rows", highest, std::string("9")}})
              .ok());
  // A key of the cleared range written in the same batch stays.
  REQUIRE(store->WriteExtra({"test_rows"}, {{"test_rows", "c", std::string("3")}, {"test_rows", "b", std::string("22")}})
              .ok());
  const std::vector<std::pair<std::string, std::string>> expected{{"b", "22"}, {"c", "3"}};
  auto rows = store->ScanExtra("test_rows", "", 10);
  REQUIRE(rows.ok());
  CHECK(*rows == expected);
  CHECK(store->WriteExtra({"events"}, {}).code() == Status::Code::kInvalidArgument);
  CHECK(store->Head().size == 0);
  // So after a restart; an empty family may be cleared.
  store.reset();
  store = OpenStore(dir.path());
  rows = store->ScanExtra("test_rows", "", 10);
  REQUIRE(rows.ok());
  CHECK(*rows == expected);
  REQUIRE(store->WriteExtra({"test_rows"}, {}).ok());
  REQUIRE(store->WriteExtra({"test_rows"}, {}).ok());
  rows = store->ScanExtra("test_rows", "", 10);
  REQUIRE(rows.ok());
  CHECK(rows->empty());
}

}  // namespace
}  // namespace certreg::testing
