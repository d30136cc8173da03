// The RFC 6962 Merkle tree as pure functions (README, "The verifiable log:
// the tree"): hashes, the tree's right edge, the shapes of inclusion and
// consistency proofs, their verification (RFC 9162 §2.1.3.2, §2.1.4.2), and
// tlog-tiles paths. No storage: what needs stored hashes gets them through a
// HashReader, so the same code serves the store, the tools and the tests.
//
// The stored hashes are the complete subtrees, as Go's tlog stores them:
// NodeId{level, index} is the hash of leaves [index·2^level, (index+1)·2^level).
// A tree of n leaves has exactly those with (index+1)·2^level <= n.
//
// Thread-safe: no shared state.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/common/sha256.h"
#include "certreg/common/status.h"

namespace certreg::store::merkle {

// A leaf is at most this many bytes: tlog-tiles entry bundles use a 16-bit length.
inline constexpr std::size_t kMaxLeafBytes = 65535;
// Tiles are 2^8 = 256 hashes wide (tlog-tiles).
inline constexpr int kTileHeight = 8;
inline constexpr std::uint64_t kTileWidth = 256;

Digest LeafHash(std::string_view leaf);                   // SHA-256(0x00 || leaf)
Digest NodeHash(const Digest& left, const Digest& right);  // SHA-256(0x01 || left || right)
Digest EmptyRoot();                                        // SHA-256(""): the tree of no leaves

struct NodeId {
  int level = 0;
  std::uint64_t index = 0;
  bool operator==(const NodeId&) const = default;
};

// Reads stored hashes: one per id, in order. NotFound when one is missing.
using HashReader = std::function<Result<std::vector<Digest>>(const std::vector<NodeId>&)>;

// The right edge of a growing tree: the complete subtrees that make up its
// leaves (at most 64), enough to append and to give the root.
class TreeEdge {
 public:
  TreeEdge() = default;
  // The edge of the tree of `size` leaves from its stored hashes.
  static Result<TreeEdge> Load(std::uint64_t size, const HashReader& read);

  std::uint64_t size() const { return size_; }
  // Appends the leaf with hash `leaf_hash`; `stored` gets every node that
  // became complete (the leaf itself first, then its completed parents).
  void Append(const Digest& leaf_hash, const std::function<void(const NodeId&, const Digest&)>& stored);
  Digest Root() const;

 private:
  std::uint64_t size_ = 0;
  std::vector<Digest> hashes_;  // by decreasing level: the set bits of size_, high to low
};

// The nodes whose hashes fold (right to left, NodeHash) into the hash of
// leaves [begin, end): the aligned complete subtrees from left to right.
// begin < end, and begin is a multiple of a power of two >= end - begin, as
// in every range of RFC 6962's recursion.
std::vector<NodeId> RangeNodes(std::uint64_t begin, std::uint64_t end);
// Folds the hashes of RangeNodes: h0 ‖ (h1 ‖ (... ‖ hk)).
Digest FoldRange(const std::vector<Digest>& hashes);
// The hash of the complete subtree whose nodes at one level are the
// `count` hashes from `first`, left to right; count is a power of two (1 gives
// the node itself). As Go's tlog does, a store keeps only some levels and
// folds the others from the level below.
Digest SubtreeHash(const Digest* first, std::size_t count);

// The root of the tree of `size` leaves (EmptyRoot() for 0).
Result<Digest> Root(std::uint64_t size, const HashReader& read);

// RFC 6962 PATH(index, D[0:size]), leaf's sibling first. InvalidArgument
// unless index < size.
Result<std::vector<Digest>> InclusionProof(std::uint64_t index, std::uint64_t size, const HashReader& read);
// RFC 6962 PROOF(old_size, D[0:new_size]); empty when old_size is 0 or equal
// to new_size. InvalidArgument when old_size > new_size.
Result<std::vector<Digest>> ConsistencyProof(std::uint64_t old_size, std::uint64_t new_size, const HashReader& read);

// RFC 9162 §2.1.3.2. Ok, or InvalidArgument naming why the proof fails.
Status VerifyInclusion(std::uint64_t index, std::uint64_t size, const Digest& leaf_hash,
                       const std::vector<Digest>& proof, const Digest& root);
// RFC 9162 §2.1.4.2; old_size 0 or equal to new_size needs an empty proof.
Status VerifyConsistency(std::uint64_t old_size, std::uint64_t new_size, const Digest& old_root,
                         const Digest& new_root, const std::vector<Digest>& proof);

// --- tlog-tiles paths ---------------------------------------------------------
// A tile: `level` is the tile level (hash level level·8), or -1 for an entry
// bundle; hashes (or leaves) [index·256, index·256 + width) of its level.
struct Tile {
  int level = 0;
  std::uint64_t index = 0;
  unsigned width = kTileWidth;  // 256 for a full tile, 1..255 for a partial one (".p/<width>")
  bool operator==(const Tile&) const = default;
};
// "x001/x234/067" for 1234067: three digits a group, all but the last prefixed by x.
std::string TileIndexPath(std::uint64_t index);
// "<L>/<N>[.p/<W>]" or "entries/<N>[.p/<W>]". 
std::string TilePath(const Tile& tile);
// Parses the part of a tile's path after "tile/"; InvalidArgument naming the
// problem for anything but the canonical form (levels 0 to 63).
Result<Tile> ParseTilePath(std::string_view path);

}  // namespace certreg::store::merkle
