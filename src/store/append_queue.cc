// The entry to the writer (writer.cc): an append is queued in the store's
// order, then prepared into the open group by whichever appending thread holds
// the prepare lock (flat combining: a thread that finds it taken leaves its
// append to the holder, who looks at the queue again before it lets go). It is
// answered by that thread when refused up front, else by the syncer once its
// group is written (or failed).
#include "store/writer_group.h"

namespace certreg::store {

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
  auto* pending = new Pending{std::move(request), {}};
  auto future = pending->done.get_future().share();
  ReadAhead(*pending);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      delete pending;
      return answered(Status::Busy("the event store is closing"));
    }
    queue_.push_back(pending);
  }
  PrepareQueued();
  return future;
}

void RocksEventStore::PrepareQueued() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (queue_.empty()) return;
    }
    std::unique_lock<std::mutex> preparing(prepare_mu_, std::try_to_lock);
    if (!preparing.owns_lock()) return;  // its holder prepares what is queued before it lets go
    PrepareTaken();
    preparing.unlock();
    // Then what was queued meanwhile by threads that found the lock taken;
    // a full open group is the syncer's to take first, and it prepares the
    // queue after.
    std::lock_guard<std::mutex> lock(mu_);
    if (open_members_ >= options_.max_batch_requests) return;
  }
}

void RocksEventStore::PrepareTaken() {
  // Refused up front, preparing nothing: after a failed write the store has
  // not recovered from, or while free space is below the reserve. Asked
  // before the queue is taken, so that what queues meanwhile is taken too.
  bool resumed = false;
  const Status refused = Admit(open_->members.empty(), &resumed);
  if (resumed) {  // the failed groups' head and tree edge are gone
    open_->head = Head();
    open_->edge = CommittedEdge();
  }
  // The group being synced is read only now, after Admit: the syncer may
  // have failed it meanwhile, and Admit may then have recovered the store,
  // which forgets the failed group. Read before Admit, its keys would be
  // replayed and its versions built on though it never committed. Read
  // after, it is either still in flight (should it fail, the open group, no
  // longer empty, fails with it: Admit recovers only with an empty open
  // group) or already gone (nullptr).
  std::shared_ptr<Group> in_flight;
  std::vector<Pending*> taken;
  {
    std::lock_guard<std::mutex> lock(mu_);
    in_flight = in_flight_;  // read-only while we hold it; its batch is written before it is released
    while (!queue_.empty() && open_->members.size() + taken.size() < options_.max_batch_requests) {
      taken.push_back(queue_.front());
      queue_.pop_front();
    }
  }
  if (!refused.ok()) {
    no_space_refusals_.fetch_add(refused.subcode() == Status::SubCode::kNoSpace ? taken.size() : 0);
    rejected_requests_.fetch_add(taken.size());
    for (Pending* pending : taken) Answer(pending, refused);
    return;
  }
  const std::uint64_t committed = Head().size;  // after in_flight: see Prepare
  for (Pending* pending : taken) {
    open_->members.push_back(pending);
    open_->results.push_back(Prepare(*pending, *open_, in_flight.get(), committed));
  }
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const std::size_t before = open_members_;
    open_members_ = open_->members.size();
    if (!in_flight_ && open_members_ > 0) {
      if (open_members_ >= last_group_size_ || stopping_) {
        to_write_ = HandOffLocked();
        wake = true;
      } else {
        wake = before == 0;  // the syncer gathers it until its deadline
      }
    }
  }
  if (wake) syncer_cv_.notify_one();
}

void RocksEventStore::Answer(Pending* pending, Result<AppendResult> result) {
  pending->done.set_value(std::move(result));
  delete pending;
}

}  // namespace certreg::store
