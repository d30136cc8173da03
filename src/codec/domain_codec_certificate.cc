// The certificate events (domain.md §3.4) <-> their members of the Payload
// union. Each encoder has its decoder beside it.
#include "codec/domain_codec_internal.h"

namespace certreg::codec::internal {

void EncodeMember(const domain::CertificateIssued& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initCertificateIssued();
  out.setCertificateNo(Text(e.certificate_no));
  out.setHolderName(Text(e.holder_name));
  out.setAddress(Text(e.address));
  out.setAddressKind(ToSchema(e.address_kind));
  out.setUscc(Text(e.uscc));
  out.setScope(Text(e.scope));
  out.setBasis(Text(e.basis));
  out.setValidFrom(DateText(e.valid_from));
  out.setValidUntil(DateText(e.valid_until));
  out.setIssueDate(DateText(e.issue_date));
  out.setFirstIssuedOn(DateText(e.first_issued_on));
  out.setCertificationBody(Text(e.certification_body));
  out.setCategory(Text(e.category));
  out.setField(Text(e.field));
  out.setMode(Text(e.mode));
  Encode(e.evaluation, out.initEvaluation());
  out.setNextSurveillanceDue(DateText(e.next_surveillance_due));
  out.setAuditId(Text(e.audit_id));
  Encode(e.scheme, out.initScheme());
}

domain::CertificateIssued DecodeMember(schema::CertificateIssued::Reader in, DecodeContext& c) {
  return {.certificate_no = Str(in.getCertificateNo()),
          .holder_name = Str(in.getHolderName()),
          .address = Str(in.getAddress()),
          .address_kind = c.Enum<domain::AddressKind>(in.getAddressKind(), "addressKind"),
          .uscc = Str(in.getUscc()),
          .scope = Str(in.getScope()),
          .basis = Str(in.getBasis()),
          .valid_from = c.RequiredDate(in.getValidFrom(), "validFrom"),
          .valid_until = c.RequiredDate(in.getValidUntil(), "validUntil"),
          .issue_date = c.RequiredDate(in.getIssueDate(), "issueDate"),
          .first_issued_on = c.RequiredDate(in.getFirstIssuedOn(), "firstIssuedOn"),
          .certification_body = Str(in.getCertificationBody()),
          .category = Str(in.getCategory()),
          .field = Str(in.getField()),
          .mode = Str(in.getMode()),
          .evaluation = Decode(in.getEvaluation(), c),
          .next_surveillance_due = c.RequiredDate(in.getNextSurveillanceDue(), "nextSurveillanceDue"),
          .audit_id = Str(in.getAuditId()),
          .scheme = Decode(in.getScheme())};
}

namespace {

// Annex B.2 items, of a change or a renewal.
void EncodeChanges(const std::vector<domain::ChangedItem>& in, capnp::List<schema::ChangedItem>::Builder out) {
  for (unsigned i = 0; i < in.size(); ++i) {
    out[i].setField(Text(in[i].field));
    out[i].setBefore(Text(in[i].before));
    out[i].setAfter(Text(in[i].after));
  }
}

std::vector<domain::ChangedItem> DecodeChanges(capnp::List<schema::ChangedItem>::Reader in) {
  std::vector<domain::ChangedItem> changes;
  for (auto change : in) {
    changes.push_back(
        {.field = Str(change.getField()), .before = Str(change.getBefore()), .after = Str(change.getAfter())});
  }
  return changes;
}

}  // namespace

void EncodeMember(const domain::CertificateChanged& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initCertificateChanged();
  EncodeChanges(e.changes, out.initChanges(static_cast<unsigned>(e.changes.size())));
  out.setReason(Text(e.reason));
  out.setApprover(Text(e.approver));
  Encode(e.act, out.initAct());
}

domain::CertificateChanged DecodeMember(schema::CertificateChanged::Reader in, DecodeContext& c) {
  return {.changes = DecodeChanges(in.getChanges()),
          .reason = Str(in.getReason()),
          .approver = Str(in.getApprover()),
          .act = Decode(in.getAct(), c)};
}

void EncodeMember(const domain::CertificateReissued& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initCertificateReissued();
  out.setCause(ToSchema(e.cause));
  out.setApprover(Text(e.approver));
  Encode(e.act, out.initAct());
}

domain::CertificateReissued DecodeMember(schema::CertificateReissued::Reader in, DecodeContext& c) {
  return {.cause = c.Enum<domain::ReissueCause>(in.getCause(), "cause"),
          .approver = Str(in.getApprover()),
          .act = Decode(in.getAct(), c)};
}

void EncodeMember(const domain::MajorChangeReported& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initMajorChangeReported();
  out.setReportId(Text(e.report_id));
  out.setDescription(Text(e.description));
  Encode(e.act, out.initAct());
}

domain::MajorChangeReported DecodeMember(schema::MajorChangeReported::Reader in, DecodeContext& c) {
  return {.report_id = Str(in.getReportId()), .description = Str(in.getDescription()), .act = Decode(in.getAct(), c)};
}

void EncodeMember(const domain::ComplaintReceived& e, schema::Payload::Builder p, EncodeContext& c) {
  auto out = p.initComplaintReceived();
  out.setComplaintId(Text(e.complaint_id));
  out.setSummary(Text(e.summary));
  Encode(e.act, out.initAct());
  c.Seal(e.complainant, out.initComplainant());
}

domain::ComplaintReceived DecodeMember(schema::ComplaintReceived::Reader in, DecodeContext& c) {
  return {.complaint_id = Str(in.getComplaintId()),
          .summary = Str(in.getSummary()),
          .act = Decode(in.getAct(), c),
          .complainant = c.Personal(in.getComplainant())};
}

void EncodeMember(const domain::SurveillanceRefused& e, schema::Payload::Builder p, EncodeContext&) {
  p.initSurveillanceRefused().setDetails(Text(e.details));
}

domain::SurveillanceRefused DecodeMember(schema::SurveillanceRefused::Reader in, DecodeContext&) {
  return {.details = Str(in.getDetails())};
}

void EncodeMember(const domain::CertificationMaintained& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initCertificationMaintained();
  out.setAuditId(Text(e.audit_id));
  out.setReason(Text(e.reason));
}

domain::CertificationMaintained DecodeMember(schema::CertificationMaintained::Reader in, DecodeContext&) {
  return {.audit_id = Str(in.getAuditId()), .reason = Str(in.getReason())};
}

void EncodeMember(const domain::SpecialAuditWaived& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initSpecialAuditWaived();
  SetTextList(out.initCauses(static_cast<unsigned>(e.causes.size())), e.causes);
  out.setReason(Text(e.reason));
}

domain::SpecialAuditWaived DecodeMember(schema::SpecialAuditWaived::Reader in, DecodeContext&) {
  return {.causes = TextList(in.getCauses()), .reason = Str(in.getReason())};
}

void EncodeMember(const domain::CertificateSuspended& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initCertificateSuspended();
  out.setGrounds(Text(e.grounds));
  out.setDetails(Text(e.details));
  out.setRectification(Text(e.rectification));
  out.setDeadline(DateText(e.deadline));
  out.setApprover(Text(e.approver));
  out.setAuditId(Text(e.audit_id));
}

domain::CertificateSuspended DecodeMember(schema::CertificateSuspended::Reader in, DecodeContext& c) {
  return {.grounds = Str(in.getGrounds()),
          .details = Str(in.getDetails()),
          .rectification = Str(in.getRectification()),
          .deadline = c.RequiredDate(in.getDeadline(), "deadline"),
          .approver = Str(in.getApprover()),
          .audit_id = Str(in.getAuditId())};
}

void EncodeMember(const domain::RectificationSubmitted& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initRectificationSubmitted();
  out.setDescription(Text(e.description));
  out.setEvidence(Text(e.evidence));
  Encode(e.act, out.initAct());
}

domain::RectificationSubmitted DecodeMember(schema::RectificationSubmitted::Reader in, DecodeContext& c) {
  return {.description = Str(in.getDescription()), .evidence = Str(in.getEvidence()), .act = Decode(in.getAct(), c)};
}

void EncodeMember(const domain::RectificationVerified& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initRectificationVerified();
  out.setVerified(e.verified);
  out.setApprover(Text(e.approver));
}

domain::RectificationVerified DecodeMember(schema::RectificationVerified::Reader in, DecodeContext&) {
  return {.verified = in.getVerified(), .approver = Str(in.getApprover())};
}

void EncodeMember(const domain::CertificateReinstated& e, schema::Payload::Builder p, EncodeContext&) {
  p.initCertificateReinstated().setApprover(Text(e.approver));
}

domain::CertificateReinstated DecodeMember(schema::CertificateReinstated::Reader in, DecodeContext&) {
  return {.approver = Str(in.getApprover())};
}

void EncodeMember(const domain::RevocationProceedingOpened& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initRevocationProceedingOpened();
  out.setGrounds(Text(e.grounds));
  out.setDetails(Text(e.details));
  out.setAuditId(Text(e.audit_id));
}

domain::RevocationProceedingOpened DecodeMember(schema::RevocationProceedingOpened::Reader in, DecodeContext&) {
  return {.grounds = Str(in.getGrounds()), .details = Str(in.getDetails()), .audit_id = Str(in.getAuditId())};
}

void EncodeMember(const domain::RevocationNoticeIssued& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initRevocationNoticeIssued();
  out.setGrounds(Text(e.grounds));
  out.setDetails(Text(e.details));
  out.setAppealDeadline(DateText(e.appeal_deadline));
}

domain::RevocationNoticeIssued DecodeMember(schema::RevocationNoticeIssued::Reader in, DecodeContext& c) {
  return {.grounds = Str(in.getGrounds()),
          .details = Str(in.getDetails()),
          .appeal_deadline = c.RequiredDate(in.getAppealDeadline(), "appealDeadline")};
}

void EncodeMember(const domain::AppealFiled& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initAppealFiled();
  out.setGrounds(Text(e.grounds));
  Encode(e.act, out.initAct());
}

domain::AppealFiled DecodeMember(schema::AppealFiled::Reader in, DecodeContext& c) {
  return {.grounds = Str(in.getGrounds()), .act = Decode(in.getAct(), c)};
}

void EncodeMember(const domain::AppealDecided& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initAppealDecided();
  out.setOutcome(ToSchema(e.outcome));
  out.setReason(Text(e.reason));
  out.setNewDeadline(DateText(e.new_deadline));
}

domain::AppealDecided DecodeMember(schema::AppealDecided::Reader in, DecodeContext& c) {
  return {.outcome = c.Enum<domain::AppealOutcome>(in.getOutcome(), "outcome"),
          .reason = Str(in.getReason()),
          .new_deadline = c.OptionalDate(in.getNewDeadline(), "newDeadline")};
}

void EncodeMember(const domain::RevocationProceedingClosed& e, schema::Payload::Builder p, EncodeContext&) {
  p.initRevocationProceedingClosed().setReason(Text(e.reason));
}

domain::RevocationProceedingClosed DecodeMember(schema::RevocationProceedingClosed::Reader in, DecodeContext&) {
  return {.reason = Str(in.getReason())};
}

void EncodeMember(const domain::CertificateRevoked& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initCertificateRevoked();
  out.setGrounds(Text(e.grounds));
  out.setReason(Text(e.reason));
  out.setApprover(Text(e.approver));
}

domain::CertificateRevoked DecodeMember(schema::CertificateRevoked::Reader in, DecodeContext&) {
  return {.grounds = Str(in.getGrounds()), .reason = Str(in.getReason()), .approver = Str(in.getApprover())};
}

void EncodeMember(const domain::CancellationRequested& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initCancellationRequested();
  out.setReason(Text(e.reason));
  Encode(e.act, out.initAct());
}

domain::CancellationRequested DecodeMember(schema::CancellationRequested::Reader in, DecodeContext& c) {
  return {.reason = Str(in.getReason()), .act = Decode(in.getAct(), c)};
}

void EncodeMember(const domain::CertificateCancelled& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initCertificateCancelled();
  out.setGrounds(Text(e.grounds));
  out.setReason(Text(e.reason));
  out.setApprover(Text(e.approver));
  out.setNotifiedOn(DateText(e.notified_on));
  out.setAuditId(Text(e.audit_id));
}

domain::CertificateCancelled DecodeMember(schema::CertificateCancelled::Reader in, DecodeContext& c) {
  return {.grounds = Str(in.getGrounds()),
          .reason = Str(in.getReason()),
          .approver = Str(in.getApprover()),
          .notified_on = c.OptionalDate(in.getNotifiedOn(), "notifiedOn"),
          .audit_id = Str(in.getAuditId())};
}

void EncodeMember(const domain::CancellationAnnounced&, schema::Payload::Builder p, EncodeContext&) {
  p.initCancellationAnnounced();
}

domain::CancellationAnnounced DecodeMember(schema::CancellationAnnounced::Reader, DecodeContext&) { return {}; }

void EncodeMember(const domain::RecertificationApplied& e, schema::Payload::Builder p, EncodeContext& c) {
  auto out = p.initRecertificationApplied();
  Encode(e.form, out.initForm(), c);
  Encode(e.act, out.initAct());
  out.setDueOn(DateText(e.due_on));
  Encode(e.scheme, out.initScheme());
}

domain::RecertificationApplied DecodeMember(schema::RecertificationApplied::Reader in, DecodeContext& c) {
  return {.form = Decode(in.getForm(), c),
          .act = Decode(in.getAct(), c),
          .due_on = c.RequiredDate(in.getDueOn(), "dueOn"),
          .scheme = Decode(in.getScheme())};
}

void EncodeMember(const domain::CertificateRenewed& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initCertificateRenewed();
  out.setCertificateNo(Text(e.certificate_no));
  out.setPreviousValidUntil(DateText(e.previous_valid_until));
  out.setValidFrom(DateText(e.valid_from));
  out.setValidUntil(DateText(e.valid_until));
  out.setIssueDate(DateText(e.issue_date));
  Encode(e.evaluation, out.initEvaluation());
  out.setNextSurveillanceDue(DateText(e.next_surveillance_due));
  out.setAuditId(Text(e.audit_id));
  Encode(e.scheme, out.initScheme());
  out.setHolderName(Text(e.holder_name));
  out.setAddress(Text(e.address));
  out.setAddressKind(ToSchema(e.address_kind));
  out.setScope(Text(e.scope));
  EncodeChanges(e.changes, out.initChanges(static_cast<unsigned>(e.changes.size())));
}

domain::CertificateRenewed DecodeMember(schema::CertificateRenewed::Reader in, DecodeContext& c) {
  return {.certificate_no = Str(in.getCertificateNo()),
          .previous_valid_until = c.RequiredDate(in.getPreviousValidUntil(), "previousValidUntil"),
          .valid_from = c.RequiredDate(in.getValidFrom(), "validFrom"),
          .valid_until = c.RequiredDate(in.getValidUntil(), "validUntil"),
          .issue_date = c.RequiredDate(in.getIssueDate(), "issueDate"),
          .evaluation = Decode(in.getEvaluation(), c),
          .next_surveillance_due = c.RequiredDate(in.getNextSurveillanceDue(), "nextSurveillanceDue"),
          .audit_id = Str(in.getAuditId()),
          .scheme = Decode(in.getScheme()),
          .holder_name = Str(in.getHolderName()),
          .address = Str(in.getAddress()),
          .address_kind = c.Enum<domain::AddressKind>(in.getAddressKind(), "addressKind"),
          .scope = Str(in.getScope()),
          .changes = DecodeChanges(in.getChanges())};
}

}  // namespace certreg::codec::internal
