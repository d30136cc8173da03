#include "certreg/store/merkle.h"

#include <bit>

namespace certreg::store::merkle {
namespace {

constexpr std::uint8_t kLeafPrefix = 0x00;
constexpr std::uint8_t kNodePrefix = 0x01;

struct Range {
  std::uint64_t begin, end;
};

// The largest power of two smaller than n (n >= 2): RFC 6962's split point k.
std::uint64_t SplitPoint(std::uint64_t n) { return std::uint64_t{1} << (63 - std::countl_zero(n - 1)); }

// RFC 6962 PATH(m, D[a:b]) as the ranges whose hashes it lists.
void PathRanges(std::uint64_t m, std::uint64_t a, std::uint64_t b, std::vector<Range>* out) {
  if (b - a <= 1) return;
  const std::uint64_t k = SplitPoint(b - a);
  if (m < k) {
    PathRanges(m, a, a + k, out);
    out->push_back({a + k, b});
  } else {
    PathRanges(m - k, a + k, b, out);
    out->push_back({a, a + k});
  }
}

// RFC 6962 SUBPROOF(m, D[a:b], whole) as ranges.
void SubproofRanges(std::uint64_t m, std::uint64_t a, std::uint64_t b, bool whole, std::vector<Range>* out) {
  const std::uint64_t n = b - a;
  if (m == n) {
    if (!whole) out->push_back({a, b});
    return;
  }
  const std::uint64_t k = SplitPoint(n);
  if (m <= k) {
    SubproofRanges(m, a, a + k, whole, out);
    out->push_back({a + k, b});
  } else {
    SubproofRanges(m - k, a + k, b, false, out);
    out->push_back({a, a + k});
  }
}

// One level up the tree in RFC 9162's verification: both indices halve.
void Up(std::uint64_t* fn, std::uint64_t* sn) {
  *fn >>= 1;
  *sn >>= 1;
}

// RFC 9162's step for a proof hash that goes on the left: past the levels
// where the path is the right edge of an incomplete subtree.
void UpWhileRightEdge(std::uint64_t* fn, std::uint64_t* sn) {
  while (!(*fn & 1) && *fn != 0) Up(fn, sn);
}

// The hash of each range, from one read of every node they need.
Result<std::vector<Digest>> RangeHashes(const std::vector<Range>& ranges, const HashReader& read) {
  std::vector<NodeId> ids;
  std::vector<std::size_t> counts;
  for (const Range& range : ranges) {
    auto nodes = RangeNodes(range.begin, range.end);
    counts.push_back(nodes.size());
    ids.insert(ids.end(), nodes.begin(), nodes.end());
  }
  if (ids.empty()) return std::vector<Digest>{};
  auto hashes = read(ids);
  if (!hashes.ok()) return hashes.status();
  if (hashes->size() != ids.size()) return Status::Corruption("the tree's hash reader answered the wrong count");
  std::vector<Digest> out;
  std::size_t at = 0;
  for (std::size_t count : counts) {
    out.push_back(FoldRange(std::vector<Digest>(hashes->begin() + at, hashes->begin() + at + count)));
    at += count;
  }
  return out;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A decimal number without leading zeros, at most `max`; nullopt otherwise.
std::optional<std::uint64_t> ParseNumber(std::string_view s, std::uint64_t max) {
  if (!AllDigits(s) || (s.size() > 1 && s[0] == '0') || s.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : s) value = value * 10 + static_cast<std::uint64_t>(c - '0');
  if (value > max) return std::nullopt;
  return value;
}

}  // namespace

Digest LeafHash(std::string_view leaf) { return Sha256().Add(&kLeafPrefix, 1).Add(leaf).Finish(); }

Digest NodeHash(const Digest& left, const Digest& right) {
  return Sha256().Add(&kNodePrefix, 1).Add(left.data(), left.size()).Add(right.data(), right.size()).Finish();
}

Digest EmptyRoot() { return Sha256Of(""); }

Result<TreeEdge> TreeEdge::Load(std::uint64_t size, const HashReader& read) {
  TreeEdge edge;
  edge.size_ = size;
  if (size == 0) return edge;
  auto hashes = read(RangeNodes(0, size));
  if (!hashes.ok()) return hashes.status().WithContext("the tree's right edge at size " + std::to_string(size));
  edge.hashes_ = std::move(hashes).value();
  return edge;
}

void TreeEdge::Append(const Digest& leaf_hash, const std::function<void(const NodeId&, const Digest&)>& stored) {
  NodeId id{0, size_};
  Digest hash = leaf_hash;
  stored(id, hash);
  while (id.index & 1) {  // a left sibling completes a parent
    hash = NodeHash(hashes_.back(), hash);
    hashes_.pop_back();
    id = NodeId{id.level + 1, id.index >> 1};
    stored(id, hash);
  }
  hashes_.push_back(hash);
  size_ += 1;
}

Digest TreeEdge::Root() const { return hashes_.empty() ? EmptyRoot() : FoldRange(hashes_); }

std::vector<NodeId> RangeNodes(std::uint64_t begin, std::uint64_t end) {
  std::vector<NodeId> out;
  while (begin < end) {
    int level = 63 - std::countl_zero(end - begin);
    while (level > 0 && (begin & ((std::uint64_t{1} << level) - 1)) != 0) --level;
    out.push_back({level, begin >> level});
    begin += std::uint64_t{1} << level;
  }
  return out;
}

Digest FoldRange(const std::vector<Digest>& hashes) {
  if (hashes.empty()) return EmptyRoot();
  Digest hash = hashes.back();
  for (std::size_t i = hashes.size() - 1; i-- > 0;) hash = NodeHash(hashes[i], hash);
  return hash;
}

Digest SubtreeHash(const Digest* first, std::size_t count) {
  std::vector<Digest> level(first, first + count);
  for (std::size_t width = count; width > 1; width /= 2) {
    for (std::size_t i = 0; i < width / 2; ++i) level[i] = NodeHash(level[2 * i], level[2 * i + 1]);
  }
  return level.front();
}

Result<Digest> Root(std::uint64_t size, const HashReader& read) {
  if (size == 0) return EmptyRoot();
  auto hashes = RangeHashes({{0, size}}, read);
  if (!hashes.ok()) return hashes.status();
  return hashes->front();
}

Result<std::vector<Digest>> InclusionProof(std::uint64_t index, std::uint64_t size, const HashReader& read) {
  if (index >= size) {
    return Status::InvalidArgument("leaf " + std::to_string(index) + " is not in a tree of size " +
                                   std::to_string(size));
  }
  std::vector<Range> ranges;
  PathRanges(index, 0, size, &ranges);
  return RangeHashes(ranges, read);
}

Result<std::vector<Digest>> ConsistencyProof(std::uint64_t old_size, std::uint64_t new_size, const HashReader& read) {
  if (old_size > new_size) {
    return Status::InvalidArgument("the old size " + std::to_string(old_size) + " is larger than the new size " +
                                   std::to_string(new_size));
  }
  std::vector<Range> ranges;
  if (old_size > 0 && old_size < new_size) SubproofRanges(old_size, 0, new_size, true, &ranges);
  return RangeHashes(ranges, read);
}

Status VerifyInclusion(std::uint64_t index, std::uint64_t size, const Digest& leaf_hash,
                       const std::vector<Digest>& proof, const Digest& root) {
  if (index >= size) return Status::InvalidArgument("the index is not below the tree size");
  std::uint64_t fn = index, sn = size - 1;
  Digest r = leaf_hash;
  for (const Digest& p : proof) {
    if (sn == 0) return Status::InvalidArgument("the inclusion proof has too many hashes");
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      UpWhileRightEdge(&fn, &sn);
    } else {
      r = NodeHash(r, p);
    }
    Up(&fn, &sn);
  }
  if (sn != 0) return Status::InvalidArgument("the inclusion proof has too few hashes");
  if (r != root) return Status::InvalidArgument("the inclusion proof does not lead to the root");
  return Status::Ok();
}

Status VerifyConsistency(std::uint64_t old_size, std::uint64_t new_size, const Digest& old_root,
                         const Digest& new_root, const std::vector<Digest>& proof) {
  if (old_size > new_size) return Status::InvalidArgument("the old size is larger than the new size");
  if (old_size == 0 || old_size == new_size) {
    if (!proof.empty()) return Status::InvalidArgument("the consistency proof should be empty");
    if (old_size == new_size && old_root != new_root) return Status::InvalidArgument("equal sizes, different roots");
    return Status::Ok();
  }
  if (proof.empty()) return Status::InvalidArgument("the consistency proof is empty");
  std::vector<Digest> path;
  if (std::has_single_bit(old_size)) path.push_back(old_root);
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = old_size - 1, sn = new_size - 1;
  while (fn & 1) Up(&fn, &sn);
  Digest fr = path[0], sr = path[0];
  for (std::size_t i = 1; i < path.size(); ++i) {
    const Digest& c = path[i];
    if (sn == 0) return Status::InvalidArgument("the consistency proof has too many hashes");
    if ((fn & 1) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      UpWhileRightEdge(&fn, &sn);
    } else {
      sr = NodeHash(sr, c);
    }
    Up(&fn, &sn);
  }
  if (sn != 0) return Status::InvalidArgument("the consistency proof has too few hashes");
  if (fr != old_root) return Status::InvalidArgument("the consistency proof does not lead to the old root");
  if (sr != new_root) return Status::InvalidArgument("the consistency proof does not lead to the new root");
  return Status::Ok();
}

std::string TileIndexPath(std::uint64_t index) {
  auto group = [](std::uint64_t n) {
    std::string s = std::to_string(n % 1000);
    return std::string(3 - s.size(), '0') + s;
  };
  std::string out = group(index);
  while (index >= 1000) {
    index /= 1000;
    out = "x" + group(index) + "/" + out;
  }
  return out;
}

std::string TilePath(const Tile& tile) {
  std::string out = tile.level < 0 ? std::string("entries") : std::to_string(tile.level);
  out += "/" + TileIndexPath(tile.index);
  if (tile.width < kTileWidth) out += ".p/" + std::to_string(tile.width);
  return out;
}

Result<Tile> ParseTilePath(std::string_view path) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() < 2) return Status::InvalidArgument("a tile path is <level>/<index>[.p/<width>]");
  Tile tile;
  if (parts[0] == "entries") {
    tile.level = -1;
  } else {
    auto level = ParseNumber(parts[0], 63);
    if (!level) return Status::InvalidArgument("a tile level is a number from 0 to 63");
    tile.level = static_cast<int>(*level);
  }
  std::vector<std::string_view> groups(parts.begin() + 1, parts.end());
  if (groups.size() >= 2 && groups[groups.size() - 2].ends_with(".p")) {
    auto width = ParseNumber(groups.back(), kTileWidth - 1);
    if (!width || *width == 0) return Status::InvalidArgument("a partial tile's width is a number from 1 to 255");
    tile.width = static_cast<unsigned>(*width);
    groups.pop_back();
    groups.back().remove_suffix(2);
  }
  if (groups.size() > 7) return Status::InvalidArgument("a tile index has at most 7 groups of three digits");
  unsigned __int128 index = 0;
  std::string joined;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    std::string_view group = groups[i];
    const bool last = i + 1 == groups.size();
    if (!last) {
      if (!group.starts_with("x")) return Status::InvalidArgument("a tile index group but the last starts with x");
      group.remove_prefix(1);
    }
    if (group.size() != 3 || !AllDigits(group)) {
      return Status::InvalidArgument("a tile index is written in groups of three digits (x001/x234/067)");
    }
    index = index * 1000 + static_cast<unsigned>(std::stoul(std::string(group)));
    joined += (i == 0 ? "" : "/") + std::string(last ? "" : "x") + std::string(group);
  }
  if (index > UINT64_MAX) return Status::InvalidArgument("the tile index is too large");
  tile.index = static_cast<std::uint64_t>(index);
  if (TileIndexPath(tile.index) != joined) {
    return Status::InvalidArgument("the tile index is not in its canonical form (" + TileIndexPath(tile.index) + ")");
  }
  return tile;
}

}  // namespace certreg::store::merkle
