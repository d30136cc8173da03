// Internal to the projections: the certificate read model (Annex B.1), one
// row per certificate under its number in proj_certificates. Built as a pure
// function of the file's state and the scheme; read by number (query.h's
// CertificateByNumber, CertificatesByUscc and Search).
#pragma once

#include <optional>
#include <string>

#include "certreg/common/status.h"
#include "certreg/domain/file_state.h"
#include "certreg/domain/scheme.h"
#include "certreg/projections/project.h"
#include "certreg/projections/row_reader.h"
#include "certreg/projections/rows.h"

namespace certreg::projections::internal {

// True when the holder is a live salesperson (a natural person): the
// address is personal data and is not projected (domain.md §2, §7).
bool AddressWithheld(const domain::FileState& state);

// Requires state.certificate. The scheme gives the certificate's fixed items
// and the grounds texts.
CertificateRow BuildCertificateRow(const std::string& file_id, const domain::FileState& state,
                                   const domain::Scheme& scheme);

// Appends the certificate row of `state` to `out`; nothing without a certificate.
void AddCertificateRow(const std::string& file_id, const domain::FileState& state, const domain::Scheme& scheme,
                       ProjectionWrites& out);

// The certificate row under `number`; nullopt when absent, Corruption when
// its bytes do not decode.
Result<std::optional<CertificateRow>> LoadCertificate(const RowReader& reader, const std::string& number);

}  // namespace certreg::projections::internal
