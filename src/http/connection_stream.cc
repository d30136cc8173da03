// The connection layer's streamed answers (http/connection_loop.h,
// StreamSlot; http/stream_sink.h): the head, then whatever the producer
// sends, written by the event thread with the loop's non-blocking writes.
#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include "http/connection_state.h"

namespace certreg::http {

void ConnectionLoop::Impl::PostReady(std::uint64_t id) {
  bool was_empty = false;
  {
    std::lock_guard<std::mutex> lock(ready_mu);
    was_empty = ready.empty();
    ready.push_back(id);
  }
  if (was_empty) Wake();  // one wake-up per batch of posts
}

bool ConnectionLoop::Impl::StartStream(Connection& c, Completion& done, LoopClock::time_point now) {
  c.phase = Connection::Phase::kStreaming;
  c.close_after_write = true;
  const int send_buffer = static_cast<int>(options.stream_send_buffer_bytes);
  ::setsockopt(c.fd, SOL_SOCKET, SO_SNDBUF, &send_buffer, sizeof send_buffer);
  c.stream = std::make_shared<StreamSink>(c.id, options.max_stream_buffer_bytes,
                                          [this](std::uint64_t id) { PostReady(id); });
  c.head_unsent = done.bytes.size();
  c.out = std::move(done.bytes);
  c.out_sent = 0;
  c.deadline = now + options.write_timeout;
  done.start_stream(c.stream);
  return FlushStream(c, now);
}

void ConnectionLoop::Impl::TakeStreamBytes(LoopClock::time_point now) {
  std::vector<std::uint64_t> ids;
  {
    std::lock_guard<std::mutex> lock(ready_mu);
    ids.swap(ready);
  }
  for (std::uint64_t id : ids) {
    auto it = conns.find(id);
    if (it == conns.end() || it->second->phase != Connection::Phase::kStreaming) continue;  // closed meanwhile
    Connection& c = *it->second;
    if (c.stream->slow()) {
      Close(c, StreamEnd::kSlow);
      continue;
    }
    const bool was_drained = c.out_sent == c.out.size();
    if (was_drained) {
      c.out.clear();
      c.out_sent = 0;
    }
    c.stream_finishing = c.stream->TakePending(c.out);
    if (was_drained && c.out_sent < c.out.size()) c.deadline = now + options.write_timeout;
    (void)FlushStream(c, now);
  }
}

bool ConnectionLoop::Impl::OnStreamReadable(Connection& c) {
  for (;;) {
    const ssize_t n = ::recv(c.fd, read_buffer.data(), read_buffer.size(), 0);
    if (n > 0) continue;  // a stream's client has nothing to say: dropped
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    Close(c, StreamEnd::kClient);  // closed by the client, or failed
    return false;
  }
}

bool ConnectionLoop::Impl::FlushStream(Connection& c, LoopClock::time_point now) {
  std::size_t written = 0;
  const Sent sent = SendOut(c, &written);
  if (written > 0) {
    const std::size_t of_head = std::min(written, c.head_unsent);
    c.head_unsent -= of_head;
    if (written > of_head) c.stream->Written(written - of_head);
    c.deadline = now + options.write_timeout;  // progress: the write timeout counts from here
  }
  if (sent == Sent::kBlocked) {
    UpdateInterest(c);
    return true;
  }
  if (sent == Sent::kFailed) {
    Close(c, StreamEnd::kClient);
    return false;
  }
  std::string().swap(c.out);  // a quiet stream keeps no buffer's capacity
  c.out_sent = 0;
  c.deadline = LoopClock::time_point::max();
  if (stopping || c.stream_finishing) {
    Close(c, stopping ? StreamEnd::kStopped : StreamEnd::kFinished);
    return false;
  }
  UpdateInterest(c);
  return true;
}

}  // namespace certreg::http
