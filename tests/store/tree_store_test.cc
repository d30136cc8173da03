// The Merkle tree in the store: written in the batch of the events it
// covers, extended at open over events written without it, untouched by a
// refused append, and checked by Verify against a recomputation from the
// events (README, "The verifiable log: the tree").
#include <catch2/catch.hpp>

#include <cstdlib>
#include <thread>

#include "store/event_codec.h"
#include "store/keys.h"
#include "support/raw_db.h"
#include "support/rfc6962.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"
#include "support/verify_closed.h"

using namespace certreg;
using namespace certreg::store;
using namespace certreg::testing;

namespace {

merkle::HashReader Reader(const EventStore& store) {
  return [&store](const std::vector<merkle::NodeId>& ids) { return store.ReadTreeNodes(ids); };
}

// The stored tree of `store` covers exactly its log, and its root for every
// size in `sizes` is RFC 6962's MTH over the leaves read back.
void RequireTreeMatchesLog(const EventStore& store, const std::vector<std::uint64_t>& sizes = {}) {
  const std::uint64_t n = store.Head().size;
  auto leaf_hashes = store.ReadTreeHashes(0, 0, n + 10);
  REQUIRE(leaf_hashes.ok());
  REQUIRE(leaf_hashes->size() == n);  // one leaf per event, none beyond
  auto leaves = store.ReadLeaves(0, n + 10);
  REQUIRE(leaves.ok());
  REQUIRE(leaves->size() == n);
  auto events = store.ReadAll(0, n);
  REQUIRE(events.ok());
  for (std::uint64_t i = 0; i < n; ++i) {
    CHECK((*leaf_hashes)[i] == merkle::LeafHash((*leaves)[i]));
    CHECK(*LeafOf((*events)[i].raw) == (*leaves)[i]);
  }
  std::vector<std::uint64_t> checked = sizes;
  checked.push_back(n);
  for (std::uint64_t size : checked) {
    INFO("size " << size);
    auto root = merkle::Root(size, Reader(store));
    REQUIRE(root.ok());
    CHECK(*root == rfc6962::Mth(*leaves, 0, size));
  }
}

void Append(EventStore& store, int count, const std::string& stream = "tree/a", int per_request = 1) {
  for (int i = 0; i < count; i += per_request) {
    REQUIRE(store.AppendToStream(ProbeAppend(stream, ExpectedVersion::Any(), "e" + std::to_string(i), per_request))
                .ok());
  }
}

}  // namespace

TEST_CASE("every append writes the tree's nodes with its events", "[store][tree]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store);
  RequireTreeMatchesLog(*store);
  Append(*store, 1);
  RequireTreeMatchesLog(*store);
  Append(*store, 254, "tree/b");
  Append(*store, 9, "tree/c", 3);  // requests of several events
  REQUIRE(store->Head().size == 264);
  RequireTreeMatchesLog(*store, {1, 2, 3, 255, 256, 257, 263});
  // Complete subtrees only, stored or folded: 2n - popcount(n) nodes in all.
  std::size_t nodes = 0;
  for (int level = 0; level < 10; ++level) nodes += store->ReadTreeHashes(level, 0, 1000)->size();
  CHECK(nodes == 2 * 264 - 2);  // 264 = 256 + 8
  store.reset();
  CHECK(VerifyClosed(dir.path()).ok);
}

TEST_CASE("concurrent appends in group commits keep the tree equal to the log", "[store][tree]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < 40; ++i) {
        (void)store->AppendToStream(ProbeAppend("tree/" + std::to_string(t), ExpectedVersion::Any(), "c", 1 + i % 2));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  REQUIRE(store->Head().size == 4 * 60);
  RequireTreeMatchesLog(*store, {1, 17, 128, 200});
}

