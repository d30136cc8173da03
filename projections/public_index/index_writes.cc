// The public index postings of a file's certificate, written and read.
#include "projections/public_index/index_writes.h"

#include <algorithm>
#include <iterator>

#include "certreg/projections/keys.h"
#include "certreg/text/search_text.h"
#include "projections/paging.h"

namespace certreg::projections::internal {

std::vector<std::string> IndexKeys(const domain::FileState& state) {
  std::vector<std::string> keys;
  if (!state.certificate) return keys;
  const domain::CertificateState& c = *state.certificate;
  if (!c.uscc.empty()) keys.push_back(UsccKey(c.uscc, c.number));
  keys.push_back(NumberKey(text::SearchForm(c.number), c.number));
  std::vector<std::string> names = c.former_names;
  names.push_back(c.holder_name);
  for (const std::string& name : names) {
    for (const std::string& gram : NameGrams(name)) keys.push_back(GramKey(gram, c.number));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

void KeyChanges(const char* column_family, const std::vector<std::string>& old_keys,
                std::vector<std::string> new_keys, ProjectionWrites& out) {
  if (old_keys.empty()) {  // a rebuild's: every key is new
    for (std::string& key : new_keys) out.push_back({column_family, std::move(key), std::string()});
    return;
  }
  std::vector<std::string> gone, added;
  std::set_difference(old_keys.begin(), old_keys.end(), new_keys.begin(), new_keys.end(), std::back_inserter(gone));
  std::set_difference(new_keys.begin(), new_keys.end(), old_keys.begin(), old_keys.end(), std::back_inserter(added));
  for (std::string& key : gone) out.push_back({column_family, std::move(key), std::nullopt});
  for (std::string& key : added) out.push_back({column_family, std::move(key), std::string()});
}

Result<std::set<std::string>> Postings(const RowReader& reader, const std::string& prefix) {
  Result<KeyValues> entries = ScanAll(reader, kPublicIndexCf, prefix);
  if (!entries.ok()) return entries.status();
  std::set<std::string> numbers;
  for (const auto& [key, value] : *entries) numbers.insert(key.substr(prefix.size()));
  return numbers;
}

std::string AsciiUpper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

}  // namespace certreg::projections::internal
