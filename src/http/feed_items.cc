#include "http/feed_items.h"

#include "certreg/app/registry.h"
#include "http/log_sizes.h"
#include "http/render.h"

namespace certreg::http {

std::string FeedCursor(std::uint64_t position) { return std::to_string(position); }

std::optional<std::uint64_t> ParseFeedCursor(const std::string& text) { return ParseCount(text); }

nlohmann::json FeedItemJson(const projections::FeedItem& item) {
  const projections::FeedRow& row = item.row;
  return {{"cursor", FeedCursor(item.position)},
          {"position", item.position},
          {"type", row.event_type},
          {"certificate_no", row.certificate_no},
          {"status", std::string(domain::ToWire(row.status))},
          {"status_since", row.status_since.ToString()},
          {"effective_date", row.effective_date.ToString()},
          {"recorded_at", Instant(row.recorded_at_micros)}};
}

std::string FeedFrame(const projections::FeedItem& item) {
  // The JSON is one line (dump() without indent escapes control characters), as `data:` needs.
  return "id: " + FeedCursor(item.position) + "\nevent: " + item.row.event_type +
         "\ndata: " + FeedItemJson(item).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
}

}  // namespace certreg::http
