// Queries over the projection tables.
#include "certreg/projections/query.h"

#include <algorithm>
#include <set>

#include "certreg/codec/row_codec.h"
#include "certreg/projections/keys.h"

namespace certreg::projections {
namespace {

using codec::DecodeCertificateRow;
using codec::DecodeChangeRow;
using codec::DecodeStatusRow;
using codec::DecodeSurveillanceRow;
using codec::DecodeWorkQueueRow;

constexpr std::size_t kScanChunk = 1024;

// Every entry of `column_family` whose key starts with `prefix`, in key order.
Result<KeyValues> ScanAll(const RowReader& reader, std::string_view column_family, const std::string& prefix) {
  KeyValues all;
  std::string from = prefix;
  for (;;) {
    Result<KeyValues> chunk = reader.Scan(column_family, from, prefix, kScanChunk);
    if (!chunk.ok()) return chunk.status();
    const bool more = chunk->size() >= kScanChunk;
    for (auto& entry : *chunk) all.push_back(std::move(entry));
    if (!more || all.empty()) return all;
    from = all.back().first;
    from.push_back('\0');  // the least key after the last one
  }
}

// The certificate numbers of the postings under `prefix`.
Result<std::set<std::string>> Postings(const RowReader& reader, const std::string& prefix) {
  Result<KeyValues> entries = ScanAll(reader, kPublicIndexCf, prefix);
  if (!entries.ok()) return entries.status();
  std::set<std::string> numbers;
  for (const auto& [key, value] : *entries) numbers.insert(key.substr(prefix.size()));
  return numbers;
}

// The certificate row under `number`; nullopt when absent.
Result<std::optional<CertificateRow>> LoadCertificate(const RowReader& reader, const std::string& number) {
  Result<std::optional<std::string>> bytes = reader.Get(kCertificatesCf, CertificateKey(number));
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::optional<CertificateRow>();
  Result<CertificateRow> row = DecodeCertificateRow(**bytes);
  if (!row.ok()) return row.status().WithContext("certificate " + number);
  return std::optional<CertificateRow>(std::move(row).value());
}

Status CheckPage(int page, int page_size) {
  if (page < 1) return Status::InvalidArgument("page: must be 1 or more");
  if (page_size < 1 || page_size > kMaxPageSize) {
    return Status::InvalidArgument("page_size: must be from 1 to " + std::to_string(kMaxPageSize));
  }
  return Status::Ok();
}

// Page `page` (from 1) of `all`, with the count of all: a SearchPage or a
// WorkQueuePage.
template <typename Page, typename T>
Page PageOf(std::vector<T> all, int page, int page_size) {
  Page out;
  out.total = all.size();
  out.page = page;
  out.page_size = page_size;
  const std::size_t first = static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(page_size);
  if (first >= all.size()) return out;
  const std::size_t last = std::min(all.size(), first + static_cast<std::size_t>(page_size));
  out.items.assign(std::make_move_iterator(all.begin() + first), std::make_move_iterator(all.begin() + last));
  return out;
}

std::string Trim(const std::string& text) {
  const char* kSpace = " \t\r\n\f\v";
  const std::size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(kSpace) - begin + 1);
}

std::string AsciiUpper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
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

template <typename Row, typename Decode>
Result<std::vector<Row>> History(const RowReader& reader, const char* column_family, const std::string& number,
                                 Decode decode) {
  Result<std::optional<std::string>> certificate = reader.Get(kCertificatesCf, CertificateKey(number));
  if (!certificate.ok()) return certificate.status();
  if (!certificate->has_value()) return Status::NotFound("certificate " + number);
  Result<KeyValues> entries = ScanAll(reader, column_family, HistoryPrefix(number));
  if (!entries.ok()) return entries.status();
  std::vector<Row> rows;
  for (const auto& [key, value] : *entries) {
    Result<Row> row = decode(value);
    if (!row.ok()) return row.status().WithContext(std::string(column_family) + " of certificate " + number);
    rows.push_back(std::move(row).value());
  }
  return rows;
}

}  // namespace

const std::vector<std::string>& StageValues() {
  static const std::vector<std::string> kStages = [] {
    std::vector<std::string> names;
    for (domain::Stage stage : domain::AllStages()) names.emplace_back(domain::ToWire(stage));
    return names;
  }();
  return kStages;
}

Result<CertificateRow> CertificateByNumber(const RowReader& reader, const std::string& number) {
  Result<std::optional<CertificateRow>> row = LoadCertificate(reader, number);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::NotFound("certificate " + number);
  return std::move(**row);
}

Result<std::vector<CertificateRow>> CertificatesByUscc(const RowReader& reader, const std::string& uscc) {
  std::vector<CertificateRow> rows;
  if (uscc.empty()) return rows;
  Result<std::set<std::string>> numbers = Postings(reader, UsccPrefix(AsciiUpper(uscc)));
  if (!numbers.ok()) return numbers.status();
  for (const std::string& number : *numbers) {
    Result<std::optional<CertificateRow>> row = LoadCertificate(reader, number);
    if (!row.ok()) return row.status();
    if (row->has_value()) rows.push_back(std::move(**row));
  }
  return rows;
}

Result<SearchPage> Search(const RowReader& reader, const SearchQuery& query) {
  CERTREG_RETURN_IF_ERROR(CheckPage(query.page, query.page_size));
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

Result<std::vector<ChangeRow>> ChangeHistory(const RowReader& reader, const std::string& number) {
  return History<ChangeRow>(reader, kChangesCf, number, DecodeChangeRow);
}

Result<std::vector<StatusRow>> StatusHistory(const RowReader& reader, const std::string& number) {
  return History<StatusRow>(reader, kStatusHistoryCf, number, DecodeStatusRow);
}

Result<std::vector<SurveillanceRow>> SurveillanceHistory(const RowReader& reader, const std::string& number) {
  return History<SurveillanceRow>(reader, kSurveillanceCf, number, DecodeSurveillanceRow);
}

Result<WorkQueuePage> WorkQueue(const RowReader& reader, const WorkQueueQuery& query) {
  CERTREG_RETURN_IF_ERROR(CheckPage(query.page, query.page_size));
  std::optional<domain::Stage> stage;
  if (query.stage) {
    stage = domain::FromWire<domain::Stage>(*query.stage);
    if (!stage) return Status::InvalidArgument("stage: unknown value \"" + *query.stage + "\"");
  }
  Result<KeyValues> entries = ScanAll(reader, kWorkQueueCf, "");
  if (!entries.ok()) return entries.status();
  std::vector<WorkQueueItem> matches;
  for (const auto& [key, value] : *entries) {
    Result<WorkQueueRow> row = DecodeWorkQueueRow(value);
    if (!row.ok()) return row.status().WithContext("work queue row of file " + key);
    if (stage && row->stage != *stage) continue;
    WorkQueueItem item{std::move(row).value(), {}};
    item.overdue_reasons = OverdueReasons(item.row, query.today);
    if (query.overdue_only && item.overdue_reasons.empty()) continue;
    matches.push_back(std::move(item));
  }
  return PageOf<WorkQueuePage>(std::move(matches), query.page, query.page_size);
}

}  // namespace certreg::projections
