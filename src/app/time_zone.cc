#include "certreg/app/time_zone.h"

#include <date/tz.h>

#include <chrono>
#include <exception>

namespace certreg::app {
namespace {

using Micros = std::chrono::microseconds;
constexpr std::int64_t kMicrosPerDay = std::int64_t{86'400} * 1'000'000;

const date::time_zone* Zone(const void* zone) { return static_cast<const date::time_zone*>(zone); }

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

TimeZone::TimeZone() : name_("Asia/Shanghai"), fixed_offset_minutes_(480) {
  try {
    zone_ = date::locate_zone(name_);
  } catch (const std::exception&) {
    zone_ = nullptr;  // no tz database: the fixed offset
  }
}

Result<TimeZone> TimeZone::Load(const std::string& name) {
  TimeZone zone;
  try {
    zone.zone_ = date::locate_zone(name);
  } catch (const std::exception&) {
    return Status::InvalidArgument("unknown time zone '" + name + "' (expected an IANA name such as Asia/Shanghai)");
  }
  zone.name_ = name;
  return zone;
}

domain::Date TimeZone::LocalDateOf(std::int64_t micros) const {
  std::int64_t local_micros = micros + std::int64_t{fixed_offset_minutes_} * 60 * 1'000'000;
  if (zone_ != nullptr) {
    const date::sys_time<Micros> instant{Micros{micros}};
    local_micros = Zone(zone_)->to_local(instant).time_since_epoch().count();
  }
  return domain::Date::FromDays(static_cast<std::int32_t>(FloorDiv(local_micros, kMicrosPerDay)));
}

std::int64_t TimeZone::EndOfDay(domain::Date date) const {
  const std::int64_t next_day = std::int64_t{date.days()} + 1;
  if (zone_ == nullptr) return next_day * kMicrosPerDay - std::int64_t{fixed_offset_minutes_} * 60 * 1'000'000 - 1;
  // The first instant of the next local date: its midnight, or when a
  // transition skips midnight, the transition itself.
  const date::local_days midnight{date::days{next_day}};
  const auto start = Zone(zone_)->to_sys(midnight, date::choose::earliest);
  return std::chrono::duration_cast<Micros>(start.time_since_epoch()).count() - 1;
}

}  // namespace certreg::app
