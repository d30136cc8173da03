#include "certreg/domain/values.h"

#include <array>
#include <utility>

namespace certreg::domain {
namespace {

template <typename E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

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

template <typename E, std::size_t N>
std::string_view Find(const Names<E, N>& names, E value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "";
}

template <typename E, std::size_t N>
std::optional<E> Parse(const Names<E, N>& names, std::string_view name) {
  for (const auto& [v, n] : names) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToWire(CertificateStatus v) { return Find(kStatus, v); }
std::string_view ToWire(OrgType v) { return Find(kOrgType, v); }
std::string_view ToWire(AuditKind v) { return Find(kAuditKind, v); }
std::string_view ToWire(SpecialTrigger v) { return Find(kTrigger, v); }
std::string_view ToWire(FindingGrade v) { return Find(kGrade, v); }
std::string_view ToWire(DecisionOutcome v) { return Find(kOutcome, v); }
std::string_view ToWire(SurveillanceConclusion v) { return Find(kConclusion, v); }
std::string_view ToWire(AddressKind v) { return Find(kAddressKind, v); }
std::string_view ToWire(ReissueCause v) { return Find(kCause, v); }
std::string_view ToWire(AppealOutcome v) { return Find(kAppeal, v); }
std::string_view ToWire(QmsResult v) { return Find(kQms, v); }

template <> std::optional<CertificateStatus> FromWire(std::string_view n) { return Parse(kStatus, n); }
template <> std::optional<OrgType> FromWire(std::string_view n) { return Parse(kOrgType, n); }
template <> std::optional<AuditKind> FromWire(std::string_view n) { return Parse(kAuditKind, n); }
template <> std::optional<SpecialTrigger> FromWire(std::string_view n) { return Parse(kTrigger, n); }
template <> std::optional<FindingGrade> FromWire(std::string_view n) { return Parse(kGrade, n); }
template <> std::optional<DecisionOutcome> FromWire(std::string_view n) { return Parse(kOutcome, n); }
template <> std::optional<SurveillanceConclusion> FromWire(std::string_view n) { return Parse(kConclusion, n); }
template <> std::optional<AddressKind> FromWire(std::string_view n) { return Parse(kAddressKind, n); }
template <> std::optional<ReissueCause> FromWire(std::string_view n) { return Parse(kCause, n); }
template <> std::optional<AppealOutcome> FromWire(std::string_view n) { return Parse(kAppeal, n); }
template <> std::optional<QmsResult> FromWire(std::string_view n) { return Parse(kQms, n); }

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
