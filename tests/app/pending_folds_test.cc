// PendingFolds (src/app/pending_folds.h): a queued fold is the file's state
// to decide on while its append waits, and stays so once the append
// committed until its command has handed it to the file reader (Answered);
// an append that did not commit as folded leaves nothing behind.
#include <catch2/catch.hpp>

#include <memory>

#include "app/pending_folds.h"

namespace certreg::testing {
namespace {

using app::PendingFolds;

struct QueuedFold {
  std::shared_ptr<store::QueuedAppend::State> answer = std::make_shared<store::QueuedAppend::State>();
  std::shared_ptr<bool> holds = std::make_shared<bool>(false);
  PendingFolds::Fold fold;

  explicit QueuedFold(std::uint64_t version) {
    domain::FileState state;
    state.version = version;
    fold.state = std::make_shared<const domain::FileState>(std::move(state));
    fold.durable = store::QueuedAppend(answer);
    fold.folds_hold = holds;
  }
  void Commit(bool held, bool replayed = false) {
    *holds = held;
    store::AppendResult result;
    result.types = {"CertificateChanged"};
    result.replayed = replayed;
    answer->Answer(result);
  }
};

TEST_CASE("a queued fold is decided on while its append waits", "[app][pending]") {
  PendingFolds folds;
  QueuedFold queued(8);
  folds.Queued("F-1", queued.fold);
  auto latest = folds.Latest("F-1");
  REQUIRE(latest);
  CHECK(latest->state->version == 8);
  CHECK(latest->durable.Valid());  // still to wait for
  CHECK_FALSE(folds.Latest("F-2"));
  queued.Commit(true);
}

TEST_CASE("a committed fold stays the file's state, as committed, until its command hands it over",
          "[app][pending]") {
  PendingFolds folds;
  QueuedFold queued(8);
  folds.Queued("F-1", queued.fold);
  queued.Commit(true);
  for (int i = 0; i < 2; ++i) {
    auto latest = folds.Latest("F-1");
    REQUIRE(latest);
    CHECK(latest->state->version == 8);
    CHECK_FALSE(latest->durable.Valid());  // nothing to wait for: it is committed
  }
  folds.Answered("F-1", queued.fold.state.get());
  CHECK_FALSE(folds.Latest("F-1"));
  CHECK(folds.Size() == 0);
}

TEST_CASE("an append that did not commit as folded leaves no fold", "[app][pending]") {
  PendingFolds folds;
  SECTION("the writer fixed another day than the fold assumed") {
    QueuedFold queued(8);
    folds.Queued("F-1", queued.fold);
    queued.Commit(false);
    CHECK_FALSE(folds.Latest("F-1"));
  }
  SECTION("a concurrent twin with the same key did the work") {
    QueuedFold queued(8);
    folds.Queued("F-1", queued.fold);
    queued.Commit(true, /*replayed=*/true);
    CHECK_FALSE(folds.Latest("F-1"));
  }
  SECTION("the store refused it") {
    QueuedFold queued(8);
    folds.Queued("F-1", queued.fold);
    queued.answer->Answer(Status::StaleVersion("stream file/F-1 is at version 9", 9));
    CHECK_FALSE(folds.Latest("F-1"));
  }
  CHECK(folds.Size() == 0);
}

}  // namespace
}  // namespace certreg::testing
