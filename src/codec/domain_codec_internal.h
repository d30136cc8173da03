// Internal to the codec: the pieces shared by the domain event encoders and
// decoders (domain_codec*.cc). The encoding conventions they implement are
// written down at the top of schemas/domain_events.capnp.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "certreg/codec/domain_codec.h"
#include "certreg/common/status.h"
#include "certreg/domain/application_form.h"
#include "certreg/domain/date.h"
#include "certreg/domain/events.h"
#include "certreg/domain/values.h"
#include "domain_events.capnp.h"
#include "event.capnp.h"
#include "schemas/capnp_bytes.h"

namespace certreg::codec {

// The safe readers and stored forms shared with the store (src/schemas/).
using schema::AlignedCopy;
using schema::AsData;
using schema::CanonicalFlat;
using schema::SafeReaderOptions;
using schema::ToString;
using schema::ToView;

}  // namespace certreg::codec

namespace certreg::codec::internal {

// --- encoding -----------------------------------------------------------------

// Collects the sealed personal records of one payload. Not thread-safe; one
// per EncodePayload call.
class EncodeContext {
 public:
  // Writes the reference of `data` into `ref` and, unless `data` is empty,
  // seals its plaintext into a new PersonalRecord (fresh id and salt).
  void Seal(const domain::PersonalData& data, schema::PersonalDataRef::Builder ref);

  std::vector<SealedPersonalRecord> TakeRecords() { return std::move(records_); }

 private:
  std::vector<SealedPersonalRecord> records_;
};

// `text` must outlive the returned reader.
inline capnp::Text::Reader Text(const std::string& text) { return capnp::Text::Reader(text.c_str(), text.size()); }

std::string DateText(const domain::Date& date);                  // "YYYY-MM-DD"
std::string DateText(const std::optional<domain::Date>& date);  // "" when absent

void SetTextList(capnp::List<capnp::Text>::Builder list, const std::vector<std::string>& values);
void SetScores(capnp::List<schema::NamedScore>::Builder list, const std::map<std::string, double>& scores);

void Encode(const domain::SchemeRef& scheme, schema::SchemeRef::Builder out);
void Encode(const domain::HolderAct& act, schema::HolderAct::Builder out);
void Encode(const domain::EvaluationResults& results, schema::EvaluationResults::Builder out);
void Encode(const domain::ApplicationForm& form, schema::ApplicationForm::Builder out, EncodeContext& context);

// One per alternative of domain::EventBody: initialises its member of the union.
// Application, audit and decision events (§3.1-3.3): domain_codec_application.cc.
void EncodeMember(const domain::ApplicationSubmitted& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::MaterialsRequested& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::MaterialsSupplemented& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::ApplicationAccepted& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::ApplicationDeclined& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::ApplicationWithdrawn& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::AuditTeamAssigned& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::AuditPlanned& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::FindingRecorded& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::FindingClosed& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::ScoresRecorded& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::AuditReportSubmitted& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::AuditReportApproved& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::SurveillanceAuditCompleted& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::CommitteeReviewed& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::CertificationDecided& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::DecisionNotified& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::ConditionsFulfilled& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::ConditionalApprovalLapsed& e, schema::Payload::Builder p, EncodeContext& c);
// Certificate events (§3.4): domain_codec_certificate.cc.
void EncodeMember(const domain::CertificateIssued& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::CertificateChanged& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::CertificateReissued& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::MajorChangeReported& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::ComplaintReceived& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::SurveillanceRefused& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::CertificationMaintained& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::SpecialAuditWaived& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::CertificateSuspended& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::RectificationSubmitted& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::RectificationVerified& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::CertificateReinstated& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::RevocationProceedingOpened& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::RevocationNoticeIssued& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::AppealFiled& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::AppealDecided& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::RevocationProceedingClosed& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::CertificateRevoked& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::CancellationRequested& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::CertificateCancelled& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::CancellationAnnounced& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::RecertificationApplied& e, schema::Payload::Builder p, EncodeContext& c);
void EncodeMember(const domain::CertificateRenewed& e, schema::Payload::Builder p, EncodeContext& c);

// --- decoding -----------------------------------------------------------------

// Reads values out of a payload and keeps the first problem met. Readers go
// on after a problem (returning defaults), so a decoder reads straight through
// and checks status() once at the end. Cap'n Proto's own exceptions (bad
// pointers, limits) pass through; the caller catches them. Not thread-safe.
class DecodeContext {
 public:
  explicit DecodeContext(const PersonalLookup& lookup) : lookup_(lookup) {}

