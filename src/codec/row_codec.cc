// Rows <-> their canonical Cap'n Proto bytes (schemas/projections.capnp).
// The enum tables, the evaluation and the decoding context are those of the
// domain payloads (domain_codec_internal.h): one table per enum for both.
#include "certreg/codec/row_codec.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include "codec/domain_codec_internal.h"
#include "projections.capnp.h"

namespace certreg::codec {
namespace internal {

template <>
struct EnumTable<domain::CertificateStatus> {
  using Schema = schema::CertificateStatus;
  static constexpr std::array<std::pair<domain::CertificateStatus, Schema>, 4> kPairs{{
      {domain::CertificateStatus::kValid, Schema::VALID},
      {domain::CertificateStatus::kSuspended, Schema::SUSPENDED},
      {domain::CertificateStatus::kRevoked, Schema::REVOKED},
      {domain::CertificateStatus::kCancelled, Schema::CANCELLED},
  }};
};

}  // namespace internal

namespace {

using projections::CertificateEnding;
using projections::CertificateRow;
using projections::ChangeRow;
using projections::StatusRow;
using projections::SurveillanceRow;
using projections::WorkQueueRow;
using internal::DateText;
using internal::DecodeContext;
using internal::SetTextList;
using internal::Str;
using internal::Text;
using internal::TextList;
using internal::ToSchema;

// The stored form: the canonical encoding of the root as a one-segment flat message.
// `root`'s message must be alive.
template <typename Builder>
std::string Canonical(Builder root) {
  return schema::CanonicalFlatOf(root.asReader());
}

// Decodes `bytes` as a message rooted at `Schema` with `read`, which reports
// problems to the context (named after the row). Cap'n Proto's exceptions
// become Corruption.
template <typename Schema, typename Row, typename Read>
Result<Row> DecodeRow(std::string_view bytes, const char* what, Read read) {
  auto words = AlignedCopy(bytes);
  if (words.size() == 0) return Status::Corruption(std::string(what) + " row is not a whole number of words");
  try {
    capnp::FlatArrayMessageReader reader(words, SafeReaderOptions(bytes.size()));
    const PersonalLookup no_personal_data;  // rows hold none (domain.md §2)
    DecodeContext context(no_personal_data);
    Row row = read(reader.getRoot<Schema>(), context);
    if (!context.status().ok()) return Status::Corruption(std::string(what) + " row: " + context.status().message());
    return row;
  } catch (const kj::Exception&) {
    // kj's description carries source locations; keep only a short reason.
    return Status::Corruption(std::string(what) + " row does not decode as a Cap'n Proto message of its type");
  }
}

void EncodeEnding(const CertificateEnding& in, schema::CertificateEnding::Builder out) {
  out.setDate(in.date.ToString());
  out.setGrounds(Text(in.grounds));
  out.setGroundsTextZh(Text(in.grounds_text_zh));
  out.setGroundsTextEn(Text(in.grounds_text_en));
  out.setAnnouncedOn(DateText(in.announced_on));
}

CertificateEnding DecodeEnding(schema::CertificateEnding::Reader in, DecodeContext& d) {
  CertificateEnding out;
  out.date = d.RequiredDate(in.getDate(), "ending.date");
  out.grounds = Str(in.getGrounds());
  out.grounds_text_zh = Str(in.getGroundsTextZh());
  out.grounds_text_en = Str(in.getGroundsTextEn());
  out.announced_on = d.OptionalDate(in.getAnnouncedOn(), "ending.announcedOn");
  return out;
}

// A domain enum stored as its wire name; an unknown name fails `d`.
template <typename E>
E WireEnum(capnp::Text::Reader text, const char* field, DecodeContext& d) {
  std::optional<E> value = domain::FromWire<E>(std::string_view(text.cStr(), text.size()));
  if (!value) d.Fail(std::string(field) + ": unknown value");
  return value.value_or(E{});
}

}  // namespace

std::string EncodeCertificateRow(const projections::CertificateRow& row) {
  capnp::MallocMessageBuilder message(256);
  auto out = message.initRoot<schema::CertificateRow>();
  out.setNumber(Text(row.number));
  out.setHolderName(Text(row.holder_name));
  SetTextList(out.initFormerNames(static_cast<unsigned>(row.former_names.size())), row.former_names);
  out.setUscc(Text(row.uscc));
  out.setAddress(Text(row.address));
  out.setAddressKind(ToSchema(row.address_kind));
  out.setOrgType(ToSchema(row.org_type));
  out.setAddressWithheld(row.address_withheld);
  out.setScope(Text(row.scope));
  out.setBasis(Text(row.basis));
  out.setCertificationBody(Text(row.certification_body));
  out.setCategory(Text(row.category));
  out.setField(Text(row.field));
  out.setMode(Text(row.mode));
  out.setFirstIssuedOn(row.first_issued_on.ToString());
  out.setIssueDate(row.issue_date.ToString());
  out.setValidFrom(row.valid_from.ToString());
  out.setValidUntil(row.valid_until.ToString());
  out.setStatus(ToSchema(row.status));
  out.setStatusSince(row.status_since.ToString());
  internal::Encode(row.evaluation, out.initEvaluation());
  out.setNextSurveillanceDue(row.next_surveillance_due.ToString());
  out.setFileId(Text(row.file_id));
  if (row.revocation) EncodeEnding(*row.revocation, out.initRevocation());
  if (row.cancellation) EncodeEnding(*row.cancellation, out.initCancellation());
  out.setRecertificationOpen(row.recertification_open);
  if (row.suspension) EncodeEnding(*row.suspension, out.initSuspension());
  return Canonical(out);
}

Result<projections::CertificateRow> DecodeCertificateRow(std::string_view bytes) {
  return DecodeRow<schema::CertificateRow, CertificateRow>(
      bytes, "certificate", [](schema::CertificateRow::Reader in, DecodeContext& d) {
        CertificateRow row;
        row.number = Str(in.getNumber());
        row.holder_name = Str(in.getHolderName());
        row.former_names = TextList(in.getFormerNames());
        row.uscc = Str(in.getUscc());
        row.address = Str(in.getAddress());
        row.address_kind = d.Enum<domain::AddressKind>(in.getAddressKind(), "addressKind");
        row.org_type = d.Enum<domain::OrgType>(in.getOrgType(), "orgType");
        row.address_withheld = in.getAddressWithheld();
        row.scope = Str(in.getScope());
        row.basis = Str(in.getBasis());
        row.certification_body = Str(in.getCertificationBody());
        row.category = Str(in.getCategory());
        row.field = Str(in.getField());
        row.mode = Str(in.getMode());
        row.first_issued_on = d.RequiredDate(in.getFirstIssuedOn(), "firstIssuedOn");
        row.issue_date = d.RequiredDate(in.getIssueDate(), "issueDate");
        row.valid_from = d.RequiredDate(in.getValidFrom(), "validFrom");
        row.valid_until = d.RequiredDate(in.getValidUntil(), "validUntil");
        row.status = d.Enum<domain::CertificateStatus>(in.getStatus(), "status");
        row.status_since = d.RequiredDate(in.getStatusSince(), "statusSince");
        row.evaluation = internal::Decode(in.getEvaluation(), d);
        row.next_surveillance_due = d.RequiredDate(in.getNextSurveillanceDue(), "nextSurveillanceDue");
        row.file_id = Str(in.getFileId());
        if (in.hasRevocation()) row.revocation = DecodeEnding(in.getRevocation(), d);
        if (in.hasCancellation()) row.cancellation = DecodeEnding(in.getCancellation(), d);
        row.recertification_open = in.getRecertificationOpen();
        if (in.hasSuspension()) row.suspension = DecodeEnding(in.getSuspension(), d);
        return row;
      });
}

std::string EncodeChangeRow(const projections::ChangeRow& row) {
  capnp::MallocMessageBuilder message(64);
  auto out = message.initRoot<schema::ChangeRow>();
  out.setDate(row.date.ToString());
  out.setKind(Text(row.kind));
  out.setContent(Text(row.content));
  out.setBefore(Text(row.before));
  out.setAfter(Text(row.after));
  out.setReason(Text(row.reason));
  out.setApprover(Text(row.approver));
  return Canonical(out);
}

Result<projections::ChangeRow> DecodeChangeRow(std::string_view bytes) {
  return DecodeRow<schema::ChangeRow, ChangeRow>(bytes, "change", [](schema::ChangeRow::Reader in, DecodeContext& d) {
    ChangeRow row;
    row.date = d.RequiredDate(in.getDate(), "date");
    row.kind = Str(in.getKind());
    row.content = Str(in.getContent());
    row.before = Str(in.getBefore());
    row.after = Str(in.getAfter());
    row.reason = Str(in.getReason());
    row.approver = Str(in.getApprover());
    return row;
  });
}

std::string EncodeStatusRow(const projections::StatusRow& row) {
  capnp::MallocMessageBuilder message(64);
  auto out = message.initRoot<schema::StatusRow>();
  out.setDate(row.date.ToString());
  out.setRecordedAtMicros(row.recorded_at_micros);
  if (row.before) {
    out.initBefore().setValue(ToSchema(*row.before));
  } else {
    out.initBefore().setNone();
  }
  out.setAfter(ToSchema(row.after));
  out.setReason(Text(row.reason));
  out.setGrounds(Text(row.grounds));
  out.setGroundsTextZh(Text(row.grounds_text_zh));
  out.setGroundsTextEn(Text(row.grounds_text_en));
  out.setApprover(Text(row.approver));
  out.setEventType(Text(row.event_type));
  return Canonical(out);
}

Result<projections::StatusRow> DecodeStatusRow(std::string_view bytes) {
  return DecodeRow<schema::StatusRow, StatusRow>(bytes, "status", [](schema::StatusRow::Reader in, DecodeContext& d) {
    StatusRow row;
    row.date = d.RequiredDate(in.getDate(), "date");
    row.recorded_at_micros = in.getRecordedAtMicros();
    auto before = in.getBefore();
    switch (before.which()) {
      case schema::StatusRow::Before::NONE:
        break;
      case schema::StatusRow::Before::VALUE:
        row.before = d.Enum<domain::CertificateStatus>(before.getValue(), "before");
        break;
      default:
        d.Fail("before: unknown union member");
    }
    row.after = d.Enum<domain::CertificateStatus>(in.getAfter(), "after");
    row.reason = Str(in.getReason());
    row.grounds = Str(in.getGrounds());
    row.grounds_text_zh = Str(in.getGroundsTextZh());
    row.grounds_text_en = Str(in.getGroundsTextEn());
    row.approver = Str(in.getApprover());
    row.event_type = Str(in.getEventType());
    return row;
  });
}

std::string EncodeSurveillanceRow(const projections::SurveillanceRow& row) {
  capnp::MallocMessageBuilder message(32);
  auto out = message.initRoot<schema::SurveillanceRow>();
  out.setDate(row.date.ToString());
  out.setKind(ToSchema(row.kind));
  out.setConclusion(ToSchema(row.conclusion));
  out.setTeamLeader(Text(row.team_leader));
  out.setAuditId(Text(row.audit_id));
  return Canonical(out);
}

Result<projections::SurveillanceRow> DecodeSurveillanceRow(std::string_view bytes) {
  return DecodeRow<schema::SurveillanceRow, SurveillanceRow>(
      bytes, "surveillance", [](schema::SurveillanceRow::Reader in, DecodeContext& d) {
        SurveillanceRow row;
        row.date = d.RequiredDate(in.getDate(), "date");
        row.kind = d.Enum<domain::AuditKind>(in.getKind(), "kind");
        row.conclusion = d.Enum<domain::SurveillanceConclusion>(in.getConclusion(), "conclusion");
        row.team_leader = Str(in.getTeamLeader());
        row.audit_id = Str(in.getAuditId());
        return row;
      });
}

std::string EncodeWorkQueueRow(const projections::WorkQueueRow& row) {
  capnp::MallocMessageBuilder message(64);
  auto out = message.initRoot<schema::WorkQueueRow>();
  out.setFileId(Text(row.file_id));
  out.setHolderName(Text(row.holder_name));
  out.setStage(Text(std::string(domain::ToWire(row.stage))));
  out.setDueOn(DateText(row.due_on));
  out.setCertificateNo(Text(row.certificate_no));
  if (row.status) {
    out.initStatus().setValue(ToSchema(*row.status));
  } else {
    out.initStatus().setNone();
  }
  auto clocks = out.initClocks(static_cast<unsigned>(row.clocks.size()));
  for (unsigned i = 0; i < clocks.size(); ++i) {
    clocks[i].setReason(Text(std::string(domain::ToWire(row.clocks[i].reason))));
    clocks[i].setDueOn(row.clocks[i].due_on.ToString());
  }
  out.setVersion(row.version);
  return Canonical(out);
}

Result<projections::WorkQueueRow> DecodeWorkQueueRow(std::string_view bytes) {
  return DecodeRow<schema::WorkQueueRow, WorkQueueRow>(
      bytes, "work queue", [](schema::WorkQueueRow::Reader in, DecodeContext& d) {
        WorkQueueRow row;
        row.file_id = Str(in.getFileId());
        row.holder_name = Str(in.getHolderName());
        row.stage = WireEnum<domain::Stage>(in.getStage(), "stage", d);
        row.due_on = d.OptionalDate(in.getDueOn(), "dueOn");
        row.certificate_no = Str(in.getCertificateNo());
        auto status = in.getStatus();
        switch (status.which()) {
          case schema::WorkQueueRow::Status::NONE:
            break;
          case schema::WorkQueueRow::Status::VALUE:
            row.status = d.Enum<domain::CertificateStatus>(status.getValue(), "status");
            break;
          default:
            d.Fail("status: unknown union member");
        }
        for (auto clock : in.getClocks()) {
          row.clocks.push_back({.reason = WireEnum<domain::OverdueReason>(clock.getReason(), "clocks.reason", d),
                                .due_on = d.RequiredDate(clock.getDueOn(), "clocks.dueOn")});
        }
        row.version = in.getVersion();
        return row;
      });
}

std::string EncodeFeedRow(const projections::FeedRow& row) {
  capnp::MallocMessageBuilder message(32);
  auto out = message.initRoot<schema::FeedRow>();
  out.setEventType(Text(row.event_type));
  out.setCertificateNo(Text(row.certificate_no));
  out.setStatus(ToSchema(row.status));
  out.setStatusSince(row.status_since.ToString());
  out.setEffectiveDate(row.effective_date.ToString());
  out.setRecordedAtMicros(row.recorded_at_micros);
  return Canonical(out);
}

Result<projections::FeedRow> DecodeFeedRow(std::string_view bytes) {
  return DecodeRow<schema::FeedRow, projections::FeedRow>(
      bytes, "feed", [](schema::FeedRow::Reader in, DecodeContext& d) {
        projections::FeedRow row;
        row.event_type = Str(in.getEventType());
        row.certificate_no = Str(in.getCertificateNo());
        row.status = d.Enum<domain::CertificateStatus>(in.getStatus(), "status");
        row.status_since = d.RequiredDate(in.getStatusSince(), "statusSince");
        row.effective_date = d.RequiredDate(in.getEffectiveDate(), "effectiveDate");
        row.recorded_at_micros = in.getRecordedAtMicros();
        return row;
      });
}

}  // namespace certreg::codec
