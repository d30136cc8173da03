// The registry's time zone by IANA name: local dates of instants and the ends
// of local dates, across daylight-saving transitions, and as_of on its axis.
#include <catch2/catch.hpp>

#include <cstdint>

#include "certreg/app/replay.h"
#include "certreg/app/time_zone.h"

using namespace certreg;
using certreg::app::TimeZone;

namespace {

constexpr std::int64_t kMicrosPerHour = std::int64_t{3600} * 1'000'000;

domain::Date D(const char* text) { return *domain::Date::Parse(text); }

// Microseconds since the epoch of `date` at `hour`:`minute` UTC.
std::int64_t Utc(const char* date, int hour, int minute = 0) {
  return std::int64_t{D(date).days()} * 24 * kMicrosPerHour + hour * kMicrosPerHour + minute * kMicrosPerHour / 60;
}

TimeZone Zone(const char* name) {
  auto zone = TimeZone::Load(name);
  INFO(zone.status().ToString());
  REQUIRE(zone.ok());
  return *zone;
}

}  // namespace

TEST_CASE("Asia/Shanghai dates and day ends are those of a fixed UTC+8, the default", "[time_zone]") {
  const TimeZone shanghai = Zone("Asia/Shanghai");
  CHECK(shanghai.name() == "Asia/Shanghai");
  CHECK(TimeZone().name() == "Asia/Shanghai");
  for (const char* date : {"2026-01-01", "2026-03-08", "2026-07-01", "2026-11-01", "2028-02-29"}) {
    INFO(date);
    CHECK(shanghai.LocalDateOf(Utc(date, 15, 59)) == D(date));
    CHECK(shanghai.LocalDateOf(Utc(date, 16, 0)) == D(date).AddDays(1));
    CHECK(shanghai.EndOfDay(D(date)) == Utc(date, 16) - 1);
    CHECK(TimeZone().EndOfDay(D(date)) == shanghai.EndOfDay(D(date)));
  }
  CHECK(shanghai.LocalDateOf(Utc("1969-12-31", 16) - 1) == D("1969-12-31"));  // before the epoch too
}

TEST_CASE("America/New_York ends its days at local midnight across both DST transitions", "[time_zone]") {
  const TimeZone new_york = Zone("America/New_York");
  // 2026-03-08 02:00 EST becomes 03:00 EDT: the day before ends at 05:00Z, that day at 04:00Z.
  CHECK(new_york.EndOfDay(D("2026-03-07")) == Utc("2026-03-08", 5) - 1);
  CHECK(new_york.EndOfDay(D("2026-03-08")) == Utc("2026-03-09", 4) - 1);
  CHECK(new_york.LocalDateOf(Utc("2026-03-08", 4, 59)) == D("2026-03-07"));
  CHECK(new_york.LocalDateOf(Utc("2026-03-08", 5)) == D("2026-03-08"));
  CHECK(new_york.LocalDateOf(Utc("2026-03-09", 3, 59)) == D("2026-03-08"));
  CHECK(new_york.LocalDateOf(Utc("2026-03-09", 4)) == D("2026-03-09"));
  // 2026-11-01 02:00 EDT becomes 01:00 EST: that day is 25 hours long.
  CHECK(new_york.EndOfDay(D("2026-10-31")) == Utc("2026-11-01", 4) - 1);
  CHECK(new_york.EndOfDay(D("2026-11-01")) == Utc("2026-11-02", 5) - 1);
  CHECK(new_york.LocalDateOf(Utc("2026-11-02", 4, 30)) == D("2026-11-01"));
}

TEST_CASE("an unknown zone name is refused naming it", "[time_zone]") {
  auto zone = TimeZone::Load("Mars/Olympus_Mons");
  REQUIRE_FALSE(zone.ok());
  CHECK(zone.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(zone.status().message(), Catch::Contains("Mars/Olympus_Mons"));
  CHECK_FALSE(TimeZone::Load("").ok());
}

TEST_CASE("as_of on the recorded axis ends a date at the zone's local midnight", "[time_zone][replay]") {
  auto new_york = app::ParseAsOf("2026-03-08", "recorded", Zone("America/New_York"));
  REQUIRE(new_york.ok());
  CHECK(*new_york->instant_micros == Utc("2026-03-09", 4) - 1);
  auto shanghai = app::ParseAsOf("2026-03-08", "recorded", Zone("Asia/Shanghai"));
  REQUIRE(shanghai.ok());
  CHECK(*shanghai->instant_micros == Utc("2026-03-08", 16) - 1);
  // An instant on the effective axis falls on the zone's local date.
  auto instant = app::ParseAsOf("2026-03-08T04:30:00Z", "effective", Zone("America/New_York"));
  REQUIRE(instant.ok());
  CHECK(instant->date == D("2026-03-07"));
}
