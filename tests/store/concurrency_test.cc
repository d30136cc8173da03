#include <catch2/catch.hpp>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "support/store_fixtures.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::store;
using certreg::testing::OpenStore;
using certreg::testing::ProbeAppend;
using certreg::testing::TempDir;

TEST_CASE("16 threads appending at once get dense positions, dense versions and a chain that verifies",
          "[store][concurrency]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  constexpr int kThreads = 16, kPerThread = 60;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::uint64_t own_version = 0;
      for (int i = 0; i < kPerThread; ++i) {
        // Half the appends go to one stream per thread (exact versions, one to three
        // events each), half to four shared streams (any version).
        const bool own = i % 2 == 0;
        auto request = own ? ProbeAppend("own/" + std::to_string(t),
                                         own_version == 0 ? ExpectedVersion::NoStream()
                                                          : ExpectedVersion::Exactly(own_version),
                                         "o", 1 + i % 3)
                           : ProbeAppend("shared/" + std::to_string(i % 4), ExpectedVersion::Any(), "s", 1);
        auto r = store->AppendToStream(std::move(request));
        if (!r.ok()) {
          failures.fetch_add(1);
          continue;
        }
        if (own) own_version = r->new_version();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  REQUIRE(failures.load() == 0);
  CAPTURE(store->Stats().batches);

  auto all = store->ReadAll(0, 1000000);
  REQUIRE(all.ok());
  CHECK(all->size() == store->Head().size);
  std::map<std::string, std::uint64_t> versions;
  for (std::size_t i = 0; i < all->size(); ++i) {
    const RecordedEvent& e = (*all)[i];
    REQUIRE(e.position == i);
    REQUIRE(e.stream_version == versions[e.stream_id] + 1);
    versions[e.stream_id] = e.stream_version;
  }
  for (const auto& [stream, version] : versions) CHECK(*store->StreamVersion(stream) == version);
  auto report = store->Verify();
  REQUIRE(report.ok());
  CHECK(report->ok);
  CHECK(report->checked == all->size());
}

TEST_CASE("concurrent appends are gathered into fewer synced batches than requests", "[store][concurrency]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  std::atomic<int> failures{0};  // Catch2 assertions are not thread-safe: count, then check
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        auto r = store->AppendToStream(ProbeAppend("g/" + std::to_string(t) + "/" + std::to_string(i),
                                           ExpectedVersion::NoStream(), "g"));
        if (!r.ok()) failures.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  REQUIRE(failures.load() == 0);
  StoreStats stats = store->Stats();
  CHECK(stats.appended_requests == 320);
  CHECK(stats.batches < stats.appended_requests);
  CHECK(stats.largest_batch > 1);
}

TEST_CASE("racing writers on one stream with the same expected version: exactly one wins", "[store][concurrency]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store->AppendToStream(ProbeAppend("race", ExpectedVersion::NoStream(), "seed")).ok());
  std::atomic<int> wins{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      auto r = store->AppendToStream(ProbeAppend("race", ExpectedVersion::Exactly(1), "r"));
      if (r.ok()) wins.fetch_add(1);
      else if (r.status().code() == Status::Code::kConflict) conflicts.fetch_add(1);
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(wins.load() == 1);
  CHECK(conflicts.load() == 7);
  CHECK(*store->StreamVersion("race") == 2);
}

TEST_CASE("concurrent retries with one idempotency key append once", "[store][concurrency][idempotency]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  std::atomic<int> originals{0}, replays{0}, failures{0};
  std::set<std::uint64_t> positions;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      auto request = ProbeAppend("idem", ExpectedVersion::Any(), "same");
      request.idempotency_key = "shared-key";
      request.fingerprint = "same body";
      auto r = store->AppendToStream(std::move(request));
      if (!r.ok()) {
        failures.fetch_add(1);
        return;
      }
      (r->replayed ? replays : originals).fetch_add(1);
      std::lock_guard<std::mutex> lock(mu);
      positions.insert(r->first_position);
    });
  }
  for (auto& thread : threads) thread.join();
  REQUIRE(failures.load() == 0);
  CHECK(originals.load() == 1);
  CHECK(replays.load() == 7);
  CHECK(positions.size() == 1);
  CHECK(store->Head().size == 1);
}

TEST_CASE("waves of concurrent appends of every size all complete", "[store][concurrency][group-commit]") {
  // Regression: a group left smaller than the previous one, with no further
  // requests coming, must still be written once the syncer is free.
  TempDir dir;
  auto store = OpenStore(dir.path());
  std::atomic<int> failures{0};
  auto waves = std::async(std::launch::async, [&] {
    for (int wave = 0; wave < 60; ++wave) {
      const int width = 1 + wave % 9;
      std::vector<std::thread> threads;
      for (int t = 0; t < width; ++t) {
        threads.emplace_back([&, wave, t] {
          if (!store->AppendToStream(ProbeAppend("wave/" + std::to_string(wave) + "/" + std::to_string(t),
                                                 ExpectedVersion::NoStream(), "w"))
                   .ok()) {
            failures.fetch_add(1);
          }
        });
      }
      for (auto& thread : threads) thread.join();
    }
  });
  if (waves.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
    std::fprintf(stderr, "appends did not complete within 60 s: the writer lost a wake-up\n");
    std::abort();  // the blocked callers cannot be unwound
  }
  CHECK(failures.load() == 0);
  CHECK(store->Head().size == 291);  // Σ (1 + wave % 9) over 60 waves
  CHECK(store->Verify()->ok);
}
