#include <catch2/catch.hpp>

#include "support/store_fixtures.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::store;
using certreg::testing::OpenStore;
using certreg::testing::ProbeAppend;
using certreg::testing::TempDir;

namespace {

// Everything a refused append must leave as it was.
struct Snapshot {
  LogHead head;
  std::size_t events;
  StoreStats stats;
};

Snapshot Take(EventStore& store) {
  auto all = store.ReadAll(0, 1000000);
  REQUIRE(all.ok());
  return {store.Head(), all->size(), store.Stats()};
}

void RequireUnchanged(EventStore& store, const Snapshot& before) {
  Snapshot after = Take(store);
  CHECK(after.head.size == before.head.size);
  CHECK(after.head.hash == before.head.hash);
  CHECK(after.events == before.events);
  CHECK(after.stats.batches == before.stats.batches);
}

// Appends `request`, requires it refused with a message containing `message`
// and the store unchanged, and returns the refusal's code.
Status::Code RequireRefused(EventStore& store, const AppendRequest& request, const std::string& message) {
  Snapshot before = Take(store);
  auto r = store.AppendToStream(request);
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.status().message(), Catch::Contains(message));
  RequireUnchanged(store, before);
  return r.status().code();
}

}  // namespace

TEST_CASE("appended events read back in order with dense positions and versions", "[store][append]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store);

  auto first = store->AppendToStream(ProbeAppend("cert-file/A", ExpectedVersion::NoStream(), "a", 2));
  REQUIRE(first.ok());
  CHECK(first->first_position == 0);
  CHECK(first->first_version == 1);
  CHECK(first->new_version() == 2);
  CHECK_FALSE(first->replayed);

  auto second = store->AppendToStream(ProbeAppend("cert-file/B", ExpectedVersion::NoStream(), "b"));
  REQUIRE(second.ok());
  CHECK(second->first_position == 2);
  CHECK(second->first_version == 1);

  auto third = store->AppendToStream(ProbeAppend("cert-file/A", ExpectedVersion::Exactly(2), "a2"));
  REQUIRE(third.ok());
  CHECK(third->first_position == 3);
  CHECK(third->first_version == 3);

  auto stream = store->ReadStream("cert-file/A", 1, 100);
  REQUIRE(stream.ok());
  REQUIRE(stream->size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK((*stream)[i].stream_version == i + 1);
  CHECK((*stream)[0].position == 0);
  CHECK((*stream)[2].position == 3);
  CHECK((*stream)[0].actor.name == "li.na");
  CHECK((*stream)[0].type == "StoreProbe");
  CHECK((*stream)[0].correlation_id == "corr-a#0");
  CHECK((*stream)[1].prev_hash == (*stream)[0].hash);

  auto from_two = store->ReadStream("cert-file/A", 2, 1);
  REQUIRE(from_two.ok());
  REQUIRE(from_two->size() == 1);
  CHECK((*from_two)[0].stream_version == 2);

  auto all = store->ReadAll(1, 2);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].position == 1);
  CHECK((*all)[1].stream_id == "cert-file/B");

  CHECK(store->Head().size == 4);
  CHECK(store->Head().hash == (*stream)[2].hash);
  CHECK(*store->StreamVersion("cert-file/A") == 3);
  CHECK(*store->StreamVersion("cert-file/none") == 0);
  CHECK(store->ReadStream("cert-file/none", 1, 10)->empty());
  auto report = store->Verify();
  REQUIRE(report.ok());
  CHECK(report->ok);
  CHECK(report->checked == 4);
}

TEST_CASE("a stream longer than one batched lookup reads back whole and in order, from any version",
          "[store][append]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store);
  // 600 events of one stream (ReadStreamBytes looks them up 256 at a time), between events of another.
  for (int part = 0; part < 3; ++part) {
    REQUIRE(store->AppendToStream(ProbeAppend("cert-file/other", ExpectedVersion::Any(), "o")).ok());
    const auto expected = part == 0 ? ExpectedVersion::NoStream() : ExpectedVersion::Exactly(200 * part);
    REQUIRE(store->AppendToStream(ProbeAppend("cert-file/long", expected, "l", 200)).ok());
  }
  auto whole = store->ReadStream("cert-file/long", 1, 1000);
  REQUIRE(whole.ok());
  REQUIRE(whole->size() == 600);
  for (std::size_t i = 0; i < whole->size(); ++i) {
    REQUIRE((*whole)[i].stream_version == i + 1);
    REQUIRE((*whole)[i].stream_id == "cert-file/long");
  }
  auto tail = store->ReadStream("cert-file/long", 250, 300);
  REQUIRE(tail.ok());
  REQUIRE(tail->size() == 300);
  CHECK(tail->front().stream_version == 250);
  CHECK(tail->back().stream_version == 549);
  CHECK(tail->front().position == (*whole)[249].position);
}

