#include "app/registry_clock.h"

#include <chrono>

namespace certreg::app {

RegistryClock::RegistryClock(int utc_offset_minutes, std::function<std::int64_t()> now)
    : utc_offset_minutes_(utc_offset_minutes), now_(std::move(now)) {
  if (!now_) {
    now_ = [] {
      return std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
}

domain::Date RegistryClock::DateOf(std::int64_t micros) const {
  const std::int64_t local_seconds = micros / 1'000'000 + std::int64_t{utc_offset_minutes_} * 60;
  std::int64_t days = local_seconds / 86400;
  if (local_seconds % 86400 < 0) --days;
  return domain::Date::FromDays(static_cast<std::int32_t>(days));
}

}  // namespace certreg::app
