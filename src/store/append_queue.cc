// The entry to the writer's queue (writer.cc): an append is queued and
// answered later by a writer thread: at once when refused up front, else
// once its group is written (or failed).
#include "store/writer_group.h"

namespace certreg::store {

namespace {
constexpr std::size_t kWakeEvery = 8;  // queued requests that wake a writer thread while a group is written
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
    // A thread preparing takes this request when it is done; none is woken.
    // While a group is written, the next cannot be written before it is
    // done, and its writer wakes the other thread then if requests wait:
    // requests arriving meanwhile wake one only a few at a time (each
    // wake-up is a context switch).
    wake = !preparing_ && (in_flight_ == nullptr || queue_.size() >= kWakeEvery);
  }
  if (wake) writer_cv_.notify_one();
  return handle;
}

void RocksEventStore::Answer(std::shared_ptr<Pending>& pending, Result<AppendResult> result) {
  pending->Answer(std::move(result));
  pending.reset();  // usually not the last holder: the caller frees its request
}

}  // namespace certreg::store
