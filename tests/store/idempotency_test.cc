// Idempotency keys belong to their owner (the user): the same key from
// another owner is another request; records from before keys had owners
// still answer the user who wrote them.
#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include "support/store_fixtures.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::store;
using certreg::testing::OpenStore;
using certreg::testing::ProbeAppend;
using certreg::testing::TempDir;

namespace {

AppendRequest Keyed(const std::string& stream, const std::string& owner, const std::string& key,
                    const std::string& fingerprint) {
  AppendRequest request = ProbeAppend(stream, ExpectedVersion::Any(), fingerprint);
  request.idempotency_owner = owner;
  request.idempotency_key = key;
  request.fingerprint = fingerprint;
  return request;
}

}  // namespace

TEST_CASE("two owners' appends with the same key and different content are both written",
          "[store][idempotency][owner]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto first = store->AppendToStream(Keyed("s", "li.na", "k-1", "body a"));
  REQUIRE(first.ok());
  auto second = store->AppendToStream(Keyed("s", "wang.fang", "k-1", "body b"));
  REQUIRE(second.ok());
  CHECK_FALSE(second->replayed);
  CHECK(second->first_position == first->first_position + 1);
  CHECK(store->Head().size == 2);

  // Each owner's retry is answered with its own result; the other owner's content is other content.
  auto li_retry = store->FindIdempotent("li.na", "k-1", "body a");
  REQUIRE(li_retry.ok());
  REQUIRE(li_retry->has_value());
  CHECK((*li_retry)->first_position == first->first_position);
  auto wang_retry = store->FindIdempotent("wang.fang", "k-1", "body b");
  REQUIRE(wang_retry.ok());
  REQUIRE(wang_retry->has_value());
  CHECK((*wang_retry)->first_position == second->first_position);
  CHECK(store->FindIdempotent("li.na", "k-1", "body b").status().Is(Status::Code::kConflict,
                                                                    Status::SubCode::kIdempotencyKeyReused));
  CHECK_FALSE(store->FindIdempotent("zhao.lei", "k-1", "body a").value().has_value());
  CHECK(store->Head().size == 2);
}

TEST_CASE("owners' keys stay apart within one group commit", "[store][idempotency][owner]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  std::vector<std::thread> threads;
  std::vector<Result<AppendResult>> results(8, Status::IOError("not run"));
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      // Four owners, each sending its request twice at once.
      results[static_cast<std::size_t>(i)] =
          store->AppendToStream(Keyed("s", "user-" + std::to_string(i % 4), "same-key", "body " + std::to_string(i % 4)));
    });
  }
  for (auto& t : threads) t.join();
  int written = 0, replayed = 0;
  for (const auto& r : results) {
    REQUIRE(r.ok());
    (r->replayed ? replayed : written) += 1;
  }
  CHECK(written == 4);
  CHECK(replayed == 4);
  CHECK(store->Head().size == 4);
}

TEST_CASE("a record from before keys had owners answers the user who recorded it, and only that user",
          "[store][idempotency][owner][upgrade]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  // Written as before: no owner. ProbeEvent's actor is li.na.
  auto legacy = store->AppendToStream(Keyed("s", "", "old-key", "body a"));
  REQUIRE(legacy.ok());
  const auto size = store->Head().size;

  auto own_retry = store->AppendToStream(Keyed("s", "li.na", "old-key", "body a"));
  REQUIRE(own_retry.ok());
  CHECK(own_retry->replayed);
  CHECK(own_retry->first_position == legacy->first_position);
  CHECK(store->FindIdempotent("li.na", "old-key", "body b").status().Is(Status::Code::kConflict,
                                                                        Status::SubCode::kIdempotencyKeyReused));
  CHECK(store->AppendToStream(Keyed("s", "li.na", "old-key", "body b")).status().Is(
      Status::Code::kConflict, Status::SubCode::kIdempotencyKeyReused));
  CHECK(store->Head().size == size);

  // Another user's request with that key is a new request.
  CHECK_FALSE(store->FindIdempotent("wang.fang", "old-key", "body a").value().has_value());
  auto other = store->AppendToStream(Keyed("s", "wang.fang", "old-key", "body a"));
  REQUIRE(other.ok());
  CHECK_FALSE(other->replayed);
  CHECK(store->Head().size == size + 1);
  CHECK(store->Verify()->ok);
}

TEST_CASE("a record from before keys had owners whose command first recorded time-driven events answers its user",
          "[store][idempotency][owner][upgrade]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  // As a command that first records what time brought: the system actor's
  // event, then the user's.
  AppendRequest request = Keyed("s", "", "old-key", "body a");
  NewEvent time_driven = certreg::testing::ProbeEvent("deadline passed");
  time_driven.actor = Actor{"system", "system", ""};
  request.events.insert(request.events.begin(), time_driven);
  auto legacy = store->AppendToStream(request);
  REQUIRE(legacy.ok());
  const auto size = store->Head().size;

  auto own_retry = store->FindIdempotent("li.na", "old-key", "body a");
  REQUIRE(own_retry.ok());
  REQUIRE(own_retry->has_value());
  CHECK((*own_retry)->first_position == legacy->first_position);
  // The system actor owns no key: a user named so gets no one's replay.
  CHECK_FALSE(store->FindIdempotent("system", "old-key", "body a").value().has_value());
  CHECK(store->Head().size == size);
}

TEST_CASE("a record from before keys had owners with time-driven events only answers no user",
          "[store][idempotency][owner][upgrade]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  AppendRequest request = Keyed("s", "", "sweep-key", "sweep");
  request.events[0].actor = Actor{"system", "system", ""};
  REQUIRE(store->AppendToStream(request).ok());
  CHECK_FALSE(store->FindIdempotent("system", "sweep-key", "sweep").value().has_value());
  CHECK_FALSE(store->FindIdempotent("li.na", "sweep-key", "sweep").value().has_value());
}

TEST_CASE("an owner or key with a NUL byte is refused and writes nothing", "[store][idempotency][owner]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  CHECK(store->AppendToStream(Keyed("s", std::string("a\0b", 3), "k", "x")).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(store->AppendToStream(Keyed("s", "li.na", std::string("\0k", 2), "x")).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(store->AppendToStream(Keyed("s", std::string(201, 'u'), "k", "x")).status().code() ==
        Status::Code::kInvalidArgument);
  CHECK(store->Head().size == 0);
}

TEST_CASE("a replay found by a lookup counts as a replay", "[store][idempotency][metrics]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store->AppendToStream(Keyed("s", "li.na", "k", "body")).ok());
  const auto before = store->Stats().replayed_requests;
  REQUIRE(store->FindIdempotent("li.na", "k", "body").value().has_value());
  CHECK(store->Stats().replayed_requests == before + 1);
  // Neither an unused key nor a refusal is a replay.
  REQUIRE_FALSE(store->FindIdempotent("li.na", "unused", "body").value().has_value());
  REQUIRE_FALSE(store->FindIdempotent("li.na", "k", "other").ok());
  CHECK(store->Stats().replayed_requests == before + 1);
}
