// ProjectFile, FileProjector and CommandProjection: the rows of every read
// model are the same whether projected command by command, event by event, or
// rebuilt at once.
#include <algorithm>
#include <tuple>

#include "projections/projection_fixture.h"

using namespace certreg::testing;

TEST_CASE("projected event by event, in any chunks, or rebuilt at once, the tables are byte-identical",
          "[projections][rebuild]") {
  const Lifecycle f = RichHistory();
  const MemoryTables rebuilt = Rebuilt("F-1", f);
  for (std::size_t chunk : {1, 2, 3, 7}) {
    CAPTURE(chunk);
    MemoryTables stepwise;
    ProjectInChunks(stepwise, "F-1", Stamped(f), chunk);
    CHECK(stepwise == rebuilt);
  }
  // Every table has rows (the held scopes none once the certificate ended:
  // the rows written on the way were deleted again; the feed's rows need log
  // positions and are FeedRows', tests/projections/feed), and projecting the
  // rebuild again changes nothing.
  const bool holds = !HeldScopes(f.state()).empty();
  for (const std::string& cf : ProjectionColumnFamilies()) {
    CAPTURE(cf);
    CHECK(rebuilt.tables().count(cf) == ((cf == kHeldScopesCf && !holds) || cf == kFeedCf ? 0U : 1U));
  }
  MemoryTables twice = rebuilt;
  ProjectInChunks(twice, "F-1", Stamped(f), 0);
  CHECK(twice == rebuilt);
}

TEST_CASE("a file projector fed one event at a time writes exactly the rows of ProjectHistory",
          "[projections][rebuild]") {
  const Lifecycle f = RichHistory();
  const std::vector<Event> events = Stamped(f);
  ProjectionWrites whole = ProjectHistory("F-1", events, TheScheme());
  FileProjector projector;
  ProjectionWrites stepwise;
  for (const Event& e : events) projector.Add(e, TheScheme(), stepwise);
  projector.Finish("F-1", TheScheme(), stepwise);

  CHECK(projector.state().version == events.size());
  auto by_key = [](const RowWrite& a, const RowWrite& b) {
    return std::tuple(std::string_view(a.column_family), std::string_view(a.key)) <
           std::tuple(std::string_view(b.column_family), std::string_view(b.key));
  };
  std::sort(whole.begin(), whole.end(), by_key);
  std::sort(stepwise.begin(), stepwise.end(), by_key);
  CHECK(stepwise == whole);

  ProjectionWrites none;
  FileProjector().Finish("F-2", TheScheme(), none);
  CHECK(none.empty());
}

TEST_CASE("a command's events folded once write the rows ProjectFile writes, once the instant is known",
          "[projections][command]") {
  const Lifecycle f = RichHistory();
  for (std::size_t chunk : {1, 2, 3, 7}) {
    CAPTURE(chunk);
    FileState before;
    for (std::size_t i = 0; i < f.history().size(); i += chunk) {
      // A command's events: one recording instant, not yet known when folded.
      std::vector<Event> events(f.history().begin() + i,
                                f.history().begin() + std::min(f.history().size(), i + chunk));
      const std::int64_t recorded_at = 1'772'400'000'000'000 + static_cast<std::int64_t>(i) * 1000;
      FoldedCommand folded = FoldAsCommand(before, events);
      FileState after = before;
      for (Event& e : events) {
        e.recorded_at_micros = recorded_at;
        after = Evolve(std::move(after), e);
      }
      CHECK(std::move(folded.projection).Rows("F-1", folded.after, recorded_at, TheScheme()) ==
            ProjectFile("F-1", before, after, events, TheScheme()));
      before = std::move(after);
    }
  }
}
