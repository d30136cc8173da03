// The RFC 6962 tree math (certreg/store/merkle.h) against the RFC's 8-leaf
// example and against a direct transcription of RFC 6962 §2.1's recursive
// definitions (MTH, PATH, PROOF) computed from the leaves themselves.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "certreg/store/merkle.h"
#include "support/rfc6962.h"

using namespace certreg;
namespace merkle = certreg::store::merkle;
using certreg::testing::rfc6962::Mth;
using certreg::testing::rfc6962::Path;
using certreg::testing::rfc6962::Subproof;

namespace {

const char* const kLeavesHex[] = {"",         "00",       "10",
                                  "2021",     "3031",     "40414243",
                                  "5051525354555657", "606162636465666768696a6b6c6d6e6f"};

// The roots of the example tree for sizes 0 to 8 (RFC 6962 test data, as
// Trillian and Go's certificate-transparency code publish it).
const char* const kRootsHex[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

std::string Bytes(const char* hex) {
  std::string out;
  REQUIRE(FromHex(hex, &out));
  return out;
}

std::vector<std::string> Leaves() {
  std::vector<std::string> out;
  for (const char* hex : kLeavesHex) out.push_back(Bytes(hex));
  return out;
}

// The stored nodes of a tree grown leaf by leaf, and a reader over them.
struct Stored {
  std::map<std::pair<int, std::uint64_t>, Digest> nodes;
  merkle::TreeEdge edge;

  void Add(const std::string& leaf) {
    edge.Append(merkle::LeafHash(leaf), [&](const merkle::NodeId& id, const Digest& hash) {
      CHECK(nodes.emplace(std::make_pair(id.level, id.index), hash).second);
    });
  }
  merkle::HashReader Reader() const {
    return [this](const std::vector<merkle::NodeId>& ids) -> Result<std::vector<Digest>> {
      std::vector<Digest> out;
      for (const auto& id : ids) {
        auto it = nodes.find({id.level, id.index});
        if (it == nodes.end()) return Status::NotFound("node");
        out.push_back(it->second);
      }
      return out;
    };
  }
};

Digest Flip(Digest d, int bit) {
  d[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
  return d;
}

}  // namespace

TEST_CASE("the roots of the RFC 6962 example tree, sizes 0 to 8", "[merkle]") {
  const auto leaves = Leaves();
  Stored stored;
  for (std::uint64_t n = 0; n <= 8; ++n) {
    INFO("size " << n);
    CHECK(ToHex(Mth(leaves, 0, n)) == kRootsHex[n]);
    CHECK(ToHex(stored.edge.Root()) == kRootsHex[n]);
    auto root = merkle::Root(n, stored.Reader());
    REQUIRE(root.ok());
    CHECK(ToHex(*root) == kRootsHex[n]);
    auto loaded = merkle::TreeEdge::Load(n, stored.Reader());
    REQUIRE(loaded.ok());
    CHECK(ToHex(loaded->Root()) == kRootsHex[n]);
    if (n < 8) stored.Add(leaves[n]);
  }
  // Every complete subtree stored, nothing else: 2n - popcount(n) nodes.
  CHECK(stored.nodes.size() == 2 * 8 - 1);
}

TEST_CASE("every inclusion proof of the example tree is RFC 6962's PATH and verifies", "[merkle]") {
  const auto leaves = Leaves();
  Stored stored;
  for (const auto& leaf : leaves) stored.Add(leaf);
  // A known path: leaf 0 in the tree of 8 (RFC 6962 test data).
  auto known = merkle::InclusionProof(0, 8, stored.Reader());
  REQUIRE(known.ok());
  REQUIRE(known->size() == 3);
  CHECK(ToHex((*known)[0]) == "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");
  CHECK(ToHex((*known)[1]) == "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e");
  CHECK(ToHex((*known)[2]) == "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");

  int checked = 0;
  for (std::uint64_t n = 1; n <= 8; ++n) {
    const Digest root = Mth(leaves, 0, n);
    for (std::uint64_t i = 0; i < n; ++i) {
      INFO("leaf " << i << " in size " << n);
      auto proof = merkle::InclusionProof(i, n, stored.Reader());
      REQUIRE(proof.ok());
      CHECK(*proof == Path(i, leaves, 0, n));
      const Digest leaf = merkle::LeafHash(leaves[i]);
      CHECK(merkle::VerifyInclusion(i, n, leaf, *proof, root).ok());
      // Corruptions: every flipped bit position class, an extra and a missing hash, wrong index and size.
      for (std::size_t h = 0; h < proof->size(); ++h) {
        auto bad = *proof;
        bad[h] = Flip(bad[h], static_cast<int>(h * 37 % 256));
        CHECK_FALSE(merkle::VerifyInclusion(i, n, leaf, bad, root).ok());
      }
      auto extra = *proof;
      extra.push_back(root);
      CHECK_FALSE(merkle::VerifyInclusion(i, n, leaf, extra, root).ok());
      if (!proof->empty()) {
        auto missing = *proof;
        missing.pop_back();
        CHECK_FALSE(merkle::VerifyInclusion(i, n, leaf, missing, root).ok());
      }
      CHECK_FALSE(merkle::VerifyInclusion(i, n, Flip(leaf, 0), *proof, root).ok());
      CHECK_FALSE(merkle::VerifyInclusion(i, n, leaf, *proof, Flip(root, 255)).ok());
      if (n > 1) CHECK_FALSE(merkle::VerifyInclusion((i + 1) % n, n, leaf, *proof, root).ok());
      // A wrong size, with the root of that size (the path alone need not bind the size).
      if (n < 8) CHECK_FALSE(merkle::VerifyInclusion(i, n + 1, leaf, *proof, Mth(leaves, 0, n + 1)).ok());
      if (i + 1 < n) CHECK_FALSE(merkle::VerifyInclusion(i, n - 1, leaf, *proof, Mth(leaves, 0, n - 1)).ok());
      CHECK_FALSE(merkle::VerifyInclusion(n, n, leaf, *proof, root).ok());
      ++checked;
    }
  }
  CHECK(checked == 36);
  CHECK(merkle::InclusionProof(8, 8, stored.Reader()).status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE("every consistency proof of the example tree is RFC 6962's PROOF and verifies", "[merkle]") {
  const auto leaves = Leaves();
  Stored stored;
  for (const auto& leaf : leaves) stored.Add(leaf);
  // A known proof: size 1 to 8 (RFC 6962 test data): the leaf's path.
  auto known = merkle::ConsistencyProof(1, 8, stored.Reader());
  REQUIRE(known.ok());
  CHECK(*known == *merkle::InclusionProof(0, 8, stored.Reader()));
  auto six_eight = merkle::ConsistencyProof(6, 8, stored.Reader());
  REQUIRE(six_eight.ok());
  REQUIRE(six_eight->size() == 3);
  CHECK(ToHex((*six_eight)[0]) == "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a");
  CHECK(ToHex((*six_eight)[1]) == "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0");
  CHECK(ToHex((*six_eight)[2]) == "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");

  int checked = 0;
  for (std::uint64_t m = 0; m <= 8; ++m) {
    for (std::uint64_t n = m; n <= 8; ++n) {
      INFO("from " << m << " to " << n);
      auto proof = merkle::ConsistencyProof(m, n, stored.Reader());
      REQUIRE(proof.ok());
      const bool trivial = m == 0 || m == n;
      CHECK(*proof == (trivial ? std::vector<Digest>{} : Subproof(m, leaves, 0, n, true)));
      const Digest old_root = Mth(leaves, 0, m), new_root = Mth(leaves, 0, n);
      CHECK(merkle::VerifyConsistency(m, n, old_root, new_root, *proof).ok());
      ++checked;
      if (trivial) {
        if (m == n) CHECK_FALSE(merkle::VerifyConsistency(m, n, old_root, Flip(new_root, 3), *proof).ok());
        CHECK_FALSE(merkle::VerifyConsistency(m, n, old_root, new_root, {new_root}).ok());
        continue;
      }
      for (std::size_t h = 0; h < proof->size(); ++h) {
        auto bad = *proof;
        bad[h] = Flip(bad[h], static_cast<int>(h * 53 % 256));
        CHECK_FALSE(merkle::VerifyConsistency(m, n, old_root, new_root, bad).ok());
      }
      auto extra = *proof;
      extra.push_back(new_root);
      CHECK_FALSE(merkle::VerifyConsistency(m, n, old_root, new_root, extra).ok());
      auto missing = *proof;
      missing.pop_back();
      CHECK_FALSE(merkle::VerifyConsistency(m, n, old_root, new_root, missing).ok());
      CHECK_FALSE(merkle::VerifyConsistency(m, n, Flip(old_root, 7), new_root, *proof).ok());
      CHECK_FALSE(merkle::VerifyConsistency(m, n, old_root, Flip(new_root, 7), *proof).ok());
      if (n < 8) CHECK_FALSE(merkle::VerifyConsistency(m, n + 1, old_root, Mth(leaves, 0, n + 1), *proof).ok());
      if (m > 1) CHECK_FALSE(merkle::VerifyConsistency(m - 1, n, Mth(leaves, 0, m - 1), new_root, *proof).ok());
    }
  }
  CHECK(checked == 45);
  CHECK(merkle::ConsistencyProof(5, 4, stored.Reader()).status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE("proofs in a larger tree match the RFC's definitions", "[merkle]") {
  std::vector<std::string> leaves;
  Stored stored;
  for (int i = 0; i < 300; ++i) {
    leaves.push_back("leaf " + std::to_string(i));
    stored.Add(leaves.back());
  }
  for (std::uint64_t n : {1u, 2u, 255u, 256u, 257u, 300u}) {
    CHECK(*merkle::Root(n, stored.Reader()) == Mth(leaves, 0, n));
    for (std::uint64_t i : {std::uint64_t{0}, n / 2, n - 1}) {
      CHECK(*merkle::InclusionProof(i, n, stored.Reader()) == Path(i, leaves, 0, n));
    }
    for (std::uint64_t m : {std::uint64_t{1}, n / 3 + 1, n - 1}) {
      if (m == 0 || m >= n) continue;
      auto proof = merkle::ConsistencyProof(m, n, stored.Reader());
      CHECK(*proof == Subproof(m, leaves, 0, n, true));
      CHECK(merkle::VerifyConsistency(m, n, Mth(leaves, 0, m), Mth(leaves, 0, n), *proof).ok());
    }
  }
}

TEST_CASE("tile paths are tlog-tiles' canonical form, both ways", "[merkle]") {
  CHECK(merkle::TileIndexPath(0) == "000");
  CHECK(merkle::TileIndexPath(67) == "067");
  CHECK(merkle::TileIndexPath(1234067) == "x001/x234/067");
  CHECK(merkle::TilePath({0, 1234067, 256}) == "0/x001/x234/067");
  CHECK(merkle::TilePath({2, 5, 7}) == "2/005.p/7");
  CHECK(merkle::TilePath({-1, 1000, 1}) == "entries/x001/000.p/1");
  for (const merkle::Tile& tile : {merkle::Tile{0, 0, 256}, merkle::Tile{1, 999, 12}, merkle::Tile{-1, 1000, 256},
                                   merkle::Tile{63, UINT64_MAX, 255}}) {
    auto parsed = merkle::ParseTilePath(merkle::TilePath(tile));
    REQUIRE(parsed.ok());
    CHECK(*parsed == tile);
  }
  for (const char* bad : {"", "0", "0/", "00/000", "64/000", "0/0", "0/0000", "0/x000/001", "0/001/002",
                          "0/x001", "0/000.p/0", "0/000.p/256", "0/000.p/01", "0/000.p", "0/000.p/x",
                          "a/000", "entries/1", "0/x001/x002/x003/x004/x005/x006/x007/000", "-1/000"}) {
    INFO(bad);
    CHECK(merkle::ParseTilePath(bad).status().code() == Status::Code::kInvalidArgument);
  }
}
