// The application of Annex A (api.md, "The application body"), and the
// personal data kept apart from the log's hashed bytes (domain.md §2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreg/domain/date.h"
#include "certreg/domain/values.h"

namespace certreg::domain {

// Personal information (GB/T 35273): sealed in its own column family, never
// in the hashed event bytes, never shown to the public, erasable on its own.
struct PersonalData {
  std::string legal_representative;  // 法定代表人
  std::string contact_name;          // 联系人 (or a complainant's name)
  std::string phone;
  std::string email;
  std::string address;  // a natural person's address: a live salesperson's (§1.1 item 4), never an organisation's

  bool empty() const {
    return legal_representative.empty() && contact_name.empty() && phone.empty() && email.empty() && address.empty();
  }
  friend bool operator==(const PersonalData&, const PersonalData&) = default;
};

// A.1 basic information, less the personal fields.
struct Applicant {
  std::string name;     // 申请组织名称, * required
  std::string address;  // * for an organisation; empty for a live salesperson, whose address is personal data
  std::string uscc;     // * unless org_type is live_salesperson; GB 32100-2015 check character
  OrgType org_type = OrgType::kOther;  // *
  std::optional<Date> founded_on;
  std::optional<Date> live_business_since;
  friend bool operator==(const Applicant&, const Applicant&) = default;
};

// A.2.
struct BusinessOverview {
  std::string scale;
  std::string service_scope;
  std::vector<std::string> platforms;
  std::vector<std::string> live_modes;
  std::string live_hours;
  std::optional<std::int64_t> salespersons;
  std::optional<std::int64_t> annual_turnover_cny;
  std::optional<std::int64_t> annual_live_sessions;
  friend bool operator==(const BusinessOverview&, const BusinessOverview&) = default;
};

struct StatusAndPlan {
  std::string status;
  std::string plan;
  friend bool operator==(const StatusAndPlan&, const StatusAndPlan&) = default;
};

// A.3, six areas.
struct QualityManagementStatus {
  StatusAndPlan system, organisation, personnel, goods, live_information, consumer_protection;
  friend bool operator==(const QualityManagementStatus&, const QualityManagementStatus&) = default;
};

// A.4.
struct ServiceCapabilityStatus {
  StatusAndPlan quality, efficiency, effect, satisfaction, complaint_handling_rate, problem_resolution_rate;
  friend bool operator==(const ServiceCapabilityStatus&, const ServiceCapabilityStatus&) = default;
};

// A.5.
struct PerformanceIndicator {
  std::string category;
  std::string name;
  std::string target;
  std::string actual;
  friend bool operator==(const PerformanceIndicator&, const PerformanceIndicator&) = default;
};

// A.6, all must be true.
struct Declarations {
  bool materials_true = false;
  bool accepts_audit = false;
  bool follows_rules = false;
  bool continuous_improvement = false;
  friend bool operator==(const Declarations&, const Declarations&) = default;
};

// §6.1.1, all must be true.
struct Eligibility {
  bool legal_entity = false;
  bool qms_established = false;
  bool meets_standard = false;
  bool no_major_accident_12m = false;
  bool has_resources = false;
  friend bool operator==(const Eligibility&, const Eligibility&) = default;
};

struct ApplicationForm {
  Applicant applicant;
  PersonalData personal;  // legal_representative *, contact name * and phone *, email; address * for a live salesperson
  BusinessOverview business;
  QualityManagementStatus quality_management;
  ServiceCapabilityStatus service_capability;
  std::vector<PerformanceIndicator> performance_indicators;
  Declarations declarations;
  std::optional<Date> applied_on;  // A.6 申请日期
  Eligibility eligibility;
  std::vector<std::string> materials;  // §6.1.2, free text (codes recommended)
  std::string scope;                   // *
  friend bool operator==(const ApplicationForm&, const ApplicationForm&) = default;
};

}  // namespace certreg::domain
