// Working days: Monday to Friday, minus the operator's holidays, plus the
// operator's make-up working days (调休上班). Immutable; thread-safe.
#pragma once

#include <set>

#include "certreg/domain/date.h"

namespace certreg::domain {

class WorkingCalendar {
 public:
  WorkingCalendar() = default;  // weekends only
  WorkingCalendar(std::set<Date> holidays, std::set<Date> makeup_workdays)
      : holidays_(std::move(holidays)), makeup_workdays_(std::move(makeup_workdays)) {}

  bool IsWorkingDay(Date date) const;

  // The n-th working day after `from` (`from` itself never counts), n >= 1:
  // the due date of an "n working days" clock started on `from`.
  // Received Monday 2026-03-02, n = 5 -> Monday 2026-03-09.
  Date AddWorkingDays(Date from, int n) const;

  const std::set<Date>& holidays() const { return holidays_; }
  const std::set<Date>& makeup_workdays() const { return makeup_workdays_; }

 private:
  std::set<Date> holidays_;
  std::set<Date> makeup_workdays_;
};

}  // namespace certreg::domain
