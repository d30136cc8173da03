// The certificate row and the work-queue row of a file's current state.
#include "projections/projection_rows.h"

#include "certreg/domain/time_rules.h"

namespace certreg::projections::internal {
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

}  // namespace

bool AddressWithheld(const domain::FileState& state) {
  return state.applicant.org_type == domain::OrgType::kLiveSalesperson;
}

std::string ChangeContent(const std::string& field) {
  if (field == "holder_name") return "名称变更";
  if (field == "address") return "地址变更";
  if (field == "address_kind") return "地址类型变更";
  if (field == "scope") return "范围变更";
  return "变更";
}

std::string AddressKindText(const std::string& wire) {
  if (wire == "registered") return "注册地址";
  if (wire == "operating") return "经营地址";
  return wire;
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
  };
}

WorkQueueRow BuildWorkQueueRow(const std::string& file_id, const domain::FileState& state,
                               const domain::Scheme& scheme) {
  WorkQueueRow row;
  row.file_id = file_id;
  row.holder_name = state.certificate ? state.certificate->holder_name : state.applicant.name;
  row.stage = domain::StageOf(state);
  row.due_on = domain::DueOn(state);
  if (state.certificate) {
    row.certificate_no = state.certificate->number;
    row.status = state.certificate->status;
  }
  row.clocks = domain::OverdueClocks(state);
  row.scheme_expired = domain::SchemeExpired(state, scheme);
  row.version = state.version;
  return row;
}

}  // namespace certreg::projections::internal
