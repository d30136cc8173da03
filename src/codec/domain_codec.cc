#include "certreg/codec/domain_codec.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <cstdint>
#include <cstring>
#include <variant>
#include <vector>

#include "codec/domain_codec_internal.h"

namespace certreg::codec {
namespace {

using internal::DecodeContext;
using internal::DecodeMember;
using P = schema::Payload;

// The domain event of the union's member; nullopt for storeProbe (no domain
// event) and for a member this version does not know.
std::optional<domain::EventBody> DecodeBody(P::Reader p, DecodeContext& c) {
  switch (p.which()) {
    case P::STORE_PROBE: return std::nullopt;
    case P::APPLICATION_SUBMITTED: return DecodeMember(p.getApplicationSubmitted(), c);
    case P::MATERIALS_REQUESTED: return DecodeMember(p.getMaterialsRequested(), c);
    case P::MATERIALS_SUPPLEMENTED: return DecodeMember(p.getMaterialsSupplemented(), c);
    case P::APPLICATION_ACCEPTED: return DecodeMember(p.getApplicationAccepted(), c);
    case P::APPLICATION_DECLINED: return DecodeMember(p.getApplicationDeclined(), c);
    case P::APPLICATION_WITHDRAWN: return DecodeMember(p.getApplicationWithdrawn(), c);
    case P::AUDIT_TEAM_ASSIGNED: return DecodeMember(p.getAuditTeamAssigned(), c);
    case P::AUDIT_PLANNED: return DecodeMember(p.getAuditPlanned(), c);
    case P::FINDING_RECORDED: return DecodeMember(p.getFindingRecorded(), c);
    case P::FINDING_CLOSED: return DecodeMember(p.getFindingClosed(), c);
    case P::SCORES_RECORDED: return DecodeMember(p.getScoresRecorded(), c);
    case P::AUDIT_REPORT_SUBMITTED: return DecodeMember(p.getAuditReportSubmitted(), c);
    case P::AUDIT_REPORT_APPROVED: return DecodeMember(p.getAuditReportApproved(), c);
    case P::SURVEILLANCE_AUDIT_COMPLETED: return DecodeMember(p.getSurveillanceAuditCompleted(), c);
    case P::COMMITTEE_REVIEWED: return DecodeMember(p.getCommitteeReviewed(), c);
    case P::CERTIFICATION_DECIDED: return DecodeMember(p.getCertificationDecided(), c);
    case P::DECISION_NOTIFIED: return DecodeMember(p.getDecisionNotified(), c);
    case P::CONDITIONS_FULFILLED: return DecodeMember(p.getConditionsFulfilled(), c);
    case P::CONDITIONAL_APPROVAL_LAPSED: return DecodeMember(p.getConditionalApprovalLapsed(), c);
    case P::CERTIFICATE_ISSUED: return DecodeMember(p.getCertificateIssued(), c);
    case P::CERTIFICATE_CHANGED: return DecodeMember(p.getCertificateChanged(), c);
    case P::CERTIFICATE_REISSUED: return DecodeMember(p.getCertificateReissued(), c);
    case P::MAJOR_CHANGE_REPORTED: return DecodeMember(p.getMajorChangeReported(), c);
    case P::COMPLAINT_RECEIVED: return DecodeMember(p.getComplaintReceived(), c);
    case P::SURVEILLANCE_REFUSED: return DecodeMember(p.getSurveillanceRefused(), c);
    case P::CERTIFICATE_SUSPENDED: return DecodeMember(p.getCertificateSuspended(), c);
    case P::RECTIFICATION_SUBMITTED: return DecodeMember(p.getRectificationSubmitted(), c);
    case P::RECTIFICATION_VERIFIED: return DecodeMember(p.getRectificationVerified(), c);
    case P::CERTIFICATE_REINSTATED: return DecodeMember(p.getCertificateReinstated(), c);
    case P::REVOCATION_PROCEEDING_OPENED: return DecodeMember(p.getRevocationProceedingOpened(), c);
    case P::REVOCATION_NOTICE_ISSUED: return DecodeMember(p.getRevocationNoticeIssued(), c);
    case P::APPEAL_FILED: return DecodeMember(p.getAppealFiled(), c);
    case P::APPEAL_DECIDED: return DecodeMember(p.getAppealDecided(), c);
    case P::REVOCATION_PROCEEDING_CLOSED: return DecodeMember(p.getRevocationProceedingClosed(), c);
    case P::CERTIFICATE_REVOKED: return DecodeMember(p.getCertificateRevoked(), c);
    case P::CANCELLATION_REQUESTED: return DecodeMember(p.getCancellationRequested(), c);
    case P::CERTIFICATE_CANCELLED: return DecodeMember(p.getCertificateCancelled(), c);
    case P::CANCELLATION_ANNOUNCED: return DecodeMember(p.getCancellationAnnounced(), c);
    case P::RECERTIFICATION_APPLIED: return DecodeMember(p.getRecertificationApplied(), c);
    case P::CERTIFICATE_RENEWED: return DecodeMember(p.getCertificateRenewed(), c);
    case P::CERTIFICATION_MAINTAINED: return DecodeMember(p.getCertificationMaintained(), c);
    case P::SPECIAL_AUDIT_WAIVED: return DecodeMember(p.getSpecialAuditWaived(), c);
  }
  return std::nullopt;  // a discriminant written by a later version
}

Result<domain::EventBody> DecodeChecked(P::Reader payload, const PersonalLookup& lookup) {
  DecodeContext context(lookup);
  std::optional<domain::EventBody> body = DecodeBody(payload, context);
  if (!body) return Status::Corruption("payload is not a domain event this version knows");
  if (!context.status().ok()) return context.status();
  return std::move(*body);
}

Status DecodeFailure() {
  // kj's description carries source locations; keep only a short reason.
  return Status::Corruption("bytes do not decode as a Cap'n Proto message of the expected type");
}

// The envelope's words: in place when aligned, else copied into one aligned
// buffer per thread, reused (a whole-log reader decodes millions).
Status EnvelopeWords(std::string_view envelope, kj::ArrayPtr<const capnp::word>& words) {
  if (envelope.empty() || envelope.size() % sizeof(capnp::word) != 0) {
    return Status::Corruption("event bytes are not a whole number of words");
  }
  words = kj::ArrayPtr<const capnp::word>(reinterpret_cast<const capnp::word*>(envelope.data()),
                                          envelope.size() / sizeof(capnp::word));
  if (reinterpret_cast<std::uintptr_t>(envelope.data()) % alignof(capnp::word) != 0) {
    thread_local std::vector<capnp::word> copy;
    copy.resize(words.size());
    std::memcpy(copy.data(), envelope.data(), envelope.size());
    words = kj::ArrayPtr<const capnp::word>(copy.data(), copy.size());
  }
  return Status::Ok();
}

}  // namespace

EncodedPayload EncodePayload(const domain::EventBody& body) {
  capnp::MallocMessageBuilder message(512);
  auto payload = message.initRoot<P>();
  internal::EncodeContext context;
  std::visit([&](const auto& event) { internal::EncodeMember(event, payload, context); }, body);
  return {ToString(capnp::messageToFlatArray(message)), context.TakeRecords()};
}

Result<domain::EventBody> DecodePayload(std::string_view payload, const PersonalLookup& lookup) {
  auto words = AlignedCopy(payload);
  if (words.size() == 0) return Status::Corruption("payload is not a whole number of words");
  try {
    capnp::FlatArrayMessageReader reader(words, SafeReaderOptions(payload.size()));
    return DecodeChecked(reader.getRoot<P>(), lookup);
  } catch (const kj::Exception&) {
    return DecodeFailure();
  }
}

Result<std::optional<StoredDomainEvent>> DecodeStoredEvent(std::string_view envelope, std::string_view stream_prefix,
                                                           const PersonalLookup& lookup) {
  kj::ArrayPtr<const capnp::word> words;
  if (Status aligned = EnvelopeWords(envelope, words); !aligned.ok()) return aligned;
  try {
    capnp::FlatArrayMessageReader reader(words, SafeReaderOptions(envelope.size()));
    auto stored = reader.getRoot<schema::Event>();
    const std::string_view stream_id = ToView(stored.getStreamId());
    if (stream_id.substr(0, stream_prefix.size()) != stream_prefix) return std::optional<StoredDomainEvent>();
    Result<domain::EventBody> body = DecodeChecked(stored.getPayload(), lookup);
    if (!body.ok()) return body.status();
    if (domain::EventTypeName(*body) != ToView(stored.getType())) {
      return Status::Corruption("the event's type does not name its payload");
    }
    const std::optional<domain::Date> effective = domain::Date::Parse(ToView(stored.getEffectiveDate()));
    if (!effective) return Status::Corruption("bad effective date");
    StoredDomainEvent out;
    out.stream_id = stream_id;
    out.event.body = std::move(body).value();
    out.event.effective_date = *effective;
    auto actor = stored.getActor();
    out.event.actor = {actor.getName(), actor.getRole(), actor.getTokenId()};
    out.event.recorded_at_micros = stored.getRecordedAtMicros();
    out.event.version = stored.getStreamVersion();
    return std::optional<StoredDomainEvent>(std::move(out));
  } catch (const kj::Exception&) {
    return DecodeFailure();
  }
}

Result<domain::EventBody> DecodeEventBody(std::string_view envelope, const PersonalLookup& lookup) {
  auto stored = DecodeStoredEvent(envelope, "", lookup);  // every stream id starts with ""
  if (!stored.ok()) return stored.status();
  return std::move((*stored)->event.body);
}

Result<std::string> StoredStreamId(std::string_view envelope) {
  kj::ArrayPtr<const capnp::word> words;
  if (Status aligned = EnvelopeWords(envelope, words); !aligned.ok()) return aligned;
  try {
    capnp::FlatArrayMessageReader reader(words, SafeReaderOptions(envelope.size()));
    return std::string(ToView(reader.getRoot<schema::Event>().getStreamId()));
  } catch (const kj::Exception&) {
    return DecodeFailure();
  }
}

}  // namespace certreg::codec
