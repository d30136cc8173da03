// Many writers on one file: commands without an expected version are decided
// one after another on the state the previous one committed, so none is
// refused for a concurrent write; a stale expected version still is.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "app/file_locks.h"
#include "certreg/app/registry.h"
#include "certreg/fixtures/demo_data.h"
#include "support/lifecycle_fixture.h"
#include "support/service_fixture.h"

using namespace certreg;
using namespace certreg::domain;
using namespace certreg::testing;

namespace {

class Contention : public ServiceFixture {
 public:
  Contention() : ServiceFixture(D("2026-06-01")) {}

  // Files with a live certificate, on which a major change may be reported again and again.
  std::vector<std::string> CertifiedFiles(int count) {
    auto numbers = app::IssueDemoCertificates(service(), count);
    REQUIRE(numbers.ok());
    std::vector<std::string> files;
    for (const std::string& number : *numbers) files.push_back(service().FileOfCertificate(number).value());
    return files;
  }

  app::CommandRequest MajorChange(const std::string& file, int n) {
    app::CommandRequest request;
    request.file_id = file;
    request.command = ReportMajorChange{"直播间搬迁 " + std::to_string(n), {today(), "email"}};
    request.actor = Clerk();
    return request;
  }
};

struct Outcomes {
  std::mutex mu;
  std::vector<app::CommandResult> results;
  std::vector<Status> refusals;
  void Add(Result<app::CommandResult> outcome) {
    std::lock_guard<std::mutex> lock(mu);
    if (outcome.ok()) {
      results.push_back(std::move(outcome).value());
    } else {
      refusals.push_back(outcome.status());
    }
  }
};

}  // namespace

TEST_CASE("many writers on one file without an expected version all succeed, each on its own versions",
          "[app][concurrency][contention]") {
  Contention c;
  const std::string file = c.CertifiedFiles(1).front();
  const std::uint64_t start = c.service().FileVersion(file).value();
  constexpr int kThreads = 16, kEach = 8;
  Outcomes outcomes;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) outcomes.Add(c.service().Execute(c.MajorChange(file, t * kEach + i)));
    });
  }
  for (auto& thread : threads) thread.join();

  INFO("first refusal: " << (outcomes.refusals.empty() ? "" : outcomes.refusals.front().ToString()));
  CHECK(outcomes.refusals.empty());
  REQUIRE(outcomes.results.size() == kThreads * kEach);
  // Every command got versions of its own, and together they are the file's new versions, without a gap.
  std::set<std::uint64_t> versions;
  std::uint64_t events = 0;
  for (const app::CommandResult& r : outcomes.results) {
    CHECK_FALSE(r.replayed);
    REQUIRE_FALSE(r.events.empty());
    events += r.events.size();
    for (std::uint64_t v = r.version + 1 - r.events.size(); v <= r.version; ++v) CHECK(versions.insert(v).second);
  }
  CHECK(events == kThreads * kEach);  // one MajorChangeReported each
  CHECK(*versions.begin() == start + 1);
  CHECK(*versions.rbegin() == start + events);
  CHECK(c.service().FileVersion(file).value() == start + events);
  CHECK(c.service().LoadFile(file)->state.report_count == kThreads * kEach);
  CHECK(c.store().Verify()->ok);
}

TEST_CASE("a stale expected version is refused under contention and writes nothing",
          "[app][concurrency][contention]") {
  Contention c;
  const std::string file = c.CertifiedFiles(1).front();
  const std::uint64_t stale = c.service().FileVersion(file).value();
  REQUIRE(c.service().Execute(c.MajorChange(file, 0)).ok());  // the file moves on
  const auto head = c.store().Head();

  std::vector<std::future<Result<app::CommandResult>>> tries;
  for (int t = 0; t < 8; ++t) {
    tries.push_back(std::async(std::launch::async, [&, t] {
      app::CommandRequest request = c.MajorChange(file, t + 1);
      request.expected_version = stale;
      return c.service().Execute(request);
    }));
  }
  for (auto& attempt : tries) {
    Result<app::CommandResult> outcome = attempt.get();
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.status().Is(Status::Code::kConflict, Status::SubCode::kStaleVersion));
    CHECK(outcome.status().current_version() == std::optional<std::uint64_t>(stale + 1));
  }
  CHECK(c.store().Head().size == head.size);
  CHECK(c.store().Head().hash == head.hash);
}

TEST_CASE("writers on different files still share group commits", "[app][concurrency][contention][group-commit]") {
  Contention c;
  const std::vector<std::string> files = c.CertifiedFiles(12);
  const store::StoreStats before = c.store().Stats();
  Outcomes outcomes;
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < files.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) outcomes.Add(c.service().Execute(c.MajorChange(files[t], i)));
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(outcomes.refusals.empty());
  const store::StoreStats after = c.store().Stats();
  const std::uint64_t appends = after.appended_requests - before.appended_requests;
  CHECK(appends == 120);
  // Fewer synced batches than appends: some batch held appends to several files.
  CHECK(after.batches - before.batches < appends);
  CHECK(after.largest_batch >= 2);
}

TEST_CASE("a file's lock serialises its holders and leaves other files free", "[app][concurrency][locks]") {
  app::FileLocks locks;
  {
    app::FileLocks::Held a = locks.Lock("F-1");
    // Another file's lock is free while F-1 is held.
    auto other = std::async(std::launch::async, [&] { return locks.Lock("F-2"); });
    REQUIRE(other.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    other.get().Release();

    // The same file's lock waits for its holder.
    std::atomic<bool> got{false};
    std::thread waiter([&] {
      app::FileLocks::Held b = locks.Lock("F-1");
      got.store(true);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK_FALSE(got.load());
    a.Release();
    waiter.join();
    CHECK(got.load());
  }
  CHECK(locks.Entries() == 0);  // nothing kept for files no one writes
}