TEST_CASE("a store written without the tree gets it at the next open", "[store][tree]") {
  TempDir dir;
  {
    StoreOptions options;
    options.path = dir.path();
    options.merkle_tree = false;  // as a store of a version before the tree
    auto store = std::move(EventStore::Open(options)).value();
    Append(*store, 300, "old/a", 2);
    CHECK(store->ReadTreeHashes(0, 0, 10)->empty());
  }
  std::vector<std::string> notices;
  StoreOptions options;
  options.path = dir.path();
  options.notice = [&](const std::string& text) { notices.push_back(text); };
  auto store = std::move(EventStore::Open(options)).value();
  REQUIRE(notices.size() == 2);
  CHECK(notices[0].find("from 0 to 300 leaves") != std::string::npos);
  RequireTreeMatchesLog(*store, {1, 150, 256});
  Append(*store, 5);  // and it grows from there
  RequireTreeMatchesLog(*store, {300});
  store.reset();
  CHECK(VerifyClosed(dir.path()).ok);
}

TEST_CASE("an event larger than a log entry may be is refused and writes nothing", "[store][tree][limits]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store);
  Append(*store, 3);
  const LogHead before = store->Head();
  AppendRequest huge = ProbeAppend("tree/huge", ExpectedVersion::Any(), "small");
  huge.events.push_back(ProbeEvent("huge", merkle::kMaxLeafBytes));  // the envelope around it passes the limit
  auto refused = store->AppendToStream(huge);
  REQUIRE(refused.status().code() == Status::Code::kInvalidArgument);
  CHECK(refused.status().message().find("65535 bytes") != std::string::npos);
  CHECK(store->Head().size == before.size);
  CHECK(store->Head().hash == before.hash);
  CHECK(*store->StreamVersion("tree/huge") == 0);
  // Just under the limit is fine, and the tree's edge was not moved by the refusal.
  REQUIRE(store->AppendToStream(ProbeAppend("tree/huge", ExpectedVersion::Any(), "fits")).ok());
  AppendRequest large = ProbeAppend("tree/large", ExpectedVersion::Any(), "x");
  large.events[0] = ProbeEvent("large", merkle::kMaxLeafBytes - 1000);
  REQUIRE(store->AppendToStream(large).ok());
  auto leaves = store->ReadLeaves(4, 1);
  REQUIRE(leaves->size() == 1);
  CHECK((*leaves)[0].size() <= merkle::kMaxLeafBytes);
  CHECK((*leaves)[0].size() > merkle::kMaxLeafBytes - 1000);
  RequireTreeMatchesLog(*store);
}

TEST_CASE("a changed, missing or extra tree node is caught by verify at its position", "[store][tree][verify][tamper]") {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    REQUIRE(store);
    Append(*store, 10);
  }
  REQUIRE(VerifyClosed(dir.path()).ok);
  // Node 0/5 is leaf 5's hash: it is written with leaf 5 (the tree keeps the
  // tile levels only; node 1/2 above it is folded from it when read).
  const std::string key = keys::TreeKey(0, 5);
  std::string original;
  {
    RawDb raw(dir.path());
    REQUIRE(raw.ok());
    original = *raw.Get(keys::kTreeCf, key);
    std::string flipped = original;
    flipped[17] ^= 0x04;
    raw.Put(keys::kTreeCf, key, flipped);
  }
  VerifyReport report = VerifyClosed(dir.path());
  CHECK_FALSE(report.ok);
  CHECK(report.first_bad_position == 5);
  CHECK(report.problem.find("node 0/5 does not match") != std::string::npos);
  CHECK(std::system((std::string(CERTREG_TOOL) + " verify --data " + dir.path() + " > /dev/null").c_str()) != 0);
  {
    RawDb raw(dir.path());
    raw.Delete(keys::kTreeCf, key);
  }
  report = VerifyClosed(dir.path());
  CHECK(report.first_bad_position == 5);
  CHECK(report.problem.find("node 0/5 is missing") != std::string::npos);
  {
    RawDb raw(dir.path());
    raw.Put(keys::kTreeCf, key, original);
    raw.Put(keys::kTreeCf, keys::TreeKey(0, 10), original);  // a leaf beyond the log
  }
  report = VerifyClosed(dir.path());
  CHECK_FALSE(report.ok);
  CHECK(report.problem.find("the Merkle tree has 11 nodes; 10 events make 10") != std::string::npos);
  // A writable open refuses a tree longer than the log.
  StoreOptions options;
  options.path = dir.path();
  CHECK(EventStore::Open(options).status().code() == Status::Code::kCorruption);
}
