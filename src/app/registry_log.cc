// The registry's reads of the verifiable log: tiles, entry bundles and proofs
// from the store's stored tree nodes (certreg/store/merkle.h).
#include "certreg/app/registry.h"
#include "certreg/store/merkle.h"

namespace certreg::app {
namespace {

namespace merkle = store::merkle;

Status BeyondTree(std::uint64_t size, std::uint64_t tree_size) {
  return Status::NotFound("tree size " + std::to_string(size) + " is beyond the log's tree of " +
                          std::to_string(tree_size) + " leaves");
}

}  // namespace

Result<std::string> Registry::LogTile(std::string_view path, bool entries, bool* full) const {
  auto tile = merkle::ParseTilePath(path);
  if (!tile.ok()) return tile.status().WithContext("tile path " + std::string(path));
  if ((tile->level < 0) != entries) {
    return Status::InvalidArgument(entries ? "an entry bundle's path starts with entries/" : "a tile level is a number");
  }
  const std::uint64_t size = store_.Head().size;
  // Hashes at the tile's level: the complete subtrees of 2^(8L) leaves.
  const int level = entries ? 0 : tile->level * merkle::kTileHeight;
  const std::uint64_t at_level = level >= 64 ? 0 : size >> level;
  const bool too_far = tile->index >= at_level / merkle::kTileWidth + 1;  // also keeps the next line from overflowing
  const std::uint64_t first = too_far ? 0 : tile->index * merkle::kTileWidth;
  if (too_far || at_level < first + tile->width) {
    return Status::NotFound("tile " + merkle::TilePath(*tile) + " is beyond the tree of " + std::to_string(size) +
                            " leaves");
  }
  *full = tile->width == merkle::kTileWidth;
  std::string out;
  if (entries) {
    auto leaves = store_.ReadLeaves(first, tile->width);
    if (!leaves.ok()) return leaves.status();
    if (leaves->size() != tile->width) return Status::Corruption("the log ends before its head");
    for (const std::string& leaf : *leaves) {
      out.push_back(static_cast<char>(leaf.size() >> 8));
      out.push_back(static_cast<char>(leaf.size() & 0xff));
      out += leaf;
    }
    return out;
  }
  auto hashes = store_.ReadTreeHashes(level, first, tile->width);
  if (!hashes.ok()) return hashes.status();
  if (hashes->size() != tile->width) {
    return Status::Corruption("tree nodes of tile " + merkle::TilePath(*tile) + " are missing");
  }
  out.reserve(hashes->size() * 32);
  for (const Digest& hash : *hashes) out.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  return out;
}

Result<Registry::LogEntry> Registry::LogEntryAt(std::uint64_t position) const {
  auto events = store_.ReadAll(position, 1);
  if (!events.ok()) return events.status();
  auto leaves = store_.ReadLeaves(position, 1);
  if (!leaves.ok()) return leaves.status();
  if (events->empty() || leaves->empty() || events->front().position != position) {
    return Status::NotFound("event " + std::to_string(position) + " is beyond the log");
  }
  return LogEntry{std::move(events->front().type), std::move(leaves->front())};
}

Result<std::vector<Digest>> Registry::LogInclusionProof(std::uint64_t index, std::uint64_t size) const {
  const std::uint64_t tree_size = store_.Head().size;
  if (size == 0 || size > tree_size) return BeyondTree(size, tree_size);
  if (index >= size) {
    return Status::NotFound("leaf " + std::to_string(index) + " is beyond the tree of " + std::to_string(size) +
                            " leaves");
  }
  return merkle::InclusionProof(index, size, [this](const std::vector<merkle::NodeId>& ids) {
    return store_.ReadTreeNodes(ids);
  });
}

Result<std::vector<Digest>> Registry::LogConsistencyProof(std::uint64_t old_size, std::uint64_t new_size) const {
  const std::uint64_t tree_size = store_.Head().size;
  if (new_size > tree_size) return BeyondTree(new_size, tree_size);
  if (old_size > new_size) {
    return Status::InvalidArgument("the old size " + std::to_string(old_size) + " is larger than the new size " +
                                   std::to_string(new_size));
  }
  return merkle::ConsistencyProof(old_size, new_size, [this](const std::vector<merkle::NodeId>& ids) {
    return store_.ReadTreeNodes(ids);
  });
}

Result<Digest> Registry::LogRoot(std::uint64_t size) const {
  const std::uint64_t tree_size = store_.Head().size;
  if (size > tree_size) return BeyondTree(size, tree_size);
  return merkle::Root(size, [this](const std::vector<merkle::NodeId>& ids) { return store_.ReadTreeNodes(ids); });
}

}  // namespace certreg::app
