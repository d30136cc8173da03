// A business date (YYYY-MM-DD) in the registry's time zone: a day count, no
// time of day, no zone. Value type; thread-compatible.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace certreg::domain {

class Date {
 public:
  Date() = default;  // 1970-01-01
  static Date FromCivil(int year, int month, int day);  // the caller passes a valid date
  static Date FromDays(std::int32_t days_since_epoch) { return Date(days_since_epoch); }

  // Parses exactly "YYYY-MM-DD" (years 1900..9999) of a real calendar date;
  // nullopt for anything else ("2026-02-30", "2026-3-1", " 2026-03-01").
  static std::optional<Date> Parse(std::string_view text);

  std::string ToString() const;  // "YYYY-MM-DD"
  std::int32_t days() const { return days_; }
  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  int weekday() const;  // ISO: 1 Monday .. 7 Sunday

  Date AddDays(std::int32_t n) const { return Date(days_ + n); }
  // Calendar months / years; a day that does not exist in the target month
  // becomes the month's last day (2026-01-31 + 1 month = 2026-02-28; 2028-02-29 + 1 year = 2029-02-28).
  Date AddMonths(int n) const;
  Date AddYears(int n) const { return AddMonths(12 * n); }

  friend auto operator<=>(const Date&, const Date&) = default;
  friend bool operator==(const Date&, const Date&) = default;

 private:
  explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

// Days in `month` (1..12) of `year`, leap years included.
int DaysInMonth(int year, int month);

}  // namespace certreg::domain
