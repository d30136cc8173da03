// Name postings for a search: the matches of a short query, the rarest gram
// of a long one, and the check of a candidate's names.
#include "projections/public_index/name_candidates.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <optional>

#include "certreg/projections/keys.h"
#include "certreg/text/search_text.h"
#include "projections/public_index/index_writes.h"

namespace certreg::projections::internal {
namespace {

using Run = std::vector<std::string_view>;

// Sorted runs without repeats merged into one such list (set_union keeps one
// of two equal numbers), the two shortest first: a few long runs and many
// short ones (one gram most names hold and rare ones) cost little more than
// the long runs' length.
Run MergeRuns(std::vector<Run> runs) {
  const auto longer = [](const Run& a, const Run& b) { return a.size() > b.size(); };
  std::make_heap(runs.begin(), runs.end(), longer);
  const auto take_shortest = [&] {
    std::pop_heap(runs.begin(), runs.end(), longer);
    Run shortest = std::move(runs.back());
    runs.pop_back();
    return shortest;
  };
  while (runs.size() > 1) {
    const Run a = take_shortest();
    const Run b = take_shortest();
    Run merged;
    merged.reserve(a.size() + b.size());
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(merged));
    runs.push_back(std::move(merged));
    std::push_heap(runs.begin(), runs.end(), longer);
  }
  if (runs.empty()) return {};
  return std::move(runs[0]);
}

}  // namespace

Result<NumberList> ShortFormMatches(const RowReader& reader, const std::string& form) {
  NumberList out;
  if (form.find('\0') != std::string::npos) return out;  // no gram holds a NUL code point
  const std::string prefix = GramStartPrefix(form);
  // The postings come gram by gram, each gram's in number order: one run
  // per gram, kept as offsets until every number is copied.
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // of each number in out.bytes
  std::vector<std::size_t> run_starts;                     // in `spans`
  std::string gram;
  CERTREG_RETURN_IF_ERROR(reader.VisitKeys(kPublicIndexCf, prefix, [&](std::string_view key) {
    const std::optional<GramPosting> posting = ParseGramKey(key);
    if (!posting) return true;  // not a gram posting: none is under a gram prefix
    if (run_starts.empty() || posting->gram != gram) {
      run_starts.push_back(spans.size());
      gram.assign(posting->gram);
    }
    spans.emplace_back(out.bytes.size(), posting->number.size());
    out.bytes.insert(out.bytes.end(), posting->number.begin(), posting->number.end());
    return true;
  }));
  std::vector<Run> runs(run_starts.size());
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const std::size_t end = r + 1 < run_starts.size() ? run_starts[r + 1] : spans.size();
    for (std::size_t i = run_starts[r]; i < end; ++i) {
      runs[r].emplace_back(out.bytes.data() + spans[i].first, spans[i].second);
    }
  }
  out.numbers = MergeRuns(std::move(runs));
  return out;
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
