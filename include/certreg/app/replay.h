// Replay for regulators (domain.md §8): a file's state after each of its
// events, and its state as of any time on either time axis (domain.md §1.1).
//
// Pure functions over a file's events as Registry::LoadFile
// returns them (log order, each with its version, effective date and
// recorded-at instant); no storage, no clock. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/app/time_zone.h"
#include "certreg/common/status.h"
#include "certreg/domain/date.h"
#include "certreg/domain/events.h"
#include "certreg/domain/file_state.h"

namespace certreg::app {

// One step of a file's history: the event and the state it leaves the file in.
struct TimelineEntry {
  std::uint64_t version = 0;  // the file's version after the event
  std::string type;           // the event's wire name (EventTypeName)
  domain::Date effective_date;
  std::int64_t recorded_at_micros = 0;  // microseconds since the epoch, UTC
  domain::Actor actor;
  domain::FileState state;  // Fold of the events up to and including this one
};

// The entry of `event`, given `state`, the file's state right after it.
TimelineEntry TimelineEntryOf(const domain::Event& event, const domain::FileState& state);

// The state after each event, in log order: entry i is the fold of events[0..i].
// One entry per event; empty for no events. Each entry holds a full copy of
// the state, so the result grows with (events × state size).
std::vector<TimelineEntry> Timeline(const std::vector<domain::Event>& events);

// The two time axes of domain.md §1.1.
enum class Axis {
  kEffective,  // business dates: what was in force on a day, including history entered late
  kRecorded,   // the server's clock: what the registry knew at an instant
};

// A point in time on one axis.
struct AsOf {
  Axis axis = Axis::kEffective;
  // kEffective: the last effective date included (inclusive).
  // kRecorded: the registry's date of `instant_micros` (the "today" of that
  // moment, e.g. for validity), informational; the bound is the instant.
  domain::Date date;
  // kRecorded: the last recorded-at instant included (inclusive), microseconds
  // since the epoch, UTC. Always set on kRecorded, never on kEffective.
  std::optional<std::int64_t> instant_micros;
};

// Parses the `as_of` and `axis` query parameters of
// GET /api/v1/certificates/{no}?as_of=&axis= (api.md).
//
// `axis`: "effective" (also when empty, the default) or "recorded".
// `as_of`: a date "YYYY-MM-DD" or an RFC 3339 instant
// "YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH:MM)" ('T' and 'Z' may be lower case;
// fractional seconds 1..9 digits, truncated to microseconds; second 60 refused).
//   - effective axis, date: that date.
//   - effective axis, instant: the date of that instant in the registry's
//     time zone (so an instant and the date it falls on give the same answer).
//   - recorded axis, instant: that instant.
//   - recorded axis, date: the end of that day in the registry's time zone,
//     i.e. the last microsecond before the next local midnight.
// `zone`: the registry's time zone.
//
// InvalidArgument whose field error names the parameter at fault: "axis" for
// an unknown axis, "as_of" for an empty or malformed value. An absent
// as_of means "now" and is the caller's business: do not call this for it.
Result<AsOf> ParseAsOf(std::string_view as_of, std::string_view axis, const TimeZone& zone);

// The file's state as of `as_of`: the fold, in log order, of every event with
// effective_date <= as_of.date (kEffective) or recorded_at_micros <=
// *as_of.instant_micros (kRecorded). Events are filtered, not cut at the first
// later one, so the answer never relies on dates increasing along the log.
// Before the first included event the state is empty (exists false); before
// the issue `certificate` is empty. The state's version is that of the last
// included event. A kRecorded AsOf without an instant is a bug (asserted).
domain::FileState StateAsOf(const std::vector<domain::Event>& events, const AsOf& as_of);

}  // namespace certreg::app
