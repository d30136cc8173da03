// Small value types of the certification domain, with their wire names
// (api.md). Each enum has ToWire / FromWire; FromWire answers nullopt for
// an unknown name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace certreg::domain {

// Certificate status (§8.1). Wire: VALID SUSPENDED REVOKED CANCELLED.
enum class CertificateStatus { kValid, kSuspended, kRevoked, kCancelled };

// §1.1. Wire: platform_operator live_service_agency in_platform_merchant live_salesperson other.
enum class OrgType { kPlatformOperator, kLiveServiceAgency, kInPlatformMerchant, kLiveSalesperson, kOther };

// §5.3. Wire: initial surveillance special recertification.
enum class AuditKind { kInitial, kSurveillance, kSpecial, kRecertification };

// Special audits only. Wire: none major_change complaint other.
enum class SpecialTrigger { kNone, kMajorChange, kComplaint, kOther };

// Wire: major minor observation (严重不符合项 / 轻微不符合项 / 观察项).
enum class FindingGrade { kMajor, kMinor, kObservation };

// The audit report's recommendation and the decision's outcome (§6.3.2).
// Wire: approve conditional reject.
enum class DecisionOutcome { kApprove, kConditional, kReject };

// A surveillance or special audit's conclusion. Wire: maintain suspend revoke.
enum class SurveillanceConclusion { kMaintain, kSuspend, kRevoke };

// Wire: registered operating (§7.1 item 3).
enum class AddressKind { kRegistered, kOperating };

// Wire: lost damaged (§7.4.2).
enum class ReissueCause { kLost, kDamaged };

// Wire: upheld dismissed.
enum class AppealOutcome { kUpheld, kDismissed };

// The quality-management-system result on the certificate. Wire: conforms conforms_with_minor.
enum class QmsResult { kConforms, kConformsWithMinor };

std::string_view ToWire(CertificateStatus v);
std::string_view ToWire(OrgType v);
std::string_view ToWire(AuditKind v);
std::string_view ToWire(SpecialTrigger v);
std::string_view ToWire(FindingGrade v);
std::string_view ToWire(DecisionOutcome v);
std::string_view ToWire(SurveillanceConclusion v);
std::string_view ToWire(AddressKind v);
std::string_view ToWire(ReissueCause v);
std::string_view ToWire(AppealOutcome v);
std::string_view ToWire(QmsResult v);

template <typename E>
std::optional<E> FromWire(std::string_view name);

// 有效 暂停 撤销 注销
std::string_view ChineseName(CertificateStatus v);

}  // namespace certreg::domain
