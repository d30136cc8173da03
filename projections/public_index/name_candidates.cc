// Name postings for a search: the first ones of a gram, the rarest gram of a
// long query, and the check of a candidate's names.
#include "projections/public_index/name_candidates.h"

#include <algorithm>
#include <limits>

#include "certreg/projections/keys.h"
#include "certreg/text/search_text.h"
#include "projections/public_index/index_writes.h"

namespace certreg::projections::internal {
namespace {

constexpr std::size_t kChunk = 1024;

}  // namespace

Result<std::vector<std::string>> FirstPostings(const RowReader& reader, const std::string& prefix, std::size_t limit) {
  std::vector<std::string> numbers;
  std::string from = prefix;
  while (numbers.size() < limit) {
    const std::size_t want = std::min(kChunk, limit - numbers.size());
    Result<KeyValues> chunk = reader.Scan(kPublicIndexCf, from, prefix, want);
    if (!chunk.ok()) return chunk.status();
    for (const auto& [key, value] : *chunk) numbers.push_back(key.substr(prefix.size()));
    if (chunk->size() < want) break;
    from = chunk->back().first;
    from.push_back('\0');  // the least key after the last one
  }
  return numbers;
}

Result<std::set<std::string>> NameCandidates(const RowReader& reader, const std::string& form) {
  const std::vector<std::string> points = CodePoints(form);
  std::string rarest;
  std::uint64_t fewest = std::numeric_limits<std::uint64_t>::max();
  for (std::size_t i = 0; i + kMaxGramLength <= points.size(); ++i) {
    std::string gram;
    for (std::size_t j = i; j < i + kMaxGramLength; ++j) gram += points[j];
    Result<std::uint64_t> count = reader.Count(kPublicIndexCf, GramPrefix(gram));
    if (!count.ok()) return count.status();
    if (*count < fewest) {
      fewest = *count;
      rarest = gram;
    }
    if (fewest == 0) return std::set<std::string>();
  }
  return Postings(reader, GramPrefix(rarest));
}

bool NameHolds(const CertificateRow& row, const std::string& form) {
  if (text::SearchForm(row.holder_name).find(form) != std::string::npos) return true;
  return std::any_of(row.former_names.begin(), row.former_names.end(), [&](const std::string& name) {
    return text::SearchForm(name).find(form) != std::string::npos;
  });
}

}  // namespace certreg::projections::internal
