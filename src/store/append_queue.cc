// The entry to the writer's queue (writer.cc): an append is queued and
// answered later, by the preparer when refused up front, else by the syncer
// once its group is written (or failed).
#include "store/writer_group.h"

namespace certreg::store {

namespace {
constexpr std::size_t kWakeEvery = 8;  // queued requests that wake the preparer while a group syncs
}  // namespace

QueuedAppend RocksEventStore::AppendToStreamAsync(AppendRequest request) {
  auto answered = [](Status status) { return QueuedAppend::AnsweredWith(std::move(status)); };
  if (!degraded_.ok()) {
    no_space_refusals_.fetch_add(1);
    return answered(degraded_);
  }
  if (options_.read_only) return answered(Status::Busy("the event store is open read-only"));
  auto pending = std::make_shared<Pending>();
  pending->request = std::move(request);
  QueuedAppend handle(pending);
  ReadAhead(*pending);
  bool wake = true;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return answered(Status::Busy("the event store is closing"));
    queue_.push_back(std::move(pending));
    // While a group syncs, the next one cannot be written before it is done,
    // and the syncer wakes the preparer then: requests arriving meanwhile
    // wake it only a few at a time (each wake-up is a context switch).
    wake = in_flight_ == nullptr || queue_.size() >= kWakeEvery;
  }
  if (wake) preparer_cv_.notify_one();
  return handle;
}

void RocksEventStore::Answer(std::shared_ptr<Pending>& pending, Result<AppendResult> result) {
  pending->Answer(std::move(result));
  pending.reset();  // usually not the last holder: the caller frees its request
}

}  // namespace certreg::store
