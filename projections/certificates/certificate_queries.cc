// The certificate read model's queries: by number, by USCC.
#include <set>

#include "certreg/codec/row_codec.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/query.h"
#include "projections/certificates/certificate_row.h"
#include "projections/public_index/index_writes.h"

namespace certreg::projections {
namespace internal {

Result<std::optional<CertificateRow>> LoadCertificate(const RowReader& reader, const std::string& number) {
  Result<std::optional<std::string>> bytes = reader.Get(kCertificatesCf, CertificateKey(number));
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::optional<CertificateRow>();
  Result<CertificateRow> row = codec::DecodeCertificateRow(**bytes);
  if (!row.ok()) return row.status().WithContext("certificate " + number);
  return std::optional<CertificateRow>(std::move(row).value());
}

}  // namespace internal

using internal::LoadCertificate;

Result<CertificateRow> CertificateByNumber(const RowReader& reader, const std::string& number) {
  Result<std::optional<CertificateRow>> row = LoadCertificate(reader, number);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::NotFound("certificate " + number);
  return std::move(**row);
}

Result<std::vector<CertificateRow>> CertificatesByUscc(const RowReader& reader, const std::string& uscc) {
  std::vector<CertificateRow> rows;
  if (uscc.empty()) return rows;
  Result<std::set<std::string>> numbers = internal::Postings(reader, UsccPrefix(internal::AsciiUpper(uscc)));
  if (!numbers.ok()) return numbers.status();
  for (const std::string& number : *numbers) {
    Result<std::optional<CertificateRow>> row = LoadCertificate(reader, number);
    if (!row.ok()) return row.status();
    if (row->has_value()) rows.push_back(std::move(**row));
  }
  return rows;
}

}  // namespace certreg::projections
