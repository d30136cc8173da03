// Internal to the app room: the registry's clock and time zone.
#pragma once

#include <cstdint>
#include <functional>

#include "certreg/app/time_zone.h"
#include "certreg/domain/date.h"

namespace certreg::app {

// The registry's "now" and the dates of recorded instants in its time zone.
// Thread-safe (immutable after construction).
class RegistryClock {
 public:
  // `now`: microseconds since the epoch (UTC); the system clock when empty.
  RegistryClock(TimeZone zone, std::function<std::int64_t()> now);

  std::int64_t NowMicros() const { return now_(); }
  domain::Date Today() const { return DateOf(now_()); }
  // The registry's date of the instant `micros`.
  domain::Date DateOf(std::int64_t micros) const { return zone_.LocalDateOf(micros); }
  const TimeZone& time_zone() const { return zone_; }

 private:
  TimeZone zone_;
  std::function<std::int64_t()> now_;
};

}  // namespace certreg::app
