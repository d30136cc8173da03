// The change feed's rows and its one query (include/certreg/projections/feed.h).
#include <algorithm>

#include "certreg/codec/row_codec.h"
#include "certreg/projections/feed.h"
#include "certreg/projections/keys.h"

namespace certreg::projections {

std::optional<FeedRow> FeedRowOf(const domain::Event& event, const domain::FileState& after) {
  const std::string_view type = domain::EventTypeName(event.body);
  if (!domain::IsPublicEvent(type) || !after.certificate) return std::nullopt;
  const domain::CertificateState& certificate = *after.certificate;
  return FeedRow{.event_type = std::string(type),
                 .certificate_no = certificate.number,
                 .status = certificate.status,
                 .status_since = certificate.status_since,
                 .effective_date = event.effective_date,
                 .recorded_at_micros = event.recorded_at_micros};
}

RowWrite FeedRowAt(std::uint64_t position, const FeedRow& row) {
  return RowWrite{kFeedCf, FeedKey(position), codec::EncodeFeedRow(row)};
}

std::optional<RowWrite> FeedRowWrite(std::uint64_t position, const domain::Event& event,
                                     const domain::FileState& after) {
  std::optional<FeedRow> row = FeedRowOf(event, after);
  if (!row) return std::nullopt;
  return FeedRowAt(position, *row);
}

ProjectionWrites FeedRows(const domain::FileState& before, const std::vector<domain::Event>& events,
                          const std::vector<std::uint64_t>& positions) {
  ProjectionWrites out;
  const bool any_public = std::any_of(events.begin(), events.end(), [](const domain::Event& e) {
    return domain::IsPublicEvent(domain::EventTypeName(e.body));
  });
  if (!any_public) return out;
  domain::FileState state = before;
  for (std::size_t i = 0; i < events.size() && i < positions.size(); ++i) {
    state = domain::Evolve(std::move(state), events[i]);
    if (auto row = FeedRowWrite(positions[i], events[i], state)) out.push_back(std::move(*row));
  }
  return out;
}

Result<FeedPage> Feed(const RowReader& reader, std::optional<std::uint64_t> after, std::size_t limit) {
  if (limit < 1 || limit > kMaxFeedPage) {
    return Status::InvalidArgument("a feed page holds 1 to " + std::to_string(kMaxFeedPage) + " items");
  }
  FeedPage page;
  if (after && *after == UINT64_MAX) return page;
  auto rows = reader.Scan(kFeedCf, after ? FeedKey(*after + 1) : std::string(), "", limit);
  if (!rows.ok()) return rows.status();
  page.items.reserve(rows->size());
  for (const auto& [key, value] : *rows) {
    const std::optional<std::uint64_t> position = PositionOfFeedKey(key);
    if (!position) return Status::Corruption("a proj_feed key is not a log position");
    auto row = codec::DecodeFeedRow(value);
    if (!row.ok()) return row.status().WithContext("feed item " + std::to_string(*position));
    page.items.push_back({*position, std::move(row).value()});
  }
  return page;
}

}  // namespace certreg::projections
