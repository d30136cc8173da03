// Registry-level warnings (domain.md §9.10, §9.11): what is wrong with the
// registry as a whole rather than with a file. `serve` logs them at start;
// /readyz and the work queue answer carry them. Pure.
#pragma once

#include <string>
#include <vector>

#include "certreg/domain/calendar.h"
#include "certreg/domain/date.h"
#include "certreg/domain/scheme.h"

namespace certreg::domain {

struct RegistryWarning {
  std::string code;     // scheme_expired | scheme_not_yet_effective | calendar_missing
  std::string message;  // English, for operators
  friend bool operator==(const RegistryWarning&, const RegistryWarning&) = default;
};

// The warnings on `today`, in this order:
// - scheme_not_yet_effective / scheme_expired: today lies before the rule's
//   effective date or after its validity (the rule's last line; a period the
//   scheme leaves unset is not checked);
// - calendar_missing: the working calendar names no holiday and no make-up
//   working day in today's year, so working-day clocks count weekends only.
std::vector<RegistryWarning> RegistryWarnings(const Scheme& scheme, const WorkingCalendar& calendar, Date today);

}  // namespace certreg::domain
