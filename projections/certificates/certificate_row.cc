// The certificate row of a file's current state, and its validity.
#include "projections/certificates/certificate_row.h"

#include "certreg/codec/row_codec.h"
#include "certreg/domain/time_rules.h"
#include "certreg/projections/keys.h"

namespace certreg::projections {
namespace internal {
namespace {

CertificateEnding Ending(const domain::EndingState& ending, const domain::Scheme& scheme) {
  const domain::GroundsDef* def = scheme.FindGrounds(ending.grounds);
  return {.date = ending.date,
          .grounds = ending.grounds,
          .grounds_text_zh = def ? def->text_zh : std::string(),
          .grounds_text_en = def ? def->text_en : std::string(),
          .announced_on = ending.announced_on};
}

// The ending of a certificate in the status it names (`applies`), when the state records one.
std::optional<CertificateEnding> EndingIf(bool applies, const std::optional<domain::EndingState>& ending,
                                          const domain::Scheme& scheme) {
  if (!applies || !ending) return std::nullopt;
  return Ending(*ending, scheme);
}

// Why a SUSPENDED certificate is suspended, and since when; nullopt in any other status.
std::optional<CertificateEnding> SuspensionIf(const domain::CertificateState& c,
                                              const std::optional<domain::SuspensionState>& suspension,
                                              const domain::Scheme& scheme) {
  if (c.status != domain::CertificateStatus::kSuspended || !suspension) return std::nullopt;
  domain::EndingState ending;
  ending.date = suspension->suspended_on;
  ending.grounds = suspension->grounds;
  return Ending(ending, scheme);
}

}  // namespace

bool AddressWithheld(const domain::FileState& state) {
  return state.applicant.org_type == domain::OrgType::kLiveSalesperson;
}

CertificateRow BuildCertificateRow(const std::string& file_id, const domain::FileState& state,
                                   const domain::Scheme& scheme) {
  const domain::CertificateState& c = *state.certificate;
  const bool withheld = AddressWithheld(state);
  return {
      .number = c.number,
      .holder_name = c.holder_name,
      .former_names = c.former_names,
      .uscc = c.uscc,
      .address = withheld ? std::string() : c.address,
      .address_kind = c.address_kind,
      .org_type = state.applicant.org_type,
      .address_withheld = withheld,
      .scope = c.scope,
      // The fixed items as the issue recorded them (a later scheme version changes no row).
      .basis = c.basis,
      .certification_body = c.certification_body,
      .category = c.category,
      .field = c.field,
      .mode = c.mode,
      .first_issued_on = c.first_issued_on,
      .issue_date = c.issue_date,
      .valid_from = c.valid_from,
      .valid_until = c.valid_until,
      .status = c.status,
      .status_since = c.status_since,
      .evaluation = c.evaluation,
      .next_surveillance_due = c.next_surveillance_due,
      .file_id = file_id,
      .revocation = EndingIf(c.status == domain::CertificateStatus::kRevoked, state.revoked, scheme),
      .cancellation = EndingIf(c.status == domain::CertificateStatus::kCancelled, state.cancelled, scheme),
      .recertification_open = domain::RecertificationOpen(state),
      .suspension = SuspensionIf(c, state.suspension, scheme),
  };
}

void AddCertificateRow(const std::string& file_id, const domain::FileState& state, const domain::Scheme& scheme,
                       ProjectionWrites& out) {
  if (!state.certificate) return;
  const CertificateRow row = BuildCertificateRow(file_id, state, scheme);
  out.push_back({kCertificatesCf, CertificateKey(row.number), codec::EncodeCertificateRow(row)});
}

}  // namespace internal

bool InValidity(const CertificateRow& row, domain::Date today) {
  return domain::InValidity(row.status, row.valid_from, row.valid_until, today);
}

bool RecertificationPendingPastExpiry(const CertificateRow& row, domain::Date today) {
  return domain::RecertificationPendingPastExpiry(row.status, row.valid_until, row.recertification_open, today);
}

}  // namespace certreg::projections
