// The tree's nodes are stored at the tile levels only (format 2): every other
// level reads as the fold of the tile level below, the same hashes a store
// of every level (format 1) holds; such a store is read as it is, verified
// with its extra nodes, and migrated when opened for writing
// (README, "The verifiable log: the tree").
#include <catch2/catch.hpp>

#include <memory>

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

// The levels of the rows in the tree column family of the closed store at `path`.
std::vector<int> StoredLevels(const std::string& path) {
  RawDb raw(path);
  REQUIRE(raw.ok());
  std::vector<int> levels;
  std::unique_ptr<rocksdb::Iterator> it(raw.db()->NewIterator({}, raw.cf(keys::kTreeCf)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) levels.push_back(static_cast<unsigned char>(it->key()[0]));
  return levels;
}

// Every complete subtree's hash of the tree over `leaf_hashes`, as format 1 stored them.
std::vector<std::pair<merkle::NodeId, Digest>> AllNodes(const std::vector<Digest>& leaf_hashes) {
  std::vector<std::pair<merkle::NodeId, Digest>> nodes;
  merkle::TreeEdge edge;
  for (const Digest& leaf : leaf_hashes) {
    edge.Append(leaf, [&](const merkle::NodeId& id, const Digest& hash) { nodes.emplace_back(id, hash); });
  }
  return nodes;
}

void AppendProbes(EventStore& store, int count, const std::string& stream) {
  for (int i = 0; i < count; ++i) {
    REQUIRE(store.AppendToStream(ProbeAppend(stream, ExpectedVersion::Any(), "e" + std::to_string(i))).ok());
  }
}

// The leaves of the first `size` events of `store`, for rfc6962::Mth.
std::vector<std::string> Leaves(const EventStore& store, std::uint64_t size) {
  auto leaves = store.ReadLeaves(0, size);
  REQUIRE(leaves.ok());
  return *leaves;
}

merkle::HashReader Reader(const EventStore& store) {
  return [&store](const std::vector<merkle::NodeId>& ids) { return store.ReadTreeNodes(ids); };
}

}  // namespace

TEST_CASE("the tree's nodes are stored at the tile levels only, the others read as folds", "[store][tree]") {
  TempDir dir;
  std::vector<Digest> leaf_hashes;
  {
    auto store = OpenStore(dir.path());
    REQUIRE(store);
    AppendProbes(*store, 520, "levels/a");  // 2 full tiles of level 0, 2 nodes of level 8 (and 520 = 512 + 8)
    leaf_hashes = *store->ReadTreeHashes(0, 0, 1000);
    REQUIRE(leaf_hashes.size() == 520);
    // Every complete subtree reads back, stored or folded, at every level.
    for (const auto& [id, hash] : AllNodes(leaf_hashes)) {
      INFO("node " << id.level << "/" << id.index);
      CHECK(store->ReadTreeNodes({id}).value() == std::vector<Digest>{hash});
    }
    CHECK(store->ReadTreeHashes(3, 0, 100)->size() == 65);   // 520 / 8
    CHECK(store->ReadTreeHashes(9, 0, 100)->size() == 1);    // 512
    CHECK(store->ReadTreeHashes(9, 1, 100)->empty());
    CHECK(store->ReadTreeHashes(8, 0, 100)->size() == 2);
    const Digest folded = store->ReadTreeHashes(9, 0, 1)->front();
    CHECK(folded == rfc6962::Mth(Leaves(*store, 512), 0, 512));
    CHECK(merkle::Root(520, Reader(*store)).value() == rfc6962::Mth(Leaves(*store, 520), 0, 520));
  }
  std::vector<int> levels = StoredLevels(dir.path());
  CHECK(levels.size() == 520 + 2);
  CHECK(std::count(levels.begin(), levels.end(), 8) == 2);
  CHECK(VerifyClosed(dir.path()).ok);
}

TEST_CASE("a format 1 store with every level's nodes reads the same, verifies, and is migrated at open for writing",
          "[store][tree][format]") {
  TempDir dir;
  std::vector<Digest> leaf_hashes;
  {
    auto store = OpenStore(dir.path());
    REQUIRE(store);
    AppendProbes(*store, 300, "levels/old");
    leaf_hashes = *store->ReadTreeHashes(0, 0, 1000);
  }
  const auto nodes = AllNodes(leaf_hashes);
  {  // as format 1 wrote it: every complete subtree, marker 1
    RawDb raw(dir.path());
    REQUIRE(raw.ok());
    for (const auto& [id, hash] : nodes) {
      raw.Put(keys::kTreeCf, keys::TreeKey(id.level, id.index), std::string(hash.begin(), hash.end()));
    }
    raw.Put(keys::kMetaCf, keys::kFormatKey, "1");
  }
  REQUIRE(StoredLevels(dir.path()).size() == nodes.size());
  {
    auto store = OpenStore(dir.path(), /*read_only=*/true);
    REQUIRE(store);
    CHECK(merkle::Root(300, Reader(*store)).value() == rfc6962::Mth(Leaves(*store, 300), 0, 300));
    CHECK(store->Verify()->ok);
  }
  {  // a wrong node off the tile levels is still caught while it is there
    RawDb raw(dir.path());
    REQUIRE(raw.ok());
    raw.Put(keys::kTreeCf, keys::TreeKey(3, 1), std::string(32, 'x'));
  }
  CHECK_FALSE(VerifyClosed(dir.path()).ok);
  {
    auto store = OpenStore(dir.path());
    REQUIRE(store);
    CHECK(store->Verify()->ok);  // the extra levels, the wrong node with them, are gone
    AppendProbes(*store, 30, "levels/new");
    CHECK(merkle::Root(330, Reader(*store)).value() == rfc6962::Mth(Leaves(*store, 330), 0, 330));
    CHECK(merkle::Root(300, Reader(*store)).value() == rfc6962::Mth(Leaves(*store, 300), 0, 300));
  }
  RawDb raw(dir.path());
  REQUIRE(raw.ok());
  CHECK(raw.Get(keys::kMetaCf, keys::kFormatKey) == std::optional<std::string>("2"));
  std::unique_ptr<rocksdb::Iterator> it(raw.db()->NewIterator({}, raw.cf(keys::kTreeCf)));
  std::size_t rows = 0;
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++rows) CHECK(keys::StoresTreeLevel(it->key()[0]));
  CHECK(rows == 330 + 1);
}
