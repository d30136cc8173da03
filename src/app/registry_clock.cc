#include "app/registry_clock.h"

#include <chrono>

namespace certreg::app {

RegistryClock::RegistryClock(TimeZone zone, std::function<std::int64_t()> now)
    : zone_(std::move(zone)), now_(std::move(now)) {
  if (!now_) {
    now_ = [] {
      return std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
}

}  // namespace certreg::app