  domain::Date RequiredDate(capnp::Text::Reader text, const char* field);
  std::optional<domain::Date> OptionalDate(capnp::Text::Reader text, const char* field);

  // The plaintext behind `ref`: empty when the reference is empty or the
  // record was erased; a problem when a found record fails its commitment.
  domain::PersonalData Personal(schema::PersonalDataRef::Reader ref);

  // The domain value of a schema enumerant; a problem for an unknown one.
  template <typename DomainEnum, typename SchemaEnum>
  DomainEnum Enum(SchemaEnum value, const char* field);

  void Fail(std::string message) {
    if (status_.ok()) status_ = Status::Corruption(std::move(message));
  }
  const Status& status() const { return status_; }

 private:
  const PersonalLookup& lookup_;
  Status status_;
};

inline std::string Str(capnp::Text::Reader text) { return std::string(text.cStr(), text.size()); }

std::vector<std::string> TextList(capnp::List<capnp::Text>::Reader list);
std::map<std::string, double> Scores(capnp::List<schema::NamedScore>::Reader list, const char* field,
                                     DecodeContext& context);

domain::SchemeRef Decode(schema::SchemeRef::Reader in);
domain::HolderAct Decode(schema::HolderAct::Reader in, DecodeContext& context);
domain::EvaluationResults Decode(schema::EvaluationResults::Reader in, DecodeContext& context);
// The one decoder of evaluation results, for any context with
// Enum<DomainEnum>(value, field) that keeps the first problem: DecodeContext
// here, the projections' row decoder for the certificate row.
template <typename Context>
domain::EvaluationResults DecodeEvaluation(schema::EvaluationResults::Reader in, Context& context) {
  return {.quality = in.getQuality(),
          .efficiency = in.getEfficiency(),
          .effect = in.getEffect(),
          .service_characteristic = in.getServiceCharacteristic(),
          .organisation = in.getOrganisation(),
          .personnel = in.getPersonnel(),
          .goods = in.getGoods(),
          .live_information = in.getLiveInformation(),
          .consumer_protection = in.getConsumerProtection(),
          .service_management = in.getServiceManagement(),
          .qms = context.template Enum<domain::QmsResult>(in.getQms(), "evaluation.qms"),
          .enhancement = in.getEnhancement(),
          .comprehensive = in.getComprehensive()};
}
domain::ApplicationForm Decode(schema::ApplicationForm::Reader in, DecodeContext& context);

// One per member of the union (storeProbe aside), the inverse of EncodeMember.
// The result is meaningful only while context.status() is ok.
domain::ApplicationSubmitted DecodeMember(schema::ApplicationSubmitted::Reader in, DecodeContext& c);
domain::MaterialsRequested DecodeMember(schema::MaterialsRequested::Reader in, DecodeContext& c);
domain::MaterialsSupplemented DecodeMember(schema::MaterialsSupplemented::Reader in, DecodeContext& c);
domain::ApplicationAccepted DecodeMember(schema::ApplicationAccepted::Reader in, DecodeContext& c);
domain::ApplicationDeclined DecodeMember(schema::ApplicationDeclined::Reader in, DecodeContext& c);
domain::ApplicationWithdrawn DecodeMember(schema::ApplicationWithdrawn::Reader in, DecodeContext& c);
domain::AuditTeamAssigned DecodeMember(schema::AuditTeamAssigned::Reader in, DecodeContext& c);
domain::AuditPlanned DecodeMember(schema::AuditPlanned::Reader in, DecodeContext& c);
domain::FindingRecorded DecodeMember(schema::FindingRecorded::Reader in, DecodeContext& c);
domain::FindingClosed DecodeMember(schema::FindingClosed::Reader in, DecodeContext& c);
domain::ScoresRecorded DecodeMember(schema::ScoresRecorded::Reader in, DecodeContext& c);
domain::AuditReportSubmitted DecodeMember(schema::AuditReportSubmitted::Reader in, DecodeContext& c);
domain::AuditReportApproved DecodeMember(schema::AuditReportApproved::Reader in, DecodeContext& c);
domain::SurveillanceAuditCompleted DecodeMember(schema::SurveillanceAuditCompleted::Reader in, DecodeContext& c);
domain::CommitteeReviewed DecodeMember(schema::CommitteeReviewed::Reader in, DecodeContext& c);
domain::CertificationDecided DecodeMember(schema::CertificationDecided::Reader in, DecodeContext& c);
domain::DecisionNotified DecodeMember(schema::DecisionNotified::Reader in, DecodeContext& c);
domain::ConditionsFulfilled DecodeMember(schema::ConditionsFulfilled::Reader in, DecodeContext& c);
domain::ConditionalApprovalLapsed DecodeMember(schema::ConditionalApprovalLapsed::Reader in, DecodeContext& c);
domain::CertificateIssued DecodeMember(schema::CertificateIssued::Reader in, DecodeContext& c);
domain::CertificateChanged DecodeMember(schema::CertificateChanged::Reader in, DecodeContext& c);
domain::CertificateReissued DecodeMember(schema::CertificateReissued::Reader in, DecodeContext& c);
domain::MajorChangeReported DecodeMember(schema::MajorChangeReported::Reader in, DecodeContext& c);
domain::ComplaintReceived DecodeMember(schema::ComplaintReceived::Reader in, DecodeContext& c);
domain::SurveillanceRefused DecodeMember(schema::SurveillanceRefused::Reader in, DecodeContext& c);
domain::CertificationMaintained DecodeMember(schema::CertificationMaintained::Reader in, DecodeContext& c);
domain::SpecialAuditWaived DecodeMember(schema::SpecialAuditWaived::Reader in, DecodeContext& c);
domain::CertificateSuspended DecodeMember(schema::CertificateSuspended::Reader in, DecodeContext& c);
domain::RectificationSubmitted DecodeMember(schema::RectificationSubmitted::Reader in, DecodeContext& c);
domain::RectificationVerified DecodeMember(schema::RectificationVerified::Reader in, DecodeContext& c);
domain::CertificateReinstated DecodeMember(schema::CertificateReinstated::Reader in, DecodeContext& c);
domain::RevocationProceedingOpened DecodeMember(schema::RevocationProceedingOpened::Reader in, DecodeContext& c);
domain::RevocationNoticeIssued DecodeMember(schema::RevocationNoticeIssued::Reader in, DecodeContext& c);
domain::AppealFiled DecodeMember(schema::AppealFiled::Reader in, DecodeContext& c);
domain::AppealDecided DecodeMember(schema::AppealDecided::Reader in, DecodeContext& c);
domain::RevocationProceedingClosed DecodeMember(schema::RevocationProceedingClosed::Reader in, DecodeContext& c);
domain::CertificateRevoked DecodeMember(schema::CertificateRevoked::Reader in, DecodeContext& c);
domain::CancellationRequested DecodeMember(schema::CancellationRequested::Reader in, DecodeContext& c);
domain::CertificateCancelled DecodeMember(schema::CertificateCancelled::Reader in, DecodeContext& c);
domain::CancellationAnnounced DecodeMember(schema::CancellationAnnounced::Reader in, DecodeContext& c);
domain::RecertificationApplied DecodeMember(schema::RecertificationApplied::Reader in, DecodeContext& c);
domain::CertificateRenewed DecodeMember(schema::CertificateRenewed::Reader in, DecodeContext& c);

// --- enums ----------------------------------------------------------------------

// Each domain enum beside its schema enum, value by value (by name: the
// schema's enumerants are the wire names in lower camel case).
template <typename DomainEnum>
struct EnumTable;

#define CERTREG_ENUM_TABLE(D, S, N, ...)                                   \
  template <>                                                              \
  struct EnumTable<D> {                                                    \
    using Schema = S;                                                      \
    static constexpr std::array<std::pair<D, S>, N> kPairs{{__VA_ARGS__}}; \
  }

CERTREG_ENUM_TABLE(domain::OrgType, schema::OrgType, 5,
                   {domain::OrgType::kPlatformOperator, schema::OrgType::PLATFORM_OPERATOR},
                   {domain::OrgType::kLiveServiceAgency, schema::OrgType::LIVE_SERVICE_AGENCY},
                   {domain::OrgType::kInPlatformMerchant, schema::OrgType::IN_PLATFORM_MERCHANT},
                   {domain::OrgType::kLiveSalesperson, schema::OrgType::LIVE_SALESPERSON},
                   {domain::OrgType::kOther, schema::OrgType::OTHER});
CERTREG_ENUM_TABLE(domain::AuditKind, schema::AuditKind, 4,
                   {domain::AuditKind::kInitial, schema::AuditKind::INITIAL},
                   {domain::AuditKind::kSurveillance, schema::AuditKind::SURVEILLANCE},
                   {domain::AuditKind::kSpecial, schema::AuditKind::SPECIAL},
                   {domain::AuditKind::kRecertification, schema::AuditKind::RECERTIFICATION});
CERTREG_ENUM_TABLE(domain::SpecialTrigger, schema::SpecialTrigger, 4,
                   {domain::SpecialTrigger::kNone, schema::SpecialTrigger::NONE},
                   {domain::SpecialTrigger::kMajorChange, schema::SpecialTrigger::MAJOR_CHANGE},
                   {domain::SpecialTrigger::kComplaint, schema::SpecialTrigger::COMPLAINT},
                   {domain::SpecialTrigger::kOther, schema::SpecialTrigger::OTHER});
CERTREG_ENUM_TABLE(domain::FindingGrade, schema::FindingGrade, 3,
                   {domain::FindingGrade::kMajor, schema::FindingGrade::MAJOR},
                   {domain::FindingGrade::kMinor, schema::FindingGrade::MINOR},
                   {domain::FindingGrade::kObservation, schema::FindingGrade::OBSERVATION});
CERTREG_ENUM_TABLE(domain::DecisionOutcome, schema::DecisionOutcome, 3,
                   {domain::DecisionOutcome::kApprove, schema::DecisionOutcome::APPROVE},
                   {domain::DecisionOutcome::kConditional, schema::DecisionOutcome::CONDITIONAL},
                   {domain::DecisionOutcome::kReject, schema::DecisionOutcome::REJECT});
CERTREG_ENUM_TABLE(domain::SurveillanceConclusion, schema::SurveillanceConclusion, 3,
                   {domain::SurveillanceConclusion::kMaintain, schema::SurveillanceConclusion::MAINTAIN},
                   {domain::SurveillanceConclusion::kSuspend, schema::SurveillanceConclusion::SUSPEND},
                   {domain::SurveillanceConclusion::kRevoke, schema::SurveillanceConclusion::REVOKE});
CERTREG_ENUM_TABLE(domain::AddressKind, schema::AddressKind, 2,
                   {domain::AddressKind::kRegistered, schema::AddressKind::REGISTERED},
                   {domain::AddressKind::kOperating, schema::AddressKind::OPERATING});
CERTREG_ENUM_TABLE(domain::ReissueCause, schema::ReissueCause, 2,
                   {domain::ReissueCause::kLost, schema::ReissueCause::LOST},
                   {domain::ReissueCause::kDamaged, schema::ReissueCause::DAMAGED});
CERTREG_ENUM_TABLE(domain::AppealOutcome, schema::AppealOutcome, 2,
                   {domain::AppealOutcome::kUpheld, schema::AppealOutcome::UPHELD},
                   {domain::AppealOutcome::kDismissed, schema::AppealOutcome::DISMISSED});
CERTREG_ENUM_TABLE(domain::QmsResult, schema::QmsResult, 2,
                   {domain::QmsResult::kConforms, schema::QmsResult::CONFORMS},
                   {domain::QmsResult::kConformsWithMinor, schema::QmsResult::CONFORMS_WITH_MINOR});

#undef CERTREG_ENUM_TABLE

// The schema enumerant of a domain value. Every domain value has one (the
// tables above are complete; the round-trip tests cover every value).
template <typename DomainEnum>
typename EnumTable<DomainEnum>::Schema ToSchema(DomainEnum value) {
  for (const auto& [d, s] : EnumTable<DomainEnum>::kPairs) {
    if (d == value) return s;
  }
  return EnumTable<DomainEnum>::kPairs[0].second;  // unreachable for a valid domain value
}

template <typename DomainEnum, typename SchemaEnum>
DomainEnum DecodeContext::Enum(SchemaEnum value, const char* field) {
  static_assert(std::is_same_v<SchemaEnum, typename EnumTable<DomainEnum>::Schema>);
  for (const auto& [d, s] : EnumTable<DomainEnum>::kPairs) {
    if (s == value) return d;
  }
  Fail(std::string(field) + ": unknown enumerant");
  return EnumTable<DomainEnum>::kPairs[0].first;
}

}  // namespace certreg::codec::internal
