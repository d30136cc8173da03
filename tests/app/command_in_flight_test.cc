// A command in flight (certreg/app/registry.h, CommandInFlight): begun up to
// its queued append, ready once that is answered, answered without waiting
// when durable, through Finish (decided again) when the store refused it.
#include <catch2/catch.hpp>

#include "app/queued_fixture.h"

using namespace certreg;
using namespace std::chrono_literals;
using certreg::testing::Queued;

namespace {
// Waits until `count` reaches 1; false after 10 s.
bool Told(const std::atomic<int>& count) {
  for (int i = 0; i < 1000 && count.load() == 0; ++i) std::this_thread::sleep_for(10ms);
  return count.load() == 1;
}
}  // namespace

TEST_CASE("a command begun is ready once its append is durable, and then answers without waiting",
          "[app][concurrency][queued][in-flight]") {
  Queued q;
  const std::string file = q.CertifiedFiles(1).front();
  const std::uint64_t start = q.registry().FileVersion(file).value();

  q.gate().Close();
  const app::CommandInFlight command = q.handler().Begin(q.MajorChange(file, 1));  // queued, not prepared
  REQUIRE(q.gate().Holding());
  CHECK_FALSE(command.TryFinish().has_value());
  std::atomic<int> ready{0};
  command.OnReady([&] { ++ready; });
  std::this_thread::sleep_for(50ms);
  CHECK(ready.load() == 0);
  q.gate().Open();
  REQUIRE(Told(ready));
  const auto outcome = command.TryFinish();
  REQUIRE(outcome.has_value());
  REQUIRE(outcome->ok());
  CHECK((*outcome)->version == start + 1);
  CHECK_FALSE(q.handler().QueuedVersion(file).has_value());  // settled: the file's fold is no longer pending
  CHECK(command.Finish()->version == start + 1);             // the same answer again

  // Refused before anything is queued: ready at once, answered at once.
  app::CommandRequest stale = q.MajorChange(file, 2);
  stale.expected_version = start;
  const app::CommandInFlight refused = q.handler().Begin(stale);
  std::atomic<int> refused_ready{0};
  refused.OnReady([&] { ++refused_ready; });
  CHECK(refused_ready.load() == 1);
  const auto refusal = refused.TryFinish();
  REQUIRE(refusal.has_value());
  CHECK(refusal->status().Is(Status::Code::kConflict, Status::SubCode::kStaleVersion));
  CHECK(q.registry().FileVersion(file).value() == start + 1);  // the refusal wrote nothing
}

TEST_CASE("a command begun whose append the store refuses answers through Finish, decided again",
          "[app][concurrency][queued][in-flight]") {
  Queued q;
  const std::vector<std::string> files = q.CertifiedFiles(2);
  const std::string& file = files[0];
  const std::uint64_t start = q.registry().FileVersion(file).value();

  q.gate().Close();
  app::CommandRequest keyed = q.MajorChange(files[1], 0);
  keyed.idempotency_key = "k-1";
  auto holder = q.Start(keyed);
  REQUIRE(q.gate().Holding());
  app::CommandRequest reused = q.MajorChange(file, 1);
  reused.idempotency_key = "k-1";  // refused by the store: the command begun after it is stale
  auto refused = q.Start(reused);
  REQUIRE(q.QueuedAt(file, start + 1));
  const app::CommandInFlight next = q.handler().Begin(q.MajorChange(file, 2));
  REQUIRE(q.QueuedAt(file, start + 2));
  std::atomic<int> ready{0};
  next.OnReady([&] { ++ready; });
  q.gate().Open();
  REQUIRE(Told(ready));

  CHECK_FALSE(next.TryFinish().has_value());  // to be decided again: not without waiting
  const auto answer = next.Finish();
  REQUIRE(answer.ok());
  CHECK(answer->version == start + 1);
  CHECK(holder.get().ok());
  CHECK_FALSE(refused.get().ok());
  CHECK(q.store().Verify()->ok);
}
