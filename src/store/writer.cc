// The writer: group commit of concurrent appends, pipelined.
//
// No thread of its own prepares. The appending threads take turns at it
// (append_queue.cc): an append is queued in the store's order, and whichever
// thread holds the prepare lock prepares everything queued into the open
// group (Prepare, writer_prepare.cc): checked against the committed state, the
// group being synced and the open group's earlier requests, given positions
// and versions, encoded, chained and added to the group's WriteBatch. One
// syncer thread writes one group at a time with the new log head in one synced
// WriteBatch, publishes the head, and only then answers the group's callers.
// So one group is prepared while the previous one syncs. The Merkle tree's
// nodes of the tile levels for a group's events go into the same batch: each
// group carries the tree's right edge after it, as it carries the log head.
//
// Handing a group to the syncer: when none is being synced, the thread that
// prepared into the open group hands it over once it is as large as the last
// group committed (its callers usually come straight back, so one sync serves
// them all instead of alternating half-sized groups); a smaller group is taken
// by the syncer itself once `gather_wait` has passed since it became idle.
//
// Locks: prepare_mu_ (the open group) before mu_ (the hand-over, the failure
// state); neither is held across a database write.
#include <rocksdb/write_batch.h>

#include <chrono>
#include <thread>
#include <utility>

#include "store/keys.h"
#include "store/writer_group.h"

namespace certreg::store {

void RocksEventStore::StartWriter() {
  open_ = std::make_shared<Group>();
  open_->head = Head();
  open_->edge = CommittedEdge();
  syncer_ = std::thread([this] { SyncLoop(); });
}

void RocksEventStore::StopWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  syncer_cv_.notify_all();
  if (syncer_.joinable()) syncer_.join();  // it commits everything queued first
}

Result<AppendResult> RocksEventStore::AppendToStream(AppendRequest request) {
  return AppendToStreamAsync(std::move(request)).get();
}

std::shared_ptr<RocksEventStore::Group> RocksEventStore::HandOffLocked() {
  auto next = std::make_shared<Group>();
  next->head = open_->head;
  next->edge = open_->edge;
  in_flight_ = std::exchange(open_, std::move(next));
  open_members_ = 0;
  return in_flight_;
}

void RocksEventStore::SyncLoop() {
  for (;;) {
    std::shared_ptr<Group> group;
    {
      std::unique_lock<std::mutex> lock(mu_);
      for (;;) {
        if (to_write_ || stopping_) break;
        if (open_members_ > 0) {
          // Wait a moment for the open group to grow (see above).
          const auto deadline = syncer_idle_since_ + options_.gather_wait;
          if (open_members_ >= last_group_size_ || std::chrono::steady_clock::now() >= deadline) break;
          syncer_cv_.wait_until(lock, deadline);
          continue;
        }
        syncer_cv_.wait(lock);  // woken by the first append of an open group, a hand-over, or StopWriter
      }
      group = std::move(to_write_);
    }
    if (!group) {
      bool finished = false;
      {
        std::lock_guard<std::mutex> preparing(prepare_mu_);
        std::lock_guard<std::mutex> lock(mu_);
        if (to_write_) {
          group = std::move(to_write_);
        } else if (!open_->members.empty()) {
          group = HandOffLocked();
        } else {
          finished = stopping_ && queue_.empty();
        }
      }
      if (finished) return;  // stopping_ refuses new appends: nothing is left to answer
      // Appends queued while this thread held the prepare lock are prepared
      // by the thread that takes it next: take it.
      PrepareQueued();
      if (!group) {
        std::this_thread::yield();  // stopping, and another thread is preparing what is queued
        continue;
      }
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
      // chain on it: refuse writes until the store recovers (Admit).
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
  }

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
  {
    std::lock_guard<std::mutex> lock(mu_);
    syncer_idle_since_ = std::chrono::steady_clock::now();  // the callers answered are coming back
  }
}

}  // namespace certreg::store