TEST_CASE("a log scan hands over each stored event's bytes in order from a position, until told to stop",
          "[store][append][scan]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store);
  REQUIRE(store->AppendToStream(ProbeAppend("cert-file/A", ExpectedVersion::NoStream(), "a", 3)).ok());
  REQUIRE(store->AppendToStream(ProbeAppend("cert-file/B", ExpectedVersion::NoStream(), "b", 2)).ok());
  auto all = store->ReadAll(0, 100);
  REQUIRE(all.ok());

  std::vector<std::uint64_t> positions;
  REQUIRE(store->ScanLog(1, [&](std::uint64_t position, std::string_view bytes) {
    CHECK(bytes == (*all)[position].raw);
    positions.push_back(position);
    return true;
  }).ok());
  CHECK(positions == std::vector<std::uint64_t>{1, 2, 3, 4});

  positions.clear();
  REQUIRE(store->ScanLog(0, [&](std::uint64_t position, std::string_view) {
    positions.push_back(position);
    return position < 2;
  }).ok());
  CHECK(positions == std::vector<std::uint64_t>{0, 1, 2});

  bool called = false;
  REQUIRE(store->ScanLog(5, [&](std::uint64_t, std::string_view) { return called = true; }).ok());
  CHECK_FALSE(called);
}

TEST_CASE("recorded-at instants never decrease even when the clock goes back", "[store][append]") {
  TempDir dir;
  std::int64_t now = 2'000'000;
  StoreOptions options;
  options.path = dir.path();
  options.clock = [&now] { return now; };
  auto store = std::move(EventStore::Open(options)).value();
  REQUIRE(store->AppendToStream(ProbeAppend("s", ExpectedVersion::Any(), "x")).ok());
  now = 1'000'000;
  REQUIRE(store->AppendToStream(ProbeAppend("s", ExpectedVersion::Any(), "y")).ok());
  auto all = store->ReadAll(0, 10);
  REQUIRE(all->size() == 2);
  CHECK((*all)[0].recorded_at_micros == 2'000'000);
  CHECK((*all)[1].recorded_at_micros == 2'000'000);
}

TEST_CASE("each expected-version case is enforced and a refusal writes nothing", "[store][append][version]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store->AppendToStream(ProbeAppend("cert-file/A", ExpectedVersion::NoStream(), "a")).ok());

  SECTION("no stream yet, but the stream exists") {
    CHECK(RequireRefused(*store, ProbeAppend("cert-file/A", ExpectedVersion::NoStream(), "again"), "is at version 1") ==
          Status::Code::kConflict);
  }
  SECTION("an exact version that is stale") {
    CHECK(RequireRefused(*store, ProbeAppend("cert-file/A", ExpectedVersion::Exactly(5), "stale"),
                         "expected version 5") == Status::Code::kConflict);
  }
  SECTION("an exact version on a stream that does not exist") {
    (void)RequireRefused(*store, ProbeAppend("cert-file/B", ExpectedVersion::Exactly(1), "b"), "has no events");
    CHECK(*store->StreamVersion("cert-file/B") == 0);
  }
  SECTION("any version appends whatever the stream's version") {
    auto r = store->AppendToStream(ProbeAppend("cert-file/A", ExpectedVersion::Any(), "any"));
    REQUIRE(r.ok());
    CHECK(r->first_version == 2);
  }
  SECTION("the exact current version appends") {
    auto r = store->AppendToStream(ProbeAppend("cert-file/A", ExpectedVersion::Exactly(1), "exact"));
    REQUIRE(r.ok());
    CHECK(r->first_version == 2);
  }
}

