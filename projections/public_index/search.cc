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

// The page asked for of `numbers`, a search's matches in number order: its
// rows, and the total of every page.
Result<SearchPage> PageOfNumbers(const RowReader& reader, const std::vector<std::string_view>& numbers,
                                 const SearchQuery& query) {
  SearchPage page = EmptyPage(query);
  page.total = numbers.size();
  const std::size_t first = static_cast<std::size_t>(query.page - 1) * static_cast<std::size_t>(query.page_size);
  const std::size_t end = std::min(numbers.size(), first + static_cast<std::size_t>(query.page_size));
  for (std::size_t i = first; i < end; ++i) {
    Result<std::optional<CertificateRow>> row = LoadCertificate(reader, std::string(numbers[i]));
    if (!row.ok()) return row.status();
    if (row->has_value()) page.items.push_back(std::move(**row));  // else a posting whose row is gone
  }
  return page;
}

// The rows of `numbers`, a search's candidates in number order, that the
// query's status filter allows and `holds(number, row)` accepts, as a page;
// a posting whose row is gone is passed over.
template <typename Numbers, typename Holds>
Result<SearchPage> FilteredPage(const RowReader& reader, const Numbers& numbers, const SearchQuery& query,
                                Holds holds) {
  std::vector<CertificateRow> matches;
  for (std::string_view number : numbers) {
    Result<std::optional<CertificateRow>> row = LoadCertificate(reader, std::string(number));
    if (!row.ok()) return row.status();
    if (!row->has_value()) continue;
    if (query.status && (*row)->status != *query.status) continue;
    if (holds(number, **row)) matches.push_back(std::move(**row));
  }
  return PageOf<SearchPage>(std::move(matches), query.page, query.page_size);
}

// A query of at most kMaxGramLength code points: its matches are its exact
// matches and the names' postings of the grams starting with it. Without a
// status filter only the page's rows are read.
Result<SearchPage> ShortFormPage(const RowReader& reader, const std::string& form, const std::set<std::string>& exact,
                                 const SearchQuery& query) {
  Result<internal::NumberList> by_name = internal::ShortFormMatches(reader, form);
  if (!by_name.ok()) return by_name.status();
  std::vector<std::string_view> numbers;
  numbers.reserve(by_name->numbers.size() + exact.size());
  std::set_union(by_name->numbers.begin(), by_name->numbers.end(), exact.begin(), exact.end(),
                 std::back_inserter(numbers));
  if (!query.status) return PageOfNumbers(reader, numbers, query);
  return FilteredPage(reader, numbers, query, [](std::string_view, const CertificateRow&) { return true; });
}

}  // namespace

Result<SearchPage> Search(const RowReader& reader, const SearchQuery& query) {
  CERTREG_RETURN_IF_ERROR(CheckPage(query.page, query.page_size, kMaxExportPageSize));
  if (text::IsBlank(query.q)) return EveryCertificate(reader, query);
  const std::string form = text::SearchForm(query.q);
  if (form.empty()) return EmptyPage(query);  // only punctuation: nothing to search for

  Result<std::set<std::string>> exact = ExactMatches(reader, form);
  if (!exact.ok()) return exact.status();
  if (CodePoints(form).size() <= kMaxGramLength) return ShortFormPage(reader, form, *exact, query);

  // The long way: every candidate's row is read, for its status and to check
  // that a name holds `form`.
  Result<std::set<std::string>> candidates = internal::NameCandidates(reader, form);
  if (!candidates.ok()) return candidates.status();
  std::set<std::string> numbers = *exact;
  numbers.insert(candidates->begin(), candidates->end());
  return FilteredPage(reader, numbers, query, [&](std::string_view number, const CertificateRow& row) {
    return exact->count(std::string(number)) > 0 || internal::NameHolds(row, form);
  });
}

}  // namespace certreg::projections
