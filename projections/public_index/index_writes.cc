// The public index postings of a file's certificate, written and read.
#include "projections/public_index/index_writes.h"

#include <algorithm>
#include <iterator>

#include "certreg/projections/keys.h"
#include "certreg/text/search_text.h"
#include "projections/paging.h"

namespace certreg::projections::internal {

namespace {

// The postings of a certificate with these fields, sorted.
std::vector<std::string> KeysOf(const std::string& number, const std::string& uscc, const std::string& holder_name,
                                const std::vector<std::string>& former_names) {
  std::vector<std::string> keys;
  if (!uscc.empty()) keys.push_back(UsccKey(uscc, number));
  keys.push_back(NumberKey(text::SearchForm(number), number));
  const auto add_grams = [&](const std::string& name) {
    for (const std::string& gram : NameGrams(name)) keys.push_back(GramKey(gram, number));
  };
  for (const std::string& name : former_names) add_grams(name);
  add_grams(holder_name);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace

IndexInputs IndexInputsOf(const domain::FileState& state) {
  if (!state.certificate) return {};
  const domain::CertificateState& c = *state.certificate;
  return {true, c.number, c.uscc, c.holder_name, c.former_names};
}

bool SameIndexInputs(const IndexInputs& inputs, const domain::FileState& state) {
  if (!state.certificate) return !inputs.certified;
  const domain::CertificateState& c = *state.certificate;
  return inputs.certified && inputs.number == c.number && inputs.uscc == c.uscc &&
         inputs.holder_name == c.holder_name && inputs.former_names == c.former_names;
}

std::vector<std::string> IndexKeys(const IndexInputs& inputs) {
  if (!inputs.certified) return {};
  return KeysOf(inputs.number, inputs.uscc, inputs.holder_name, inputs.former_names);
}

std::vector<std::string> IndexKeys(const domain::FileState& state) {
  if (!state.certificate) return {};
  const domain::CertificateState& c = *state.certificate;
  return KeysOf(c.number, c.uscc, c.holder_name, c.former_names);
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
