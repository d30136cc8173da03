#include "certreg/domain/calendar.h"

#include <cassert>

namespace certreg::domain {

bool WorkingCalendar::IsWorkingDay(Date date) const {
  if (makeup_workdays_.contains(date)) return true;
  if (holidays_.contains(date)) return false;
  return date.weekday() <= 5;
}

Date WorkingCalendar::AddWorkingDays(Date from, int n) const {
  assert(n >= 1);
  Date day = from;
  for (int counted = 0; counted < n;) {
    day = day.AddDays(1);
    if (IsWorkingDay(day)) ++counted;
  }
  return day;
}

}  // namespace certreg::domain
