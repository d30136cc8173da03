// Read access to the projection tables, as the queries (query.h) need it: a
// key-value interface the store implements over RocksDB and tests over a map.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/projections/project.h"

namespace certreg::projections {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

// Implementations must be safe to call from several threads at once if the
// queries using them are. Errors: IOError (storage failed), Busy; an unknown
// column family is InvalidArgument.
class RowReader {
 public:
  virtual ~RowReader() = default;

  // The value stored under `key`; nullopt when absent.
  virtual Result<std::optional<std::string>> Get(std::string_view column_family, std::string_view key) const = 0;

  // At most `max` entries (max >= 1) whose key starts with `prefix` and is >=
  // `from`, in ascending byte order of their keys. Fewer than `max` means
  // there are no more.
  virtual Result<KeyValues> Scan(std::string_view column_family, std::string_view from, std::string_view prefix,
                                 std::size_t max) const = 0;

  // The keys that start with `prefix`, in ascending byte order, each handed
  // to `visit` (valid during the call only) until it returns false. The
  // default reads them through Scan; a reader over a store hands them over
  // without copying anything.
  virtual Status VisitKeys(std::string_view column_family, std::string_view prefix,
                           const std::function<bool(std::string_view key)>& visit) const;

  // The number of entries whose key starts with `prefix`, through VisitKeys:
  // a search's total without reading the entries.
  Result<std::uint64_t> Count(std::string_view column_family, std::string_view prefix) const;
};

// The tables in memory: for tests, and for comparing a rebuild with the
// tables written command by command. Thread-compatible (no locking).
class MemoryTables : public RowReader {
 public:
  using Table = std::map<std::string, std::string, std::less<>>;

  // Puts and deletes `writes` in order.
  void Apply(const ProjectionWrites& writes);

  Result<std::optional<std::string>> Get(std::string_view column_family, std::string_view key) const override;
  Result<KeyValues> Scan(std::string_view column_family, std::string_view from, std::string_view prefix,
                         std::size_t max) const override;

  // Column family -> its rows; a column family with no rows is absent.
  const std::map<std::string, Table, std::less<>>& tables() const { return tables_; }
  friend bool operator==(const MemoryTables& a, const MemoryTables& b) { return a.tables_ == b.tables_; }

 private:
  std::map<std::string, Table, std::less<>> tables_;
};

}  // namespace certreg::projections
