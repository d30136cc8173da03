// The registry's time zone, by its IANA name (e.g. Asia/Shanghai): which
// local date an instant falls on, and the instant a local date ends. Correct
// across daylight-saving transitions for zones that have them. The rules come
// from the system's tz database (Debian tzdata), read through Howard Hinnant's
// date/tz library.
#pragma once

#include <cstdint>
#include <string>

#include "certreg/common/status.h"
#include "certreg/domain/date.h"

namespace certreg::app {

// Cheap to copy; immutable, so thread-safe.
class TimeZone {
 public:
  // Asia/Shanghai, the default of the registry (fixed UTC+8 when the machine
  // has no tz database: Shanghai has kept UTC+8 without daylight saving since 1991).
  TimeZone();

  // The zone named `name`. InvalidArgument naming it when the tz database
  // knows no such zone (or the machine has no tz database).
  static Result<TimeZone> Load(const std::string& name);

  const std::string& name() const { return name_; }

  // The local date of the instant `micros` (microseconds since the epoch, UTC).
  domain::Date LocalDateOf(std::int64_t micros) const;

  // The last microsecond of the local date `date`: one before the first
  // instant of the next local date.
  std::int64_t EndOfDay(domain::Date date) const;

 private:
  std::string name_;
  const void* zone_ = nullptr;     // the tz database's zone (date::time_zone), which lives as long as the process
  int fixed_offset_minutes_ = 0;   // when zone_ is null
};

}  // namespace certreg::app
