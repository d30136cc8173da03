// The public index's query: search by number, USCC or any part of a name.
#include <algorithm>
#include <set>

#include "certreg/codec/row_codec.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/query.h"
#include "projections/certificates/certificate_row.h"
#include "projections/paging.h"
#include "projections/public_index/index_writes.h"

namespace certreg::projections {
namespace {

using codec::DecodeCertificateRow;
using internal::AsciiUpper;
using internal::CheckPage;
using internal::LoadCertificate;
using internal::PageOf;
using internal::Postings;
using internal::ScanAll;

std::string Trim(const std::string& text) {
  const char* kSpace = " \t\r\n\f\v";
  const std::size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(kSpace) - begin + 1);
}

// Certificates whose names hold every gram of `q` (its bigrams, or its one code point).
Result<std::set<std::string>> NameCandidates(const RowReader& reader, const std::string& q) {
  const std::vector<std::string> points = CodePoints(q);
  std::vector<std::string> grams;
  if (points.size() == 1) grams.push_back(points[0]);
  for (std::size_t i = 0; i + 1 < points.size(); ++i) grams.push_back(points[i] + points[i + 1]);
  std::sort(grams.begin(), grams.end());
  grams.erase(std::unique(grams.begin(), grams.end()), grams.end());

  std::set<std::string> candidates;
  for (std::size_t i = 0; i < grams.size(); ++i) {
    Result<std::set<std::string>> numbers = Postings(reader, GramPrefix(grams[i]));
    if (!numbers.ok()) return numbers.status();
    if (i == 0) {
      candidates = std::move(numbers).value();
    } else {
      std::set<std::string> both;
      std::set_intersection(candidates.begin(), candidates.end(), numbers->begin(), numbers->end(),
                            std::inserter(both, both.end()));
      candidates = std::move(both);
    }
    if (candidates.empty()) break;
  }
  return candidates;
}

bool NameHolds(const CertificateRow& row, const std::string& lower_q) {
  if (AsciiLower(row.holder_name).find(lower_q) != std::string::npos) return true;
  return std::any_of(row.former_names.begin(), row.former_names.end(),
                     [&](const std::string& name) { return AsciiLower(name).find(lower_q) != std::string::npos; });
}

}  // namespace

Result<SearchPage> Search(const RowReader& reader, const SearchQuery& query) {
  CERTREG_RETURN_IF_ERROR(CheckPage(query.page, query.page_size, kMaxExportPageSize));
  const std::string q = Trim(query.q);

  std::set<std::string> exact;       // matched by number or USCC: no check of names
  std::set<std::string> candidates;  // may hold q in a name: checked against the row
  std::vector<CertificateRow> matches;
  if (q.empty()) {  // every certificate: the table in key order
    Result<KeyValues> all = ScanAll(reader, kCertificatesCf, "");
    if (!all.ok()) return all.status();
    for (const auto& [key, value] : *all) {
      Result<CertificateRow> row = DecodeCertificateRow(value);
      if (!row.ok()) return row.status().WithContext("certificate " + key);
      if (!query.status || row->status == *query.status) matches.push_back(std::move(row).value());
    }
  } else {
    std::vector<std::string> numbers = {q};
    if (AsciiUpper(q) != q) numbers.push_back(AsciiUpper(q));
    for (const std::string& number : numbers) {
      Result<std::optional<std::string>> row = reader.Get(kCertificatesCf, CertificateKey(number));
      if (!row.ok()) return row.status();
      if (row->has_value()) exact.insert(number);
    }
    Result<std::set<std::string>> by_uscc = Postings(reader, UsccPrefix(AsciiUpper(q)));
    if (!by_uscc.ok()) return by_uscc.status();
    exact.insert(by_uscc->begin(), by_uscc->end());
    Result<std::set<std::string>> by_name = NameCandidates(reader, q);
    if (!by_name.ok()) return by_name.status();
    candidates = std::move(by_name).value();
  }

  std::set<std::string> numbers = exact;
  numbers.insert(candidates.begin(), candidates.end());
  const std::string lower_q = AsciiLower(q);
  // One or two code points are one gram: its postings are exactly the names
  // that hold q, in certificate-number order, so only the page's rows are read.
  if (!q.empty() && !query.status && CodePoints(q).size() <= 2) {
    SearchPage page;
    page.total = numbers.size();
    page.page = query.page;
    page.page_size = query.page_size;
    const std::size_t first = static_cast<std::size_t>(query.page - 1) * static_cast<std::size_t>(query.page_size);
    std::size_t index = 0;
    for (const std::string& number : numbers) {
      if (index++ < first) continue;
      if (page.items.size() == static_cast<std::size_t>(query.page_size)) break;
      Result<std::optional<CertificateRow>> row = LoadCertificate(reader, number);
      if (!row.ok()) return row.status();
      if (row->has_value()) page.items.push_back(std::move(**row));
    }
    return page;
  }
  for (const std::string& number : numbers) {
    Result<std::optional<CertificateRow>> row = LoadCertificate(reader, number);
    if (!row.ok()) return row.status();
    if (!row->has_value()) continue;  // a posting whose row is gone
    if (exact.count(number) == 0 && !NameHolds(**row, lower_q)) continue;
    if (query.status && (*row)->status != *query.status) continue;
    matches.push_back(std::move(**row));
  }
  return PageOf<SearchPage>(std::move(matches), query.page, query.page_size);
}

}  // namespace certreg::projections
