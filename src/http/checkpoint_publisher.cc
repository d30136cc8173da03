#include "http/checkpoint_publisher.h"

#include <spdlog/spdlog.h>

#include "certreg/common/thread_name.h"

namespace certreg::http {

CheckpointPublisher::CheckpointPublisher(app::SignedLog& log, std::chrono::milliseconds interval,
                                         std::unique_ptr<WitnessPool> witnesses)
    : log_(log), interval_(interval), witnesses_(std::move(witnesses)) {}

CheckpointPublisher::~CheckpointPublisher() { Stop(); }

void CheckpointPublisher::Start() {
  if (witnesses_) witnesses_->AdoptKept();
  Round();
  started_ = true;
  thread_ = std::thread([this] { Loop(); });
  NameThread(thread_, "checkpoints");
  if (witnesses_) witnesses_->Start();
}

void CheckpointPublisher::Stop() {
  if (!started_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (witnesses_) witnesses_->Stop();
  started_ = false;
  Round();
}

void CheckpointPublisher::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    Round();
    lock.lock();
  }
}

void CheckpointPublisher::Round() {
  auto signed_now = log_.SignIfGrown();
  if (!signed_now.ok()) {
    // A full disk or a failed store refuses the write: tried again next round, logged once.
    if (signed_now.status().message() != last_error_) {
      last_error_ = signed_now.status().message();
      spdlog::error("signing a checkpoint: {}", signed_now.status().ToString());
    }
  } else if (!last_error_.empty()) {
    spdlog::info("checkpoints are signed again");
    last_error_.clear();
  }
  if (witnesses_) {
    // Published once a quorum of witnesses cosigned it (WitnessPool).
    if (signed_now.ok() && signed_now->has_value()) witnesses_->Wake();
    return;
  }
  // The last one kept is published even when no new one could be signed (a store opened read-only).
  if (auto last = log_.LastSigned(); last && last != log_.Published()) log_.Publish(last);
}

}  // namespace certreg::http
