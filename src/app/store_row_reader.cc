#include "certreg/app/store_row_reader.h"

#include <algorithm>

namespace certreg::app {

Result<std::optional<std::string>> StoreRowReader::Get(std::string_view column_family, std::string_view key) const {
  return store_.GetExtra(std::string(column_family), std::string(key));
}

Result<projections::KeyValues> StoreRowReader::Scan(std::string_view column_family, std::string_view from,
                                                    std::string_view prefix, std::size_t max) const {
  // Start at the later of `from` and `prefix`; stop at the first key outside the prefix.
  auto rows = store_.ScanExtra(std::string(column_family), std::string(std::max(from, prefix)), max);
  if (!rows.ok()) return rows.status();
  projections::KeyValues out;
  for (auto& row : *rows) {
    if (row.first.compare(0, prefix.size(), prefix) != 0) break;
    out.push_back(std::move(row));
  }
  return out;
}

Status StoreRowReader::VisitKeys(std::string_view column_family, std::string_view prefix,
                                 const std::function<bool(std::string_view key)>& visit) const {
  return store_.VisitExtraKeys(std::string(column_family), std::string(prefix), visit);
}

}  // namespace certreg::app
