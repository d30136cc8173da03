// The history read models' queries: a certificate's B.2, B.3 and B.4 rows.
#include "certreg/codec/row_codec.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/query.h"
#include "projections/paging.h"

namespace certreg::projections {
namespace {

// The rows of `column_family` under the certificate `number`, in version
// order; NotFound when there is no such certificate.
template <typename Row, typename Decode>
Result<std::vector<Row>> History(const RowReader& reader, const char* column_family, const std::string& number,
                                 Decode decode) {
  Result<std::optional<std::string>> certificate = reader.Get(kCertificatesCf, CertificateKey(number));
  if (!certificate.ok()) return certificate.status();
  if (!certificate->has_value()) return Status::NotFound("certificate " + number);
  Result<KeyValues> entries = internal::ScanAll(reader, column_family, HistoryPrefix(number));
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

Result<std::vector<ChangeRow>> ChangeHistory(const RowReader& reader, const std::string& number) {
  return History<ChangeRow>(reader, kChangesCf, number, codec::DecodeChangeRow);
}

Result<std::vector<StatusRow>> StatusHistory(const RowReader& reader, const std::string& number) {
  return History<StatusRow>(reader, kStatusHistoryCf, number, codec::DecodeStatusRow);
}

Result<std::vector<SurveillanceRow>> SurveillanceHistory(const RowReader& reader, const std::string& number) {
  return History<SurveillanceRow>(reader, kSurveillanceCf, number, codec::DecodeSurveillanceRow);
}

}  // namespace certreg::projections
