#include "http/stream_sink.h"

#include <algorithm>

namespace certreg::http {

const char* StreamEndLabel(StreamEnd end) {
  switch (end) {
    case StreamEnd::kOpen: return "open";
    case StreamEnd::kClient: return "client";
    case StreamEnd::kSlow: return "slow";
    case StreamEnd::kStuck: return "write_timeout";
    case StreamEnd::kStopped: return "stopped";
    case StreamEnd::kFinished: return "finished";
  }
  return "client";
}

StreamSink::StreamSink(std::uint64_t id, std::size_t cap, std::function<void(std::uint64_t)> ready)
    : id_(id), cap_(cap), ready_(std::move(ready)) {}

bool StreamSink::Send(std::string_view bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  if (end_ != StreamEnd::kOpen || slow_ || finish_) return false;
  if (unsent_ + bytes.size() > cap_) {
    slow_ = true;  // the loop closes the connection and ends the stream as kSlow
    ready_(id_);
    return false;
  }
  const bool was_empty = pending_.empty();
  pending_.append(bytes);
  unsent_ += bytes.size();
  // Under the lock: once End has run (it takes the lock), no call reaches the loop.
  if (was_empty) ready_(id_);
  return true;
}

void StreamSink::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (end_ != StreamEnd::kOpen || finish_) return;
  finish_ = true;
  ready_(id_);
}

void StreamSink::OnEnd(std::function<void(StreamEnd)> on_end) {
  std::lock_guard<std::mutex> lock(mu_);
  on_end_ = std::move(on_end);
}

std::size_t StreamSink::unsent() const {
  std::lock_guard<std::mutex> lock(mu_);
  return unsent_;
}

bool StreamSink::ended() const {
  std::lock_guard<std::mutex> lock(mu_);
  return end_ != StreamEnd::kOpen || slow_;
}

bool StreamSink::slow() const {
  std::lock_guard<std::mutex> lock(mu_);
  return slow_;
}

bool StreamSink::TakePending(std::string& out) {
  std::lock_guard<std::mutex> lock(mu_);
  if (out.empty()) {
    out.swap(pending_);
  } else {
    out.append(pending_);
    pending_.clear();
  }
  return finish_;
}

void StreamSink::Written(std::size_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  unsent_ -= std::min(n, unsent_);
}

void StreamSink::End(StreamEnd why) {
  std::function<void(StreamEnd)> run;
  StreamEnd ended_as;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (end_ == StreamEnd::kOpen) end_ = why;
    ended_as = end_;
    pending_.clear();
    if (!on_end_ran_) {
      on_end_ran_ = true;
      run = std::move(on_end_);
    }
  }
  if (run) run(ended_as);
}

}  // namespace certreg::http
