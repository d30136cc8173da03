// Registry-level warnings (domain.md §9.10, §9.11).
#include "certreg/domain/registry_warnings.h"

#include <algorithm>

namespace certreg::domain {
namespace {

bool AnyInYear(const std::set<Date>& dates, int year) {
  return std::any_of(dates.begin(), dates.end(), [year](Date d) { return d.year() == year; });
}

}  // namespace

std::vector<RegistryWarning> RegistryWarnings(const Scheme& scheme, const WorkingCalendar& calendar, Date today) {
  std::vector<RegistryWarning> out;
  const std::string rule = scheme.id + " " + scheme.version;
  if (scheme.rule_effective_from != Date() && today < scheme.rule_effective_from) {
    out.push_back({"scheme_not_yet_effective", "the rule " + rule + " takes effect on " +
                                                   scheme.rule_effective_from.ToString() +
                                                   "; decisions before it rest on a rule not yet in force"});
  }
  if (scheme.rule_valid_until != Date() && today > scheme.rule_valid_until) {
    out.push_back({"scheme_expired", "the rule " + rule + " was valid until " + scheme.rule_valid_until.ToString() +
                                         "; decisions now rest on an expired rule: load its successor or confirm "
                                         "its extension"});
  }
  if (!AnyInYear(calendar.holidays(), today.year()) && !AnyInYear(calendar.makeup_workdays(), today.year())) {
    out.push_back({"calendar_missing", "no holiday calendar covers " + std::to_string(today.year()) +
                                           ": working-day clocks (acceptance, notice) count weekends only; give one "
                                           "with --calendar or DATA/calendar.json"});
  }
  return out;
}

}  // namespace certreg::domain
