// Internal to the app room: the rebuild's tables (ReadSide::Rebuild). The
// rows a rebuild wrote, sorted by key as RocksDB holds them, and the digest
// that compares them with the stored tables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/common/sha256.h"
#include "certreg/common/status.h"
#include "certreg/projections/project.h"
#include "certreg/store/event_store.h"

namespace certreg::app {

// SHA-256 over every (table, key, value), tables in the order given, rows in
// key order: each piece as its size (8 bytes, host order) and its bytes.
class TableDigest {
 public:
  void Add(std::string_view table, std::string_view key, std::string_view value);
  // The digest, hex.
  std::string Finish();

 private:
  static constexpr std::size_t kFlushBytes = 1 << 16;  // hashed in pieces of about this size
  void Flush();
  Sha256 sha_;
  std::string buffer_;
};

// The digest of the stored rows of `families`, in that order.
Result<std::string> StoredDigest(const store::EventStore& store, const std::vector<std::string>& families);

// One row of a rebuilt table: the last write of its key, which puts a value.
struct SortedRow {
  std::string_view key;
  std::size_t order;  // of the write among all writes
  projections::RowWrite* row;  // the caller may move its key and value out once done with the table
};
using SortedTable = std::vector<SortedRow>;

// One SortedTable per family of `families`: what applying the writes in
// their order leaves (the last write of a key wins; a deletion leaves
// nothing), rows in key order, added to `digest` in the order of `families`.
// The writes are `parts` one after another; every write of a key must be in
// one part. The tables point into the writes, which must outlive them. The
// largest table is sorted on a second thread beside the others.
std::vector<SortedTable> SortAndDigest(const std::vector<std::string>& families,
                                       std::vector<projections::ProjectionWrites>& parts, TableDigest& digest);

}  // namespace certreg::app
