#include "certreg/domain/scheme.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace certreg::domain {
namespace {

// The element of `items` whose `key` member equals `id`; nullptr when absent.
template <typename T, typename Key>
const T* FindBy(const std::vector<T>& items, Key T::*key, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.*key == id; });
  return it == items.end() ? nullptr : &*it;
}

// Replaces the first occurrence of `placeholder` in `text` (if any).
void ReplaceOnce(std::string& text, std::string_view placeholder, const std::string& value) {
  const auto pos = text.find(placeholder);
  if (pos != std::string::npos) text.replace(pos, placeholder.size(), value);
}

std::string ZeroPadded(std::uint64_t value, int width) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

}  // namespace

const IndicatorDef* Scheme::FindIndicator(const std::string& id) const {
  return FindBy(indicators, &IndicatorDef::id, id);
}

const AreaDef* Scheme::FindArea(const std::string& id) const { return FindBy(areas, &AreaDef::id, id); }

const EnhancementDef* Scheme::FindEnhancement(const std::string& id) const {
  return FindBy(enhancements, &EnhancementDef::id, id);
}

const SheetDef* Scheme::FindSheet(const std::string& id) const { return FindBy(sheets, &SheetDef::id, id); }

const GroundsDef* Scheme::FindGrounds(const std::string& code) const {
  for (const auto* list : {&suspension_grounds, &revocation_grounds, &cancellation_grounds}) {
    if (const GroundsDef* found = FindBy(*list, &GroundsDef::code, code)) return found;
  }
  return nullptr;
}

bool Scheme::IsFindingCode(const std::string& code) const {
  return FindBy(finding_codes, &FindingCodeDef::code, code) != nullptr;
}

const OnsiteDays* Scheme::FindOnsiteDays(const std::string& audit_kind) const {
  auto it = onsite_days.find(audit_kind);
  return it == onsite_days.end() ? nullptr : &it->second;
}

// The day before the anniversary: 2026-04-20 -> 2029-04-19; 2025-03-01 -> 2028-02-29;
// an issue on 29 February has its anniversary on 1 March: 2028-02-29 -> 2031-02-28 (domain.md §5).
Date Scheme::ValidUntil(Date from) const {
  Date anniversary = from.AddYears(validity_years);
  if (from.month() == 2 && from.day() == 29 && anniversary.day() == 28) anniversary = anniversary.AddDays(1);
  return anniversary.AddDays(-1);
}

std::string Scheme::CertificateNumber(int year, std::uint64_t sequence) const {
  std::string number = certificate_number_pattern;
  ReplaceOnce(number, "{YYYY}", ZeroPadded(static_cast<std::uint64_t>(year), 4));
  ReplaceOnce(number, "{NNNNN}", ZeroPadded(sequence, 5));
  return number;
}

}  // namespace certreg::domain
