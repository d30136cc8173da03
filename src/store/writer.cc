// The writer: pipelined group commit of concurrent appends.
//
// Two writer threads, each taking whatever the pipeline needs next, in this
// order: write the open group, answer a written group, prepare queued
// requests. Preparing (writer_prepare.cc) checks a request against the
// committed state, the group being written and the earlier requests of the
// open group, assigns positions and versions, encodes and chains the events,
// and adds them to the open group's WriteBatch; one thread at a time prepares
// (`preparing_`). What needs neither the open group nor the pipeline —
// checking the request's form, its fingerprint, reading the stream's committed
// version and the key's record — each appending thread does before it queues
// its request (ReadAhead), so that the serial work is the least. Prepare
// validates and encodes everything before it adds anything, so a refused
// request adds nothing. One group is written at a time, with the new log head,
// in one synced WriteBatch; the head is published, and only then are the
// group's callers answered. So one group is prepared while the previous one is
// written; and the thread that completes a group writes it itself, with no
// hand-over to another thread (on a virtual machine a wake-up is tens of µs).
// A thread that ends a write while the next group is ready writes that at once
// and leaves the answers of the last to the other thread. The Merkle tree's
// nodes of the tile levels for a group's events go into the same batch: each
// group carries the tree's right edge after it, as it carries the log head.
#include <rocksdb/write_batch.h>

#include <chrono>

#include "certreg/common/thread_name.h"
#include "store/keys.h"
#include "store/writer_group.h"

namespace certreg::store {

void RocksEventStore::StartWriter() {
  open_ = std::make_shared<Group>();
  open_->head = Head();
  open_->edge = CommittedEdge();
  for (std::size_t i = 0; i < writer_threads_.size(); ++i) {
    writer_threads_[i] = std::thread([this] { WriterLoop(); });
    NameThread(writer_threads_[i], "store-writer");
  }
}

void RocksEventStore::StopWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  writer_cv_.notify_all();
  for (auto& thread : writer_threads_) {  // they answer everything queued first
    if (thread.joinable()) thread.join();
  }
}

Result<AppendResult> RocksEventStore::AppendToStream(AppendRequest request) {
  return AppendToStreamAsync(std::move(request)).Get();
}

bool RocksEventStore::OpenGroupWritable(std::chrono::steady_clock::time_point now) const {
  if (preparing_ || in_flight_ || open_->members.empty()) return false;  // open_ is read only when not prepared into
  if (open_->members.size() >= options_.max_batch_requests) return true;
  if (!queue_.empty()) return false;  // prepare what is queued first
  // The callers of the group just committed usually come straight back:
  // while the open group is smaller than that one, wait a moment for them,
  // so that one sync serves them all instead of alternating half-sized groups.
  return open_->members.size() >= last_group_size_ || stopping_ || now >= last_write_end_ + options_.gather_wait;
}

void RocksEventStore::WriterLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (OpenGroupWritable(std::chrono::steady_clock::now())) {
      WriteOpenGroup(lock);
      continue;
    }
    if (!to_answer_.empty()) {
      std::shared_ptr<Group> group = std::move(to_answer_.front());
      to_answer_.pop_front();
      lock.unlock();
      AnswerGroup(*group);
      group.reset();
      lock.lock();
      continue;
    }
    if (!preparing_ && !queue_.empty() && open_->members.size() < options_.max_batch_requests) {
      PrepareQueued(lock);
      continue;
    }
    if (stopping_ && !preparing_ && queue_.empty() && open_->members.empty() && !in_flight_) {
      writer_cv_.notify_all();
      return;
    }
    if (!preparing_ && !in_flight_ && !open_->members.empty()) {
      writer_cv_.wait_until(lock, last_write_end_ + options_.gather_wait);
    } else {
      writer_cv_.wait(lock);  // woken by Append, by the other writer thread, or by StopWriter
    }
  }
}

