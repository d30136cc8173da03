// Internal: the data directory's format version (README, "Backup
// and restore", format versions). The store records the format it was
// written in under meta/"format" (keys.h); a store without it is format 1
// and gets it when opened for writing.
#pragma once

#include <optional>
#include <string>

#include "certreg/common/status.h"

namespace certreg::store {

// The newest format this binary reads and writes (keys::kFormatVersion).
// Format 2 stores the Merkle tree's nodes at the tile levels only; a format 1
// store (every level) is read as it is and migrated when opened for writing
// (tree_store.cc, MigrateTree).
inline constexpr int kDataFormat = 2;

// Whether this binary may open a store whose meta/"format" holds `stored`
// (nullopt: no marker, format 1). Rejected with "data directory format N is
// newer than this certreg (M); upgrade certreg" for a newer format;
// Corruption for a marker that is not a format number.
Status CheckDataFormat(const std::optional<std::string>& stored);

}  // namespace certreg::store
