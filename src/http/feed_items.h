// Internal to the HTTP room: a change-feed item as the public sees it
// (platforms.md §3; README, "The change feed"), in a page of
// GET /public/v1/feed and as a Server-Sent Event of /public/v1/feed/stream.
// Pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "certreg/projections/feed.h"

namespace certreg::http {

// The cursor of the item at log `position`: the position in decimal. A
// client hands it back as `after` (or Last-Event-ID) to continue after it.
std::string FeedCursor(std::uint64_t position);
// A cursor as a client gives it: digits only, no leading zero; nullopt when malformed.
std::optional<std::uint64_t> ParseFeedCursor(const std::string& text);

// {"cursor", "position", "type", "certificate_no", "status", "status_since",
//  "effective_date", "recorded_at"}: no personal data (the row holds none).
nlohmann::json FeedItemJson(const projections::FeedItem& item);

// One Server-Sent Event: "id: <cursor>\nevent: <type>\ndata: <item JSON>\n\n".
std::string FeedFrame(const projections::FeedItem& item);

// The comment line a stream gets as a heartbeat.
inline constexpr char kFeedHeartbeat[] = ": ping\n\n";

}  // namespace certreg::http
