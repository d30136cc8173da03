#include "certreg/domain/date.h"

#include <cstdio>

namespace certreg::domain {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int32_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Civil {
  int year, month, day;
};

Civil CivilFromDays(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

Date Date::FromCivil(int year, int month, int day) { return Date(DaysFromCivil(year, month, day)); }

std::optional<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t count) -> int {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return FromCivil(y, m, d);
}

std::string Date::ToString() const {
  const Civil c = CivilFromDays(days_);
  if (c.year < 0 || c.year > 9999) {
    char buffer[24];
    std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", c.year, c.month, c.day);
    return buffer;
  }
  // YYYY-MM-DD by hand: dates are written into every row and event, and
  // snprintf's format parsing was most of the cost.
  std::string out = "0000-00-00";
  auto put = [&out](std::size_t last, int value, int digits) {
    for (int i = 0; i < digits; ++i, value /= 10) {
      out[last - static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    }
  };
  put(3, c.year, 4);
  put(6, c.month, 2);
  put(9, c.day, 2);
  return out;
}

int Date::year() const { return CivilFromDays(days_).year; }
int Date::month() const { return CivilFromDays(days_).month; }
int Date::day() const { return CivilFromDays(days_).day; }

int Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  const int w = static_cast<int>(((static_cast<std::int64_t>(days_) % 7) + 7 + 3) % 7);  // 0 = Monday
  return w + 1;
}

Date Date::AddMonths(int n) const {
  const Civil c = CivilFromDays(days_);
  const int total = c.year * 12 + (c.month - 1) + n;
  const int year = total / 12, month = total % 12 + 1;
  const int day = c.day <= DaysInMonth(year, month) ? c.day : DaysInMonth(year, month);
  return FromCivil(year, month, day);
}

}  // namespace certreg::domain
