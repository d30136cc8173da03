#include <catch2/catch.hpp>

#include "certreg/domain/calendar.h"

using certreg::domain::Date;
using certreg::domain::WorkingCalendar;

namespace {

Date D(const char* text) { return *Date::Parse(text); }

// China's National Day period of 2026: 1–7 October off, Sunday 20 September
// and Saturday 10 October worked (国务院办公厅, 2025-11-04).
WorkingCalendar NationalDay2026() {
  std::set<Date> holidays;
  for (Date day = D("2026-10-01"); day <= D("2026-10-07"); day = day.AddDays(1)) holidays.insert(day);
  return WorkingCalendar(std::move(holidays), {D("2026-09-20"), D("2026-10-10")});
}

}  // namespace

TEST_CASE("an application received on Monday 2026-03-02 is due on Monday 2026-03-09", "[domain][calendar]") {
  WorkingCalendar weekends_only;
  CHECK(weekends_only.AddWorkingDays(D("2026-03-02"), 5) == D("2026-03-09"));
  CHECK(weekends_only.AddWorkingDays(D("2026-03-02"), 1) == D("2026-03-03"));
  // Received on a Saturday: working day 1 is the Monday.
  CHECK(weekends_only.AddWorkingDays(D("2026-03-07"), 1) == D("2026-03-09"));
}

TEST_CASE("weekdays work, weekends rest, holidays rest and make-up days work", "[domain][calendar]") {
  const WorkingCalendar calendar = NationalDay2026();
  CHECK(calendar.IsWorkingDay(D("2026-09-30")));        // Wednesday
  CHECK_FALSE(calendar.IsWorkingDay(D("2026-09-19")));  // Saturday
  CHECK(calendar.IsWorkingDay(D("2026-09-20")));        // Sunday, worked
  CHECK_FALSE(calendar.IsWorkingDay(D("2026-10-01")));  // Thursday, National Day
  CHECK_FALSE(calendar.IsWorkingDay(D("2026-10-07")));  // Wednesday, holiday
  CHECK(calendar.IsWorkingDay(D("2026-10-10")));        // Saturday, worked
  CHECK_FALSE(calendar.IsWorkingDay(D("2026-10-11")));  // Sunday
}

TEST_CASE("a five-working-day clock skips a holiday and counts a make-up day", "[domain][calendar]") {
  const WorkingCalendar calendar = NationalDay2026();
  // 30 Sep received; 1–7 Oct off; 8 Oct (1), 9 Oct (2), Sat 10 Oct (3), 12 Oct (4), 13 Oct (5).
  CHECK(calendar.AddWorkingDays(D("2026-09-30"), 5) == D("2026-10-13"));
  CHECK(WorkingCalendar().AddWorkingDays(D("2026-09-30"), 5) == D("2026-10-07"));
  // Friday 18 Sep received: the worked Sunday 20 Sep is working day 1.
  CHECK(calendar.AddWorkingDays(D("2026-09-18"), 1) == D("2026-09-20"));
  CHECK(calendar.AddWorkingDays(D("2026-09-18"), 5) == D("2026-09-24"));
}
