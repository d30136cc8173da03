// MemoryTables: the projection tables in a map.
#include "certreg/projections/row_reader.h"

namespace certreg::projections {

void MemoryTables::Apply(const ProjectionWrites& writes) {
  for (const RowWrite& write : writes) {
    if (write.value) {
      tables_[write.column_family][write.key] = *write.value;
      continue;
    }
    auto table = tables_.find(write.column_family);
    if (table == tables_.end()) continue;
    table->second.erase(write.key);
    if (table->second.empty()) tables_.erase(table);
  }
}

Result<std::optional<std::string>> MemoryTables::Get(std::string_view column_family, std::string_view key) const {
  auto table = tables_.find(column_family);
  if (table == tables_.end()) return std::optional<std::string>();
  auto row = table->second.find(key);
  if (row == table->second.end()) return std::optional<std::string>();
  return std::optional<std::string>(row->second);
}

Result<KeyValues> MemoryTables::Scan(std::string_view column_family, std::string_view from, std::string_view prefix,
                                     std::size_t max) const {
  KeyValues out;
  auto table = tables_.find(column_family);
  if (table == tables_.end()) return out;
  for (auto it = table->second.lower_bound(from); it != table->second.end() && out.size() < max; ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) {
      if (it->first > prefix) break;  // past every key with the prefix
      continue;
    }
    out.emplace_back(it->first, it->second);
  }
  return out;
}

}  // namespace certreg::projections
