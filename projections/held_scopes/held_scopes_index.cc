// The index of held USCCs and scopes, written and read.
#include "projections/held_scopes/held_scopes_index.h"

#include "certreg/domain/held_scopes.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/query.h"
#include "projections/paging.h"

namespace certreg::projections {
namespace internal {

std::vector<std::string> HeldScopeKeys(const std::string& file_id, const std::vector<domain::HeldScope>& held) {
  std::vector<std::string> keys;
  for (const domain::HeldScope& h : held) keys.push_back(HeldScopeKey(h.uscc, h.scope, file_id));
  return keys;  // sorted as `held` is: the file id is the same in every key
}

}  // namespace internal

Result<std::vector<std::string>> FilesHolding(const RowReader& reader, const domain::HeldScope& held) {
  std::vector<std::string> files;
  if (held.uscc.empty()) return files;
  const std::string prefix = HeldScopePrefix(held.uscc, held.scope);
  Result<KeyValues> entries = internal::ScanAll(reader, kHeldScopesCf, prefix);
  if (!entries.ok()) return entries.status();
  for (const auto& [key, value] : *entries) files.push_back(key.substr(prefix.size()));
  return files;
}

}  // namespace certreg::projections
