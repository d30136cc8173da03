// The public index's query: search by number, USCC or any part of a name,
// each compared in its search form (text::SearchForm).
#include <algorithm>
#include <iterator>
#include <set>

#include "certreg/codec/row_codec.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/query.h"
#include "certreg/text/search_text.h"
#include "projections/certificates/certificate_row.h"
#include "projections/paging.h"
#include "projections/public_index/index_writes.h"
#include "projections/public_index/name_candidates.h"

namespace certreg::projections {
namespace {

using internal::AsciiUpper;
using internal::CheckPage;
using internal::LoadCertificate;
using internal::PageOf;
using internal::Postings;
using internal::ScanAll;

SearchPage EmptyPage(const SearchQuery& query) {
  SearchPage page;
  page.page = query.page;
  page.page_size = query.page_size;
  return page;
}

// Every certificate, in number order: the table itself.
Result<SearchPage> EveryCertificate(const RowReader& reader, const SearchQuery& query) {
  Result<KeyValues> all = ScanAll(reader, kCertificatesCf, "");
  if (!all.ok()) return all.status();
  std::vector<CertificateRow> matches;
  for (const auto& [key, value] : *all) {
    Result<CertificateRow> row = codec::DecodeCertificateRow(value);
    if (!row.ok()) return row.status().WithContext("certificate " + key);
    if (!query.status || row->status == *query.status) matches.push_back(std::move(row).value());
  }
  return PageOf<SearchPage>(std::move(matches), query.page, query.page_size);
}

// The certificates whose number or USCC is `form` (a search form), sorted.
Result<std::set<std::string>> ExactMatches(const RowReader& reader, const std::string& form) {
  Result<std::set<std::string>> exact = Postings(reader, NumberPrefix(form));
  if (!exact.ok()) return exact.status();
  Result<std::set<std::string>> by_uscc = Postings(reader, UsccPrefix(AsciiUpper(form)));
  if (!by_uscc.ok()) return by_uscc.status();
  exact->insert(by_uscc->begin(), by_uscc->end());
  return exact;
}

// A query of at most kMaxGramLength code points and no status filter: the
// postings of its one gram are exactly the names that hold it, in number
// order, so the total is a count of keys and only the page's rows are read.
Result<SearchPage> OneGramPage(const RowReader& reader, const std::string& form, const std::set<std::string>& exact,
                               const SearchQuery& query) {
  const std::string prefix = GramPrefix(form);
  Result<std::uint64_t> count = reader.Count(kPublicIndexCf, prefix);
  if (!count.ok()) return count.status();
  SearchPage page = EmptyPage(query);
  page.total = *count;
  std::vector<std::string> extra;  // exact matches whose names do not hold the gram
  for (const std::string& number : exact) {
    Result<std::optional<std::string>> posting = reader.Get(kPublicIndexCf, GramKey(form, number));
    if (!posting.ok()) return posting.status();
    if (!posting->has_value()) extra.push_back(number);
  }
  page.total += extra.size();

  const std::size_t first = static_cast<std::size_t>(query.page - 1) * static_cast<std::size_t>(query.page_size);
  const std::size_t end = first + static_cast<std::size_t>(query.page_size);
  if (first >= page.total) return page;
  Result<std::vector<std::string>> by_name = internal::FirstPostings(reader, prefix, end);
  if (!by_name.ok()) return by_name.status();
  std::vector<std::string> numbers;
  std::merge(by_name->begin(), by_name->end(), extra.begin(), extra.end(), std::back_inserter(numbers));
  for (std::size_t i = first; i < std::min(end, numbers.size()); ++i) {
    Result<std::optional<CertificateRow>> row = LoadCertificate(reader, numbers[i]);
    if (!row.ok()) return row.status();
    if (row->has_value()) page.items.push_back(std::move(**row));  // else a posting whose row is gone
  }
  return page;
}

}  // namespace

Result<SearchPage> Search(const RowReader& reader, const SearchQuery& query) {
  CERTREG_RETURN_IF_ERROR(CheckPage(query.page, query.page_size, kMaxExportPageSize));
  if (text::IsBlank(query.q)) return EveryCertificate(reader, query);
  const std::string form = text::SearchForm(query.q);
  if (form.empty()) return EmptyPage(query);  // only punctuation: nothing to search for

  Result<std::set<std::string>> exact = ExactMatches(reader, form);
  if (!exact.ok()) return exact.status();
  const bool one_gram = CodePoints(form).size() <= kMaxGramLength;
  if (one_gram && !query.status) return OneGramPage(reader, form, *exact, query);

  // The long way: every candidate's row is read, for its status and, unless
  // its gram's postings already say so, to check that a name holds `form`.
  Result<std::set<std::string>> candidates =
      one_gram ? Postings(reader, GramPrefix(form)) : internal::NameCandidates(reader, form);
  if (!candidates.ok()) return candidates.status();
  std::set<std::string> numbers = *exact;
  numbers.insert(candidates->begin(), candidates->end());
  std::vector<CertificateRow> matches;
  for (const std::string& number : numbers) {
    Result<std::optional<CertificateRow>> row = LoadCertificate(reader, number);
    if (!row.ok()) return row.status();
    if (!row->has_value()) continue;  // a posting whose row is gone
    if (query.status && (*row)->status != *query.status) continue;
    if (!one_gram && exact->count(number) == 0 && !internal::NameHolds(**row, form)) continue;
    matches.push_back(std::move(**row));
  }
  return PageOf<SearchPage>(std::move(matches), query.page, query.page_size);
}

}  // namespace certreg::projections