TEST_CASE("malformed appends are refused and write nothing", "[store][append][validation]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store->AppendToStream(ProbeAppend("s", ExpectedVersion::Any(), "seed")).ok());
  Snapshot before = Take(*store);

  AppendRequest no_events;
  no_events.stream_id = "s";
  CHECK(store->AppendToStream(no_events).status().code() == Status::Code::kInvalidArgument);

  CHECK(store->AppendToStream(ProbeAppend("", ExpectedVersion::Any(), "x")).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(store->AppendToStream(ProbeAppend(std::string("a\0b", 3), ExpectedVersion::Any(), "x")).status().code() ==
        Status::Code::kInvalidArgument);

  auto bad_payload = ProbeAppend("s", ExpectedVersion::Any(), "x");
  bad_payload.events[0].payload = "not capnp";
  CHECK(store->AppendToStream(bad_payload).status().code() == Status::Code::kInvalidArgument);

  auto long_key = ProbeAppend("s", ExpectedVersion::Any(), "x");
  long_key.idempotency_key = std::string(201, 'k');
  CHECK(store->AppendToStream(long_key).status().code() == Status::Code::kInvalidArgument);

  auto unknown_cf = ProbeAppend("s", ExpectedVersion::Any(), "x");
  unknown_cf.extra_writes.push_back({"events", "k", "v"});  // only declared extra families may be written
  CHECK(store->AppendToStream(unknown_cf).status().code() == Status::Code::kInvalidArgument);

  RequireUnchanged(*store, before);
  CHECK(store->Verify()->ok);
}

TEST_CASE("an idempotent retry returns the original result and writes nothing", "[store][append][idempotency]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto request = ProbeAppend("cert-file/A", ExpectedVersion::NoStream(), "a", 2);
  request.idempotency_key = "key-1";
  request.response = "201";
  auto first = store->AppendToStream(request);
  REQUIRE(first.ok());
  REQUIRE(store->AppendToStream(ProbeAppend("cert-file/B", ExpectedVersion::NoStream(), "b")).ok());
  Snapshot before = Take(*store);

  // A retry carries new event ids and the same content: same result, flagged, nothing appended,
  // even though its expected version (no stream) no longer holds.
  auto retry = ProbeAppend("cert-file/A", ExpectedVersion::NoStream(), "a", 2);
  retry.idempotency_key = "key-1";
  auto again = store->AppendToStream(retry);
  REQUIRE(again.ok());
  CHECK(again->replayed);
  CHECK(again->first_position == first->first_position);
  CHECK(again->first_version == first->first_version);
  CHECK(again->types == first->types);
  CHECK(again->response == "201");
  RequireUnchanged(*store, before);

  SECTION("the key survives a restart") {
    store.reset();
    store = OpenStore(dir.path());
    auto after_restart = store->AppendToStream(retry);
    REQUIRE(after_restart.ok());
    CHECK(after_restart->replayed);
    CHECK(store->Head().size == before.head.size);
  }
}

TEST_CASE("the same idempotency key with other content is refused and writes nothing",
          "[store][append][idempotency]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto request = ProbeAppend("cert-file/A", ExpectedVersion::Any(), "a");
  request.idempotency_key = "key-1";
  REQUIRE(store->AppendToStream(request).ok());
  Snapshot before = Take(*store);

  auto other = ProbeAppend("cert-file/A", ExpectedVersion::Any(), "different");
  other.idempotency_key = "key-1";
  auto r = store->AppendToStream(other);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kConflict);
  CHECK_THAT(r.status().message(), Catch::Contains("idempotency key"));

  auto with_fingerprint = ProbeAppend("cert-file/A", ExpectedVersion::Any(), "a");
  with_fingerprint.idempotency_key = "key-1";
  with_fingerprint.fingerprint = "POST /x {}";  // a caller-given fingerprint is other content too
  CHECK_FALSE(store->AppendToStream(with_fingerprint).ok());
  RequireUnchanged(*store, before);
}

