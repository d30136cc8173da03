// Internal to the store: a RocksDB status as the project's Status, with what
// was being done as its context. Corruption and NoSpace keep their meaning;
// everything else is IOError.
#pragma once

#include <rocksdb/status.h>

#include <string>

#include "certreg/common/status.h"

namespace certreg::store {

inline Status FromRocks(const rocksdb::Status& s, const std::string& context) {
  if (s.ok()) return Status::Ok();
  if (s.IsCorruption()) return Status::Corruption(context + ": " + s.ToString());
  if (s.IsNoSpace()) return Status::NoSpace(context + ": " + s.ToString());
  return Status::IOError(context + ": " + s.ToString());
}

}  // namespace certreg::store