void RocksEventStore::PrepareQueued(std::unique_lock<std::mutex>& lock) {
  preparing_ = true;  // open_ is this thread's until it is cleared
  std::vector<std::shared_ptr<Pending>> taken;
  while (!queue_.empty() && open_->members.size() + taken.size() < options_.max_batch_requests) {
    taken.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  const bool open_empty = open_->members.empty();
  lock.unlock();
  Group& open = *open_;
  // Refused up front, preparing nothing: after a failed write the store has
  // not recovered from, or while free space is below the reserve.
  bool resumed = false;
  const Status refused = Admit(open_empty, &resumed);
  if (resumed) {  // the failed groups' head and tree edge are gone
    open.head = Head();
    open.edge = CommittedEdge();
  }
  if (!refused.ok()) {
    no_space_refusals_.fetch_add(refused.subcode() == Status::SubCode::kNoSpace ? taken.size() : 0);
    rejected_requests_.fetch_add(taken.size());
    for (auto& pending : taken) Answer(pending, refused);
    lock.lock();
    preparing_ = false;
    return;
  }
  // The group being written is read only now, after Admit: while the lock
  // was released a write may have failed it, and Admit may then have
  // recovered the store, which forgets the failed group. Read before Admit,
  // its keys would be replayed and its versions built on though it never
  // committed. Read after, it is either still in flight (should it fail, the
  // open group, no longer empty, fails with it: Admit recovers only with an
  // empty open group) or already gone (nullptr). No other group is written
  // while this thread prepares.
  std::shared_ptr<Group> in_flight;
  {
    std::lock_guard<std::mutex> guard(mu_);
    in_flight = in_flight_;  // read-only while we hold it; its batch is written before it is released
  }
  const std::uint64_t committed = Head().size;  // after in_flight: see Prepare
  for (auto& pending : taken) {
    open.results.push_back(Prepare(*pending, open, in_flight.get(), committed));
    open.members.push_back(std::move(pending));
  }
  lock.lock();
  preparing_ = false;
}

void RocksEventStore::WriteOpenGroup(std::unique_lock<std::mutex>& lock) {
  std::shared_ptr<Group> group = std::move(open_);
  in_flight_ = group;
  open_ = std::make_shared<Group>();
  open_->head = group->head;
  open_->edge = group->edge;
  Status status = failed_;
  lock.unlock();
  if (status.ok() && group->batch.Count() > 0) status = WriteGroup(*group);
  lock.lock();
  if (!status.ok() && failed_.ok()) {
    failed_ = status;
    failed_flag_.store(true);
  }
  group->written = status;
  in_flight_.reset();  // its writes are in the database now (or nothing is)
  last_group_size_ = group->members.size();
  last_write_end_ = std::chrono::steady_clock::now();
  if (OpenGroupWritable(last_write_end_)) {
    // The next group is ready: write it first, and leave this one's answers
    // to the other thread.
    to_answer_.push_back(std::move(group));
    writer_cv_.notify_one();
    return;
  }
  // Requests queued during the write: the other thread prepares them while this one answers.
  if (!queue_.empty() && !preparing_) writer_cv_.notify_one();
  lock.unlock();
  AnswerGroup(*group);
  group.reset();
  lock.lock();
}

Status RocksEventStore::WriteGroup(Group& group) {
  group.batch.Put(Cf(keys::kMetaCf), keys::kHeadKey, EncodeLogHead(group.head));
  rocksdb::WriteOptions write;
  write.sync = options_.sync;
  const auto write_start = std::chrono::steady_clock::now();
  rocksdb::Status s = db_->Write(write, &group.batch);
  write_micros_.fetch_add(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - write_start).count());
  if (!s.ok()) {
    // Nothing of this group is durable, and the groups prepared on top of it
    // chain on it: refuse writes until the store recovers (Admit).
    return s.IsNoSpace() ? Status::NoSpace("writing the batch failed: " + s.ToString())
                         : Status::IOError("writing the batch failed: " + s.ToString());
  }
  std::lock_guard<std::mutex> lock(head_mu_);
  head_ = group.head;
  tree_edge_ = group.edge;
  return Status::Ok();
}

void RocksEventStore::AnswerGroup(Group& group) {
  const Status& status = group.written;
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
