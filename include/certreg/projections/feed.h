// The change feed's read model (platforms.md §3; projections/README.md,
// "Key layout"): column family proj_feed, one row per public event
// (domain::IsPublicEvent) keyed by the event's global log position, holding
// the certificate's number and status after the event, so that a page of the
// feed is one range read and never a scan of the log.
//
// The rows are a pure function of a file's events and their positions: the
// rows written with each command (in the same batch as its events), those of
// a catch-up and those of a rebuild from the log are byte-identical. They are
// kept apart from ProjectFile, whose events carry no log position.
// Thread-safe when the reader is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/domain/events.h"
#include "certreg/domain/file_state.h"
#include "certreg/projections/project.h"
#include "certreg/projections/row_reader.h"
#include "certreg/projections/rows.h"

namespace certreg::projections {

inline constexpr std::size_t kDefaultFeedPage = 100;   // platforms.md §3
inline constexpr std::size_t kMaxFeedPage = 1'000;

// The feed row of `event`, where `after` is the file's state once the event
// is folded in (it has a certificate: every public event concerns one);
// nullopt for an event that is not public. The row takes the event's
// recorded_at_micros.
std::optional<FeedRow> FeedRowOf(const domain::Event& event, const domain::FileState& after);
// `row` as the feed row of the event at log `position`.
RowWrite FeedRowAt(std::uint64_t position, const FeedRow& row);
// FeedRowOf's row at `position`.
std::optional<RowWrite> FeedRowWrite(std::uint64_t position, const domain::Event& event,
                                     const domain::FileState& after);

// The feed rows of `events`, a file's events after the state `before`, event
// i recorded at log position positions[i] (as many positions as events).
// Folds the events only when one of them is public.
ProjectionWrites FeedRows(const domain::FileState& before, const std::vector<domain::Event>& events,
                          const std::vector<std::uint64_t>& positions);

struct FeedItem {
  std::uint64_t position = 0;
  FeedRow row;
};

struct FeedPage {
  std::vector<FeedItem> items;  // oldest first
};

// At most `limit` (1..kMaxFeedPage) feed items with a position greater than
// `after` (every item when nullopt), oldest first. InvalidArgument for a
// limit out of range; Corruption for a row that does not decode.
Result<FeedPage> Feed(const RowReader& reader, std::optional<std::uint64_t> after, std::size_t limit);

}  // namespace certreg::projections
