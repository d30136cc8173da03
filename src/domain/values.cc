#include "certreg/domain/values.h"

#include "domain/wire_names.h"

namespace certreg::domain {
namespace {

template <typename E, std::size_t N>
using Names = internal::WireNames<E, N>;

constexpr Names<CertificateStatus, 4> kStatus{{{CertificateStatus::kValid, "VALID"},
                                               {CertificateStatus::kSuspended, "SUSPENDED"},
                                               {CertificateStatus::kRevoked, "REVOKED"},
                                               {CertificateStatus::kCancelled, "CANCELLED"}}};
constexpr Names<OrgType, 5> kOrgType{{{OrgType::kPlatformOperator, "platform_operator"},
                                      {OrgType::kLiveServiceAgency, "live_service_agency"},
                                      {OrgType::kInPlatformMerchant, "in_platform_merchant"},
                                      {OrgType::kLiveSalesperson, "live_salesperson"},
                                      {OrgType::kOther, "other"}}};
constexpr Names<AuditKind, 4> kAuditKind{{{AuditKind::kInitial, "initial"},
                                          {AuditKind::kSurveillance, "surveillance"},
                                          {AuditKind::kSpecial, "special"},
                                          {AuditKind::kRecertification, "recertification"}}};
constexpr Names<SpecialTrigger, 4> kTrigger{{{SpecialTrigger::kNone, "none"},
                                             {SpecialTrigger::kMajorChange, "major_change"},
                                             {SpecialTrigger::kComplaint, "complaint"},
                                             {SpecialTrigger::kOther, "other"}}};
constexpr Names<FindingGrade, 3> kGrade{{{FindingGrade::kMajor, "major"},
                                         {FindingGrade::kMinor, "minor"},
                                         {FindingGrade::kObservation, "observation"}}};
constexpr Names<DecisionOutcome, 3> kOutcome{{{DecisionOutcome::kApprove, "approve"},
                                              {DecisionOutcome::kConditional, "conditional"},
                                              {DecisionOutcome::kReject, "reject"}}};
constexpr Names<SurveillanceConclusion, 3> kConclusion{{{SurveillanceConclusion::kMaintain, "maintain"},
                                                        {SurveillanceConclusion::kSuspend, "suspend"},
                                                        {SurveillanceConclusion::kRevoke, "revoke"}}};
constexpr Names<AddressKind, 2> kAddressKind{{{AddressKind::kRegistered, "registered"},
                                              {AddressKind::kOperating, "operating"}}};
constexpr Names<ReissueCause, 2> kCause{{{ReissueCause::kLost, "lost"}, {ReissueCause::kDamaged, "damaged"}}};
constexpr Names<AppealOutcome, 2> kAppeal{{{AppealOutcome::kUpheld, "upheld"},
                                           {AppealOutcome::kDismissed, "dismissed"}}};
constexpr Names<QmsResult, 2> kQms{{{QmsResult::kConforms, "conforms"},
                                    {QmsResult::kConformsWithMinor, "conforms_with_minor"}}};

using internal::NameOf;
using internal::ValueOf;

}  // namespace

std::string_view ToWire(CertificateStatus v) { return NameOf(kStatus, v); }
std::string_view ToWire(OrgType v) { return NameOf(kOrgType, v); }
std::string_view ToWire(AuditKind v) { return NameOf(kAuditKind, v); }
std::string_view ToWire(SpecialTrigger v) { return NameOf(kTrigger, v); }
std::string_view ToWire(FindingGrade v) { return NameOf(kGrade, v); }
std::string_view ToWire(DecisionOutcome v) { return NameOf(kOutcome, v); }
std::string_view ToWire(SurveillanceConclusion v) { return NameOf(kConclusion, v); }
std::string_view ToWire(AddressKind v) { return NameOf(kAddressKind, v); }
std::string_view ToWire(ReissueCause v) { return NameOf(kCause, v); }
std::string_view ToWire(AppealOutcome v) { return NameOf(kAppeal, v); }
std::string_view ToWire(QmsResult v) { return NameOf(kQms, v); }

template <> std::optional<CertificateStatus> FromWire(std::string_view n) { return ValueOf(kStatus, n); }
template <> std::optional<OrgType> FromWire(std::string_view n) { return ValueOf(kOrgType, n); }
template <> std::optional<AuditKind> FromWire(std::string_view n) { return ValueOf(kAuditKind, n); }
template <> std::optional<SpecialTrigger> FromWire(std::string_view n) { return ValueOf(kTrigger, n); }
template <> std::optional<FindingGrade> FromWire(std::string_view n) { return ValueOf(kGrade, n); }
template <> std::optional<DecisionOutcome> FromWire(std::string_view n) { return ValueOf(kOutcome, n); }
template <> std::optional<SurveillanceConclusion> FromWire(std::string_view n) { return ValueOf(kConclusion, n); }
template <> std::optional<AddressKind> FromWire(std::string_view n) { return ValueOf(kAddressKind, n); }
template <> std::optional<ReissueCause> FromWire(std::string_view n) { return ValueOf(kCause, n); }
template <> std::optional<AppealOutcome> FromWire(std::string_view n) { return ValueOf(kAppeal, n); }
template <> std::optional<QmsResult> FromWire(std::string_view n) { return ValueOf(kQms, n); }

std::string_view ChineseName(CertificateStatus v) {
  switch (v) {
    case CertificateStatus::kValid: return "有效";
    case CertificateStatus::kSuspended: return "暂停";
    case CertificateStatus::kRevoked: return "撤销";
    case CertificateStatus::kCancelled: return "注销";
  }
  return "";
}

}  // namespace certreg::domain
