// The certification scheme as data: every number of the rule that the domain
// uses (domain.md §5). Loaded and validated from a JSON file by
// certreg/scheme/scheme_loader.h; no copy of these numbers lives in code.
// Immutable after loading; safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "certreg/domain/date.h"

namespace certreg::domain {

// One of the 20 management indicators of §9 (e.g. "9.4.3" 信息安全, threshold 95).
struct IndicatorDef {
  std::string id;         // "9.1.1" .. "9.5.4"
  std::string name_zh;    // "资质管理"
  std::string name_en;    // "Qualification management"
  std::string area;       // the management area it belongs to: an AreaDef id
  double threshold = 0;   // pass when score >= threshold
};

// One of the eight base areas of §10.1.1 / Annex C.
struct AreaDef {
  std::string id;       // service: "quality" "efficiency" "effect"; management: "organisation" "personnel"
                        // "goods" "live_information" "consumer_protection"
  std::string group;    // "service" | "management"
  std::string name_zh;  // "服务质量"
  std::string name_en;
  double weight = 0;    // fraction: 0.25 for 25 %
};

// One of the eight enhancement indicators of §10.1.2.
struct EnhancementDef {
  std::string id;  // "technical_innovation" ...
  std::string name_zh;
  std::string name_en;
  double weight = 0;  // fraction: 0.03 for 3 %
};

// An Annex D score sheet.
struct SheetDef {
  std::string id;    // "D.1.1"
  std::string area;  // the service area it scores: "quality" | "efficiency" | "effect"
  std::string name_zh;
  std::string name_en;
  std::vector<std::string> item_names_zh;  // one per item
  std::vector<double> item_points;         // maximum points per item; their sum is the sheet total
};

struct OnsiteDays {
  int min = 0;
  int max = 0;
};

// A grounds code of §8.2.1 / §8.2.2 / §8.2.3 with its text.
struct GroundsDef {
  std::string code;  // "8.2.1-1"
  std::string text_zh;
  std::string text_en;
};

// A code an audit finding may be recorded against (§5.1.1, §5.2.1, §9).
struct FindingCodeDef {
  std::string code;  // "9.4.3", "5.2.1-1", "5.1.1-2", "5.1.1-1.3"
  std::string name_zh;
};

struct Scheme {
  std::string id;       // "CMM-525-0010"
  std::string version;  // "V1.0"
  std::string sha256;   // hex SHA-256 of the scheme file's bytes (set by the loader)
  Date rule_effective_from;  // recorded and shown, not enforced
  Date rule_valid_until;

  // The certificate's fixed items (§7.1 item 5 and 8, §7.2.1).
  std::string basis;               // "GB/T 41247-2023; CMM-525-0010-GBT 41247-2023 (V1.0)"
  std::string certification_body;  // "北京希莫认证服务有限公司"
  std::string category;            // "电子商务直播售货质量管理能力认证"
  std::string field;               // "电子商务直播售货质量管理"
  std::string mode;                // "服务特性要求测评+服务管理要求审核"

  std::vector<AreaDef> areas;              // 3 service + 5 management, weights summing to 1.0
  std::vector<IndicatorDef> indicators;    // the 20 of §9, in order
  std::vector<EnhancementDef> enhancements;  // the 8 of §10.1.2, weights summing to 0.18
  std::vector<SheetDef> sheets;            // Annex D
  std::vector<FindingCodeDef> finding_codes;
  std::map<std::string, OnsiteDays> onsite_days;  // keyed "initial" "surveillance" "special" "recertification"

  int acceptance_working_days = 0;      // 5 (§6.1.3)
  int notice_working_days = 0;          // 5 (§6.3.3)
  int validity_years = 0;               // 3: valid_until = issue date + 3 years - 1 day
  int recertification_window_months = 0;  // 3: from valid_until - 3 months up to valid_until
  int surveillance_interval_months = 0;   // 12
  // 6: an open recertification keeps an expired certificate from cancellation
  // this long after valid_until (domain.md §9.3, ISO/IEC 17021-1 9.6.3.2.5 practice).
  int recertification_grace_months = 0;
  std::string certificate_number_pattern;  // "CMM-525-{YYYY}-{NNNNN}"

  std::vector<GroundsDef> suspension_grounds;    // 8.2.1-1 .. 8.2.1-4
  std::vector<GroundsDef> revocation_grounds;    // 8.2.2-1 .. 8.2.2-5
  std::vector<GroundsDef> cancellation_grounds;  // 8.2.3-1 .. 8.2.3-4

  // Lookups; nullptr when absent.
  const IndicatorDef* FindIndicator(const std::string& id) const;
  const AreaDef* FindArea(const std::string& id) const;
  const EnhancementDef* FindEnhancement(const std::string& id) const;
  const SheetDef* FindSheet(const std::string& id) const;
  const GroundsDef* FindGrounds(const std::string& code) const;  // in any of the three lists
  bool IsFindingCode(const std::string& code) const;
  const OnsiteDays* FindOnsiteDays(const std::string& audit_kind) const;

  // valid_until for a certificate issued (or a validity period starting) on `from`:
  // the day before the anniversary (2026-04-20 -> 2029-04-19; 2028-02-29 -> 2031-02-28).
  Date ValidUntil(Date from) const;
  // The certificate number for the `sequence`-th (1-based) first issue in `year`:
  // the pattern with {YYYY} and {NNNNN} (zero-padded to 5, more digits past 99999).
  std::string CertificateNumber(int year, std::uint64_t sequence) const;
};

}  // namespace certreg::domain
