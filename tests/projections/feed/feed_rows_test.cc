// The change feed's read model (include/certreg/projections/feed.h): one row
// per public event at its log position, with the certificate's number and
// status after it; the same rows whichever way a history is split; a page is
// a range read after a cursor.
#include <algorithm>
#include <set>

#include "certreg/projections/feed.h"
#include "projections/projection_fixture.h"

using namespace certreg::testing;

namespace {

// The history's log positions: the file's events interleaved with others', so not dense.
std::vector<std::uint64_t> Positions(std::size_t count) {
  std::vector<std::uint64_t> positions;
  for (std::size_t i = 0; i < count; ++i) positions.push_back(100 + 3 * i);
  return positions;
}

// The rich history's events as the log gives them, and their feed rows projected at once.
struct RichFeed {
  std::vector<Event> events = Stamped(RichHistory());
  std::vector<std::uint64_t> positions = Positions(events.size());
  MemoryTables tables = [this] {
    MemoryTables t;
    t.Apply(FeedRows(FileState(), events, positions));
    return t;
  }();
};

}  // namespace

TEST_CASE("the feed has a row for each public event, keyed by its log position, with the status after it",
          "[projections][feed]") {
  const RichFeed feed;
  const std::vector<Event>& events = feed.events;
  const MemoryTables& tables = feed.tables;
  std::vector<std::string> public_types;
  for (const Event& e : events) {
    if (IsPublicEvent(EventTypeName(e.body))) public_types.emplace_back(EventTypeName(e.body));
  }
  REQUIRE(public_types.size() >= 8);
  auto page = Feed(tables, std::nullopt, kMaxFeedPage);
  REQUIRE(page.ok());
  REQUIRE(page->items.size() == public_types.size());
  std::set<std::string> statuses;
  for (std::size_t i = 0; i < page->items.size(); ++i) {
    const FeedItem& item = page->items[i];
    CAPTURE(i, item.row.event_type);
    CHECK(item.row.event_type == public_types[i]);
    CHECK(item.row.certificate_no == kRichNumber);  // known for events that name only the file
    CHECK(item.row.recorded_at_micros > 0);
    CHECK((i == 0 || item.position > page->items[i - 1].position));
    statuses.insert(std::string(ToWire(item.row.status)));
    if (item.row.event_type == "CertificateSuspended") {
      CHECK(item.row.status == CertificateStatus::kSuspended);
      CHECK(item.row.status_since == D("2027-05-01"));
    }
  }
  CHECK(statuses == std::set<std::string>{"VALID", "SUSPENDED", "CANCELLED"});
  CHECK(page->items.back().row.event_type == "CancellationAnnounced");
}

TEST_CASE("the feed's rows are the same projected event by event, in any chunks, or at once",
          "[projections][feed][rebuild]") {
  const RichFeed feed;
  const std::vector<Event>& events = feed.events;
  const std::vector<std::uint64_t>& positions = feed.positions;
  const MemoryTables& whole = feed.tables;
  // One event at a time with the state after it, as a rebuild from the log does.
  MemoryTables stepwise;
  FileState state;
  for (std::size_t i = 0; i < events.size(); ++i) {
    state = Evolve(std::move(state), events[i]);
    if (auto row = FeedRowWrite(positions[i], events[i], state)) stepwise.Apply({*row});
  }
  CHECK(stepwise == whole);
  for (std::size_t chunk : {1, 2, 5}) {
    CAPTURE(chunk);
    MemoryTables chunked;
    FileState before;
    for (std::size_t i = 0; i < events.size(); i += chunk) {
      const std::size_t end = std::min(events.size(), i + chunk);
      const std::vector<Event> part(events.begin() + i, events.begin() + end);
      const std::vector<std::uint64_t> at(positions.begin() + i, positions.begin() + end);
      chunked.Apply(FeedRows(before, part, at));
      for (const Event& e : part) before = Evolve(std::move(before), e);
    }
    CHECK(chunked == whole);
  }
}

TEST_CASE("a command's feed rows, noted while its events are folded once, are FeedRows' rows",
          "[projections][feed]") {
  const std::vector<Event> events = Stamped(RichHistory());
  for (std::size_t chunk : {1, 3, 7}) {
    CAPTURE(chunk);
    MemoryTables noted, refolded;
    FileState state;
    std::uint64_t position = 1000;
    for (std::size_t i = 0; i < events.size(); i += chunk) {
      // One command: its events at consecutive positions, recorded at one
      // instant (the writer fixes both once the events were folded).
      std::vector<Event> command(events.begin() + i, events.begin() + std::min(events.size(), i + chunk));
      const std::int64_t recorded_at = 1'772'400'000'000'000 + static_cast<std::int64_t>(i) * 1000;
      FoldedCommand folded = FoldAsCommand(state, command);
      noted.Apply(folded.projection.FeedRows(position, recorded_at));
      std::vector<std::uint64_t> positions;
      for (Event& e : command) {
        e.recorded_at_micros = recorded_at;
        positions.push_back(position + positions.size());
      }
      refolded.Apply(FeedRows(state, command, positions));
      state = std::move(folded.after);
      position += command.size() + 2;  // other files' events between two commands
    }
    CHECK(noted == refolded);
    auto page = Feed(noted, std::nullopt, kMaxFeedPage);
    REQUIRE(page.ok());
    CHECK(page->items.size() >= 8);
  }
}

TEST_CASE("a feed page is the items after a cursor, at most a limit of them", "[projections][feed]") {
  const RichFeed feed;
  const MemoryTables& tables = feed.tables;
  auto all = Feed(tables, std::nullopt, kMaxFeedPage);
  REQUIRE(all.ok());
  REQUIRE(all->items.size() >= 3);
  auto two = Feed(tables, all->items[0].position, 2);
  REQUIRE(two.ok());
  REQUIRE(two->items.size() == 2);
  CHECK(two->items[0].position == all->items[1].position);
  CHECK(two->items[1].position == all->items[2].position);
  // Between two items' positions (positions are not dense): the next item.
  auto between = Feed(tables, all->items[0].position + 1, 1);
  REQUIRE(between.ok());
  CHECK(between->items.at(0).position == all->items[1].position);
  auto none = Feed(tables, all->items.back().position, 10);
  REQUIRE(none.ok());
  CHECK(none->items.empty());
  CHECK(Feed(tables, std::nullopt, 0).status().code() == Status::Code::kInvalidArgument);
  CHECK(Feed(tables, std::nullopt, kMaxFeedPage + 1).status().code() == Status::Code::kInvalidArgument);
  // Keys sort by position: 256 after 255.
  CHECK(FeedKey(255) < FeedKey(256));
  CHECK(PositionOfFeedKey(FeedKey(0x0102030405060708)) == 0x0102030405060708U);
  CHECK_FALSE(PositionOfFeedKey("short").has_value());
}
