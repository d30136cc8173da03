// Signed checkpoints as the store keeps them (README, "The verifiable log:
// checkpoints"): opaque notes by tree size, the latest by the largest size,
// a refused one writes nothing; and the root recomputed from the events.
#include <catch2/catch.hpp>

#include "certreg/store/merkle.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::store;
using namespace certreg::testing;

namespace {

Digest StoredRoot(const EventStore& store, std::uint64_t size) {
  return merkle::Root(size, [&](const std::vector<merkle::NodeId>& ids) { return store.ReadTreeNodes(ids); }).value();
}

}  // namespace

TEST_CASE("checkpoints are kept by size, the latest is the largest, a size is replaced whole",
          "[store][checkpoint]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store);
  CHECK_FALSE(store->LatestCheckpoint().value().has_value());
  REQUIRE(store->PutCheckpoint(0, "empty\n").ok());
  REQUIRE(store->AppendToStream(ProbeAppend("cp/a", ExpectedVersion::Any(), "p", 5)).ok());
  REQUIRE(store->PutCheckpoint(5, "five\n").ok());
  REQUIRE(store->PutCheckpoint(3, "three\n").ok());  // an earlier size: kept, not the latest
  CHECK(store->LatestCheckpoint().value()->size == 5);
  CHECK(store->LatestCheckpoint().value()->note == "five\n");
  REQUIRE(store->PutCheckpoint(5, "five, cosigned\n").ok());
  CHECK(store->ReadCheckpoint(5).value() == "five, cosigned\n");
  CHECK(store->ReadCheckpoint(3).value() == "three\n");
  CHECK_FALSE(store->ReadCheckpoint(4).value().has_value());
  // Kept across a reopen.
  store.reset();
  store = OpenStore(dir.path());
  CHECK(store->LatestCheckpoint().value()->note == "five, cosigned\n");
}

TEST_CASE("a checkpoint beyond the tree, or on a read-only store, is refused and writes nothing",
          "[store][checkpoint]") {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    REQUIRE(store->AppendToStream(ProbeAppend("cp/a", ExpectedVersion::Any(), "p", 3)).ok());
    REQUIRE(store->PutCheckpoint(3, "three\n").ok());
    const Status beyond = store->PutCheckpoint(4, "four\n");
    CHECK(beyond.code() == Status::Code::kInvalidArgument);
    CHECK_THAT(beyond.message(), Catch::Contains("beyond the tree of 3 leaves"));
    CHECK_FALSE(store->ReadCheckpoint(4).value().has_value());
    CHECK(store->LatestCheckpoint().value()->size == 3);
  }
  auto read_only = OpenStore(dir.path(), /*read_only=*/true);
  REQUIRE(read_only);
  CHECK(read_only->PutCheckpoint(3, "replaced\n").code() == Status::Code::kBusy);
  CHECK(read_only->ReadCheckpoint(3).value() == "three\n");
}

TEST_CASE("the root recomputed from the events is the stored tree's, and none beyond the log",
          "[store][checkpoint]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store->AppendToStream(ProbeAppend("cp/a", ExpectedVersion::Any(), "p", 300)).ok());
  for (std::uint64_t size : {0u, 1u, 255u, 256u, 257u, 300u}) {
    INFO(size);
    CHECK(store->RecomputeRoot(size).value() == StoredRoot(*store, size));
  }
  CHECK(store->RecomputeRoot(301).status().code() == Status::Code::kNotFound);
}