// The stream heads and index are kept in memtables hashed by stream
// (rocks_options.h), and a stream's index is read by a prefix seek: streams
// whose ids begin alike stay apart, in the memtable and once flushed (a
// reopen writes the recovered memtables to table files).
TEST_CASE("streams whose ids begin alike keep their own versions and events, before and after a reopen",
          "[store][append]") {
  TempDir dir;
  const std::vector<std::string> streams = {"cert/1", "cert/10", "cert/1/x", "cert/", "cert/2"};
  {
    auto store = OpenStore(dir.path());
    REQUIRE(store);
    for (std::size_t i = 0; i < streams.size(); ++i) {
      REQUIRE(store->AppendToStream(ProbeAppend(streams[i], ExpectedVersion::NoStream(), "a", 1 + i % 2)).ok());
    }
  }
  auto store = OpenStore(dir.path());
  REQUIRE(store);
  for (std::size_t i = 0; i < streams.size(); ++i) {
    const std::uint64_t first = 1 + i % 2;
    // A wrong expected version names the stream's own version.
    auto stale = store->AppendToStream(ProbeAppend(streams[i], ExpectedVersion::Exactly(first + 1), "b"));
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.status().subcode() == Status::SubCode::kStaleVersion);
    CHECK(stale.status().current_version() == first);
    REQUIRE(store->AppendToStream(ProbeAppend(streams[i], ExpectedVersion::Exactly(first), "b", 2)).ok());
  }
  for (std::size_t i = 0; i < streams.size(); ++i) {
    const std::uint64_t total = 1 + i % 2 + 2;
    auto whole = store->ReadStream(streams[i], 1, 100);
    REQUIRE(whole.ok());
    REQUIRE(whole->size() == total);
    for (std::size_t v = 0; v < whole->size(); ++v) {
      CHECK((*whole)[v].stream_id == streams[i]);
      CHECK((*whole)[v].stream_version == v + 1);
    }
    auto tail = store->ReadStream(streams[i], total, 100);
    REQUIRE((tail.ok() && tail->size() == 1));
    CHECK(tail->front().stream_version == total);
  }
  auto none = store->ReadStream("cert/3", 1, 100);
  CHECK((none.ok() && none->empty()));
  CHECK(store->Verify()->ok);
}

TEST_CASE("data persists across close and reopen, and the chain continues", "[store][append]") {
  TempDir dir;
  Digest head_hash;
  {
    auto store = OpenStore(dir.path());
    REQUIRE(store->AppendToStream(ProbeAppend("s", ExpectedVersion::NoStream(), "1", 3)).ok());
    head_hash = store->Head().hash;
  }
  auto store = OpenStore(dir.path());
  REQUIRE(store);
  CHECK(store->Head().size == 3);
  CHECK(store->Head().hash == head_hash);
  auto r = store->AppendToStream(ProbeAppend("s", ExpectedVersion::Exactly(3), "2"));
  REQUIRE(r.ok());
  CHECK(r->first_position == 3);
  auto last = store->ReadAll(3, 1);
  CHECK((*last)[0].prev_hash == head_hash);
  CHECK(store->Verify()->ok);
}

TEST_CASE("a second writer on a held data directory is refused as busy, readers still open", "[store][open]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store->AppendToStream(ProbeAppend("s", ExpectedVersion::Any(), "x")).ok());
  StoreOptions options;
  options.path = dir.path();
  auto second = EventStore::Open(options);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == Status::Code::kBusy);
  CHECK_THAT(second.status().message(), Catch::Contains("in use"));

  auto reader = OpenStore(dir.path(), /*read_only=*/true);
  REQUIRE(reader);
  CHECK(reader->Head().size == 1);
  CHECK(reader->Verify()->ok);
  CHECK(reader->AppendToStream(ProbeAppend("s", ExpectedVersion::Any(), "y")).status().code() == Status::Code::kBusy);
}

TEST_CASE("opening a directory without a store read-only says so", "[store][open]") {
  TempDir dir;
  StoreOptions options;
  options.path = dir.Sub("nothing-here");
  options.read_only = true;
  auto r = EventStore::Open(options);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Status::Code::kNotFound);
}

TEST_CASE("a caller can look up an idempotency key before deciding anything", "[store][idempotency]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  CHECK_FALSE(store->FindIdempotent("", "k", "body").value().has_value());
  auto request = ProbeAppend("s", ExpectedVersion::Any(), "x");
  request.idempotency_key = "k";
  request.fingerprint = "body";
  request.response = "201";
  REQUIRE(store->AppendToStream(request).ok());
  auto found = store->FindIdempotent("", "k", "body");
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->replayed);
  CHECK((*found)->response == "201");
  CHECK((*found)->first_position == 0);
  CHECK(store->FindIdempotent("", "k", "other body").status().code() == Status::Code::kConflict);
}
