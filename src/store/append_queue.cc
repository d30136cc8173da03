// The entry to the writer's queue (writer.cc): an append is queued and
// answered later, by the preparer when refused up front, else by the syncer
// once its group is written (or failed).
#include "store/writer_group.h"

namespace certreg::store {

namespace {
constexpr std::size_t kWakeEvery = 8;  // queued requests that wake the preparer while a group syncs
}  // namespace

std::shared_future<Result<AppendResult>> RocksEventStore::AppendToStreamAsync(AppendRequest request) {
  auto answered = [](Status status) {
    std::promise<Result<AppendResult>> promise;
    promise.set_value(std::move(status));
    return promise.get_future().share();
  };
  if (!degraded_.ok()) {
    no_space_refusals_.fetch_add(1);
    return answered(degraded_);
  }
  if (options_.read_only) return answered(Status::Busy("the event store is open read-only"));
  auto* pending = new Pending;
  pending->request = std::move(request);
  auto future = pending->done.get_future().share();
  ReadAhead(*pending);
  bool wake = true;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      delete pending;
      return answered(Status::Busy("the event store is closing"));
    }
    queue_.push_back(pending);
    // While a group syncs, the next one cannot be written before it is done,
    // and the syncer wakes the preparer then: requests arriving meanwhile
    // wake it only a few at a time (each wake-up is a context switch).
    wake = in_flight_ == nullptr || queue_.size() >= kWakeEvery;
  }
  if (wake) preparer_cv_.notify_one();
  return future;
}

void RocksEventStore::Answer(Pending* pending, Result<AppendResult> result) {
  pending->done.set_value(std::move(result));
  delete pending;
}

}  // namespace certreg::store
