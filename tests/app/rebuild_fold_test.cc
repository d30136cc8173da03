// FoldLog, the rebuild's pass over the log: each file's current rows made as
// soon as its last event is folded, or at the end for a file with events
// after the head; the rows those of folding each file's events before it.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "app/rebuild_fold.h"
#include "app/registry_clock.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/project.h"
#include "certreg/projections/row_reader.h"
#include "certreg/scheme/scheme_loader.h"
#include "support/demo_registry.h"

namespace certreg::testing {
namespace {

constexpr char kStreamPrefix[] = "cert-file/";

// The events of each file's stream before `head`, counted.
std::map<std::string, std::size_t> EventsBefore(const store::EventStore& store, std::uint64_t head) {
  std::map<std::string, std::size_t> counts;
  auto events = store.ReadAll(0, head);
  REQUIRE(events.ok());
  for (const store::RecordedEvent& e : *events) {
    if (e.position < head && e.stream_id.starts_with(kStreamPrefix)) {
      ++counts[e.stream_id.substr(sizeof(kStreamPrefix) - 1)];
    }
  }
  return counts;
}

// Every table but the feed's (keyed by log position, which ProjectHistory
// does not know): tests/http/feed_test.cc rebuilds the feed.
std::map<std::string, projections::MemoryTables::Table> WithoutFeed(const projections::MemoryTables& tables) {
  std::map<std::string, projections::MemoryTables::Table> out;
  for (const auto& [family, rows] : tables.tables()) {
    if (family != projections::kFeedCf) out[family] = rows;
  }
  return out;
}

TEST_CASE("the rebuild's fold makes the rows of each file's events before the head, its state dropped at its last",
          "[app][rebuild]") {
  DemoRegistry registry("2026-11-29");
  const app::DemoReport report = registry.Load();
  const std::vector<app::FileView> views = registry.Files(report.files);
  const app::RegistryClock clock(app::TimeZone(), {});
  const std::uint64_t full = registry.store().Head().size;
  for (const std::uint64_t head : {full, full * 2 / 3, full / 3}) {
    CAPTURE(head);
    const std::map<std::string, std::size_t> before = EventsBefore(registry.store(), head);
    std::vector<std::string> ids;
    projections::MemoryTables expected;
    std::size_t finished_early = 0, finished_at_end = 0;
    for (const app::FileView& view : views) {
      auto counted = before.find(view.state.file_id);
      if (counted == before.end()) continue;  // no event before the head: not a file of the log yet
      ids.push_back(view.state.file_id);
      const std::vector<domain::Event> events(view.events.begin(),
                                              view.events.begin() + static_cast<std::ptrdiff_t>(counted->second));
      expected.Apply(projections::ProjectHistory(view.state.file_id, events, scheme::BuiltInScheme()));
      (events.size() == view.events.size() ? finished_early : finished_at_end) += 1;
    }
    if (head == full) {
      CHECK(finished_at_end == 0);
    } else {
      CHECK(finished_at_end > 0);  // the end's path is taken
    }
    CHECK(finished_early > 0);

    for (const std::size_t workers : {1, 2, 3}) {
      CAPTURE(workers);
      auto folded = app::FoldLog(registry.store(), head, ids, scheme::BuiltInScheme(), clock, workers);
      REQUIRE(folded.ok());
      std::uint64_t events = 0;
      for (const auto& [id, count] : before) events += count;
      CHECK(folded->events == events);
      projections::MemoryTables tables;
      for (const projections::ProjectionWrites& part : folded->parts) tables.Apply(part);
      CHECK(WithoutFeed(tables) == WithoutFeed(expected));
    }
  }
}

TEST_CASE("the rebuild's fold refuses a file of the list without events before the head", "[app][rebuild]") {
  DemoRegistry registry("2026-11-29");
  registry.Load();
  const app::RegistryClock clock(app::TimeZone(), {});
  auto folded = app::FoldLog(registry.store(), 0, {"F-2026-000001"}, scheme::BuiltInScheme(), clock, 2);
  REQUIRE_FALSE(folded.ok());
  CHECK(folded.status().code() == Status::Code::kNotFound);
  CHECK(folded.status().message().find("F-2026-000001") != std::string::npos);
}

}  // namespace
}  // namespace certreg::testing
