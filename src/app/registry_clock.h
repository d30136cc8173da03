// Internal to the app room: the registry's clock and time zone.
#pragma once

#include <cstdint>
#include <functional>

#include "certreg/domain/date.h"

namespace certreg::app {

// The registry's "now" and the dates of recorded instants in its time zone.
// Thread-safe (immutable after construction).
class RegistryClock {
 public:
  // `now`: microseconds since the epoch (UTC); the system clock when empty.
  RegistryClock(int utc_offset_minutes, std::function<std::int64_t()> now);

  std::int64_t NowMicros() const { return now_(); }
  domain::Date Today() const { return DateOf(now_()); }
  // The registry's date of the instant `micros`.
  domain::Date DateOf(std::int64_t micros) const;
  int utc_offset_minutes() const { return utc_offset_minutes_; }

 private:
  int utc_offset_minutes_;
  std::function<std::int64_t()> now_;
};

}  // namespace certreg::app
