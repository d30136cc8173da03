// The writer: pipelined group commit of concurrent appends.
//
// Two threads. The preparer takes queued requests and prepares each into the
// open group (writer_prepare.cc): it checks it against the committed state, the
// group being synced and the earlier requests of the open group, assigns
// positions and versions, encodes and chains the events, and adds them to the
// group's WriteBatch. What needs neither the open group nor the preparer —
// checking the request's form, its fingerprint, reading the stream's committed
// version and the key's record — each appending thread does before it queues
// its request (ReadAhead), so that the preparer's serial work is the least.
// Prepare validates and encodes everything before it adds anything, so a
// refused request adds nothing. Whenever the syncer is idle, the preparer hands
// it the open group; the syncer writes it with the new log head in one synced
// WriteBatch, publishes the head, and only then answers the group's callers.
// So one group is prepared while the previous one syncs. The Merkle tree's
// nodes of the tile levels for a group's events go into the same batch: each
// group carries the tree's right edge after it, as it carries the log head.
#include <rocksdb/write_batch.h>

#include <chrono>

#include "certreg/common/thread_name.h"
#include "store/keys.h"
#include "store/writer_group.h"

namespace certreg::store {

void RocksEventStore::StartWriter() {
  preparer_ = std::thread([this] { PrepareLoop(); });
  NameThread(preparer_, "store-prepare");
  syncer_ = std::thread([this] { SyncLoop(); });
  NameThread(syncer_, "store-sync");
}

void RocksEventStore::StopWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  preparer_cv_.notify_all();
  if (preparer_.joinable()) preparer_.join();  // it answers everything queued, then tells the syncer to exit
  if (syncer_.joinable()) syncer_.join();
}

Result<AppendResult> RocksEventStore::AppendToStream(AppendRequest request) {
  return AppendToStreamAsync(std::move(request)).Get();
}

void RocksEventStore::PrepareLoop() {
  auto open = std::make_shared<Group>();
  open->head = Head();
  open->edge = CommittedEdge();
  for (;;) {
    std::vector<std::shared_ptr<Pending>> taken;
    std::shared_ptr<Group> in_flight;
    {
      std::unique_lock<std::mutex> lock(mu_);
      for (;;) {
        if (!queue_.empty() && open->members.size() < options_.max_batch_requests) {
          while (!queue_.empty() && open->members.size() + taken.size() < options_.max_batch_requests) {
            taken.push_back(std::move(queue_.front()));
            queue_.pop_front();
          }
          break;
        }
        if (!open->members.empty() && !in_flight_) {
          // The callers of the group just committed usually come straight back:
          // while the open group is smaller than that one, wait a moment for
          // them, so that one sync serves them all instead of alternating
          // half-sized groups.
          const auto deadline = syncer_idle_since_ + options_.gather_wait;
          if (open->members.size() >= last_group_size_ || stopping_ || std::chrono::steady_clock::now() >= deadline) {
            in_flight_ = to_write_ = open;
            syncer_cv_.notify_one();
            auto next = std::make_shared<Group>();
            next->head = open->head;
            next->edge = open->edge;
            open = std::move(next);
            continue;
          }
          preparer_cv_.wait_until(lock, deadline);
          continue;
        }
        if (stopping_ && queue_.empty() && open->members.empty() && !in_flight_) {
          syncer_exit_ = true;
          syncer_cv_.notify_one();
          return;
        }
        preparer_cv_.wait(lock);  // woken by Append, by the syncer, or by StopWriter
      }
    }
    // Refused up front, preparing nothing: after a failed write the store has
    // not recovered from, or while free space is below the reserve.
    bool resumed = false;
    const Status refused = Admit(open->members.empty(), &resumed);
    if (resumed) {  // the failed groups' head and tree edge are gone
      open->head = Head();
      open->edge = CommittedEdge();
    }
    if (!refused.ok()) {
      no_space_refusals_.fetch_add(refused.subcode() == Status::SubCode::kNoSpace ? taken.size() : 0);
      rejected_requests_.fetch_add(taken.size());
      for (auto& pending : taken) Answer(pending, refused);
      continue;
    }
    // The group being synced is read only now, after Admit: while the lock
    // was released the syncer may have failed it, and Admit may then have
    // recovered the store, which forgets the failed group. Read before Admit,
    // its keys would be replayed and its versions built on though it never
    // committed. Read after, it is either still in flight (should it fail, the
    // open group, no longer empty, fails with it: Admit recovers only with an
    // empty open group) or already gone (nullptr).
    {
      std::lock_guard<std::mutex> lock(mu_);
      in_flight = in_flight_;  // read-only while we hold it; its batch is written before it is released
    }
    const std::uint64_t committed = Head().size;  // after in_flight: see Prepare
    for (auto& pending : taken) {
      open->results.push_back(Prepare(*pending, *open, in_flight.get(), committed));
      open->members.push_back(std::move(pending));
    }
  }
}

