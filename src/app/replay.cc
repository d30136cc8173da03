// Replay for regulators: the timeline and the state as of a time on either axis.
#include "certreg/app/replay.h"

#include <cassert>
#include <cstddef>
#include <utility>

namespace certreg::app {

namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kSecondsPerDay = 86'400;

constexpr const char* kAsOfExpected =
    "expected a date YYYY-MM-DD or an RFC 3339 instant such as 2026-03-01T08:00:00Z";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Two decimal digits at `pos`, at most `max`; nullopt otherwise.
std::optional<int> TwoDigits(std::string_view text, std::size_t pos, int max) {
  if (pos + 2 > text.size() || !IsDigit(text[pos]) || !IsDigit(text[pos + 1])) return std::nullopt;
  const int value = (text[pos] - '0') * 10 + (text[pos + 1] - '0');
  if (value > max) return std::nullopt;
  return value;
}

// "YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)" → microseconds since the epoch, UTC.
std::optional<std::int64_t> ParseInstant(std::string_view text) {
  if (text.size() < 20) return std::nullopt;
  const std::optional<domain::Date> date = domain::Date::Parse(text.substr(0, 10));
  if (!date || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') return std::nullopt;
  const std::optional<int> hour = TwoDigits(text, 11, 23);
  const std::optional<int> minute = TwoDigits(text, 14, 59);
  const std::optional<int> second = TwoDigits(text, 17, 59);
  if (!hour || !minute || !second) return std::nullopt;

  std::size_t pos = 19;
  std::int64_t fraction_micros = 0;
  if (text[pos] == '.') {
    ++pos;
    const std::size_t first = pos;
    std::int64_t scale = 100'000;  // the first fractional digit's weight in microseconds
    while (pos < text.size() && IsDigit(text[pos])) {
      fraction_micros += (text[pos] - '0') * scale;
      scale /= 10;  // digits past the sixth weigh 0: truncated
      ++pos;
    }
    if (pos == first || pos - first > 9) return std::nullopt;
  }

  std::int64_t offset_minutes = 0;
  if (pos + 1 == text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    // UTC
  } else if (pos + 6 == text.size() && (text[pos] == '+' || text[pos] == '-') && text[pos + 3] == ':') {
    const std::optional<int> offset_hour = TwoDigits(text, pos + 1, 23);
    const std::optional<int> offset_minute = TwoDigits(text, pos + 4, 59);
    if (!offset_hour || !offset_minute) return std::nullopt;
    offset_minutes = (text[pos] == '-' ? -1 : 1) * (*offset_hour * 60 + *offset_minute);
  } else {
    return std::nullopt;
  }

  const std::int64_t local_seconds =
      std::int64_t{date->days()} * kSecondsPerDay + *hour * 3600 + *minute * 60 + *second;
  return (local_seconds - offset_minutes * 60) * kMicrosPerSecond + fraction_micros;
}

bool Included(const domain::Event& event, const AsOf& as_of) {
  switch (as_of.axis) {
    case Axis::kEffective:
      return event.effective_date <= as_of.date;
    case Axis::kRecorded:
      return event.recorded_at_micros <= *as_of.instant_micros;
  }
  return false;  // unreachable: every axis is handled above
}

}  // namespace

TimelineEntry TimelineEntryOf(const domain::Event& event, const domain::FileState& state) {
  return TimelineEntry{state.version, std::string(domain::EventTypeName(event.body)), event.effective_date,
                       event.recorded_at_micros, event.actor, state};
}

std::vector<TimelineEntry> Timeline(const std::vector<domain::Event>& events) {
  std::vector<TimelineEntry> timeline;
  timeline.reserve(events.size());
  domain::FileState state;
  for (const domain::Event& event : events) {
    state = domain::Evolve(std::move(state), event);
    timeline.push_back(TimelineEntryOf(event, state));
  }
  return timeline;
}

Result<AsOf> ParseAsOf(std::string_view as_of, std::string_view axis, const TimeZone& zone) {
  AsOf result;
  if (axis.empty() || axis == "effective") {
    result.axis = Axis::kEffective;
  } else if (axis == "recorded") {
    result.axis = Axis::kRecorded;
  } else {
    return Status::InvalidFields({{"axis", "expected effective or recorded"}});
  }
  if (as_of.empty()) return Status::InvalidFields({{"as_of", "is empty"}});

  if (const std::optional<domain::Date> date = domain::Date::Parse(as_of)) {
    result.date = *date;
    if (result.axis == Axis::kRecorded) result.instant_micros = zone.EndOfDay(*date);
    return result;
  }
  const std::optional<std::int64_t> instant = ParseInstant(as_of);
  if (!instant) return Status::InvalidFields({{"as_of", kAsOfExpected}});
  result.date = zone.LocalDateOf(*instant);
  if (result.axis == Axis::kRecorded) result.instant_micros = *instant;
  return result;
}

domain::FileState StateAsOf(const std::vector<domain::Event>& events, const AsOf& as_of) {
  assert(as_of.axis != Axis::kRecorded || as_of.instant_micros.has_value());
  if (as_of.axis == Axis::kRecorded && !as_of.instant_micros) return domain::FileState{};
  domain::FileState state;
  for (const domain::Event& event : events) {
    if (Included(event, as_of)) state = domain::Evolve(std::move(state), event);
  }
  return state;
}

}  // namespace certreg::app
