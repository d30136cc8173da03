// Internal to the projections: the pieces the row encoders and decoders
// (rows.cc) share — dates as text, enum tables, and a decoder that keeps the
// first problem met.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>

#include "certreg/common/status.h"
#include "certreg/domain/date.h"
#include "certreg/domain/values.h"
#include "domain_events.capnp.h"
#include "projections.capnp.h"

namespace certreg::projections::internal {

inline capnp::Text::Reader Text(const std::string& text) { return capnp::Text::Reader(text.c_str(), text.size()); }
inline std::string Str(capnp::Text::Reader text) { return std::string(text.cStr(), text.size()); }

inline std::string DateText(const std::optional<domain::Date>& date) { return date ? date->ToString() : std::string(); }

template <typename DomainEnum>
struct EnumTable;

#define CERTREG_PROJ_ENUM_TABLE(D, S, N, ...)                              \
  template <>                                                              \
  struct EnumTable<D> {                                                    \
    using Schema = S;                                                      \
    static constexpr std::array<std::pair<D, S>, N> kPairs{{__VA_ARGS__}}; \
  }

CERTREG_PROJ_ENUM_TABLE(domain::CertificateStatus, schema::CertificateStatus, 4,
                        {domain::CertificateStatus::kValid, schema::CertificateStatus::VALID},
                        {domain::CertificateStatus::kSuspended, schema::CertificateStatus::SUSPENDED},
                        {domain::CertificateStatus::kRevoked, schema::CertificateStatus::REVOKED},
                        {domain::CertificateStatus::kCancelled, schema::CertificateStatus::CANCELLED});
CERTREG_PROJ_ENUM_TABLE(domain::OrgType, schema::OrgType, 5,
                        {domain::OrgType::kPlatformOperator, schema::OrgType::PLATFORM_OPERATOR},
                        {domain::OrgType::kLiveServiceAgency, schema::OrgType::LIVE_SERVICE_AGENCY},
                        {domain::OrgType::kInPlatformMerchant, schema::OrgType::IN_PLATFORM_MERCHANT},
                        {domain::OrgType::kLiveSalesperson, schema::OrgType::LIVE_SALESPERSON},
                        {domain::OrgType::kOther, schema::OrgType::OTHER});
CERTREG_PROJ_ENUM_TABLE(domain::AddressKind, schema::AddressKind, 2,
                        {domain::AddressKind::kRegistered, schema::AddressKind::REGISTERED},
                        {domain::AddressKind::kOperating, schema::AddressKind::OPERATING});
CERTREG_PROJ_ENUM_TABLE(domain::AuditKind, schema::AuditKind, 4,
                        {domain::AuditKind::kInitial, schema::AuditKind::INITIAL},
                        {domain::AuditKind::kSurveillance, schema::AuditKind::SURVEILLANCE},
                        {domain::AuditKind::kSpecial, schema::AuditKind::SPECIAL},
                        {domain::AuditKind::kRecertification, schema::AuditKind::RECERTIFICATION});
CERTREG_PROJ_ENUM_TABLE(domain::SurveillanceConclusion, schema::SurveillanceConclusion, 3,
                        {domain::SurveillanceConclusion::kMaintain, schema::SurveillanceConclusion::MAINTAIN},
                        {domain::SurveillanceConclusion::kSuspend, schema::SurveillanceConclusion::SUSPEND},
                        {domain::SurveillanceConclusion::kRevoke, schema::SurveillanceConclusion::REVOKE});
CERTREG_PROJ_ENUM_TABLE(domain::QmsResult, schema::QmsResult, 2,
                        {domain::QmsResult::kConforms, schema::QmsResult::CONFORMS},
                        {domain::QmsResult::kConformsWithMinor, schema::QmsResult::CONFORMS_WITH_MINOR});

#undef CERTREG_PROJ_ENUM_TABLE

template <typename DomainEnum>
typename EnumTable<DomainEnum>::Schema ToSchema(DomainEnum value) {
  for (const auto& [d, s] : EnumTable<DomainEnum>::kPairs) {
    if (d == value) return s;
  }
  return EnumTable<DomainEnum>::kPairs[0].second;  // unreachable for a valid domain value
}

// Reads values out of a row and keeps the first problem met; readers go on
// after a problem (returning defaults), so a decoder checks status() once at
// the end. Not thread-safe.
class Decoder {
 public:
  explicit Decoder(const char* row) : row_(row) {}

  domain::Date RequiredDate(capnp::Text::Reader text, const char* field) {
    std::optional<domain::Date> date = domain::Date::Parse(std::string_view(text.cStr(), text.size()));
    if (!date) Fail(field, "is not a date");
    return date.value_or(domain::Date());
  }

  std::optional<domain::Date> OptionalDate(capnp::Text::Reader text, const char* field) {
    if (text.size() == 0) return std::nullopt;
    return RequiredDate(text, field);
  }

  template <typename DomainEnum, typename SchemaEnum>
  DomainEnum Enum(SchemaEnum value, const char* field) {
    static_assert(std::is_same_v<SchemaEnum, typename EnumTable<DomainEnum>::Schema>);
    for (const auto& [d, s] : EnumTable<DomainEnum>::kPairs) {
      if (s == value) return d;
    }
    Fail(field, "is an unknown enumerant");
    return EnumTable<DomainEnum>::kPairs[0].first;
  }

  void Fail(const char* field, const char* problem) {
    if (status_.ok()) status_ = Status::Corruption(std::string(row_) + " row: " + field + " " + problem);
  }
  const Status& status() const { return status_; }

 private:
  const char* row_;
  Status status_;
};

}  // namespace certreg::projections::internal