void RocksEventStore::SyncLoop() {
  for (;;) {
    std::shared_ptr<Group> group;
    {
      std::unique_lock<std::mutex> lock(mu_);
      syncer_cv_.wait(lock, [&] { return to_write_ || syncer_exit_; });
      if (!to_write_) return;
      group = std::move(to_write_);
    }
    Commit(*group);
  }
}

void RocksEventStore::Commit(Group& group) {
  Status status;
  {
    std::lock_guard<std::mutex> lock(mu_);
    status = failed_;
  }
  if (status.ok() && group.batch.Count() > 0) {
    group.batch.Put(Cf(keys::kMetaCf), keys::kHeadKey, EncodeLogHead(group.head));
    rocksdb::WriteOptions write;
    write.sync = options_.sync;
    const auto write_start = std::chrono::steady_clock::now();
    rocksdb::Status s = db_->Write(write, &group.batch);
    write_micros_.fetch_add(std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - write_start)
                                .count());
    if (s.ok()) {
      std::lock_guard<std::mutex> lock(head_mu_);
      head_ = group.head;
      tree_edge_ = group.edge;
    } else {
      // Nothing of this group is durable, and the groups prepared on top of it
      // chain on it: refuse writes until the store recovers (PrepareLoop).
      status = s.IsNoSpace() ? Status::NoSpace("writing the batch failed: " + s.ToString())
                             : Status::IOError("writing the batch failed: " + s.ToString());
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!status.ok() && failed_.ok()) {
      failed_ = status;
      failed_flag_.store(true);
    }
    in_flight_.reset();  // its writes are in the database now (or nothing is)
    last_group_size_ = group.members.size();
    syncer_idle_since_ = std::chrono::steady_clock::now();
  }
  preparer_cv_.notify_one();

  if (status.ok() && group.appended_requests > 0) {
    batches_.fetch_add(1);
    for (std::size_t i = 0; i < StoreStats::kBatchSizeBounds.size(); ++i) {
      if (group.appended_requests <= StoreStats::kBatchSizeBounds[i]) {
        batch_size_counts_[i].fetch_add(1);
        break;
      }
    }
    appended_requests_.fetch_add(group.appended_requests);
    appended_events_.fetch_add(group.appended_events);
    std::uint64_t largest = largest_batch_.load();
    while (group.appended_requests > largest &&
           !largest_batch_.compare_exchange_weak(largest, group.appended_requests)) {
    }
  }
  for (std::size_t i = 0; i < group.members.size(); ++i) {
    Result<AppendResult>& result = group.results[i];
    if (result.ok() && !status.ok()) result = status;
    if (!result.ok()) {
      rejected_requests_.fetch_add(1);
    } else if (result->replayed) {
      replayed_requests_.fetch_add(1);
    }
    Answer(group.members[i], std::move(result));
  }
}

}  // namespace certreg::store
