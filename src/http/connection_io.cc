// The connection layer's reading, parsing, handing to workers and writing
// (http/connection_state.h); the event loop itself is connection_loop.cc.
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "http/connection_state.h"
#include "http/response_writer.h"

namespace certreg::http {
namespace {

// How long a refused connection's further input is read and dropped.
constexpr std::chrono::milliseconds kLinger{2'000};
// Bytes of it dropped per event at most, so that a fast sender cannot keep
// the event thread reading (the rest waits for the next event).
constexpr std::size_t kLingerBytesPerEvent = 256 << 10;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// Capacity an input buffer keeps while idle; above it, and far above what it
// holds, the buffer is given back (a keep-alive connection must not keep the
// size of its largest read).
constexpr std::size_t kKeptCapacity = 4 << 10;

void Release(std::string& buffer) { std::string().swap(buffer); }

const WireRefusal kOverBudget{503, "the server holds as many request bytes as it may: retry in a moment"};

void ShrinkInput(std::string& in) {
  if (in.capacity() <= kKeptCapacity || in.capacity() <= 2 * in.size()) return;
  if (in.empty()) {
    Release(in);
  } else {
    std::string(in).swap(in);
  }
}

}  // namespace

bool ConnectionLoop::Impl::OnReadable(Connection& c, LoopClock::time_point now) {
  if (c.phase == Connection::Phase::kLingering) {
    if (now >= c.deadline) {  // the sweep would close it too; a busy socket must not postpone that
      Close(c);
      return false;
    }
    for (std::size_t dropped = 0; dropped < kLingerBytesPerEvent;) {
      const ssize_t n = ::recv(c.fd, read_buffer.data(), read_buffer.size(), 0);
      if (n > 0) {
        dropped += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      Close(c);
      return false;
    }
    return true;  // level-triggered: the rest is read on the next events
  }
  if (c.phase == Connection::Phase::kStreaming) return OnStreamReadable(c);
  if (c.phase != Connection::Phase::kReading || c.peer_closed) return true;
  const ssize_t n = ::recv(c.fd, read_buffer.data(), read_buffer.size(), 0);
  if (n > 0 && buffered + static_cast<std::size_t>(n) > options.max_buffered_bytes) {
    // Refused rather than left unread: stalled senders holding the budget
    // would otherwise stop every other connection until their 408.
    return Refuse(c, kOverBudget, now);
  }
  if (n > 0) {
    // Not activity: an idle connection stays idle until a request is answered
    // (blank lines before a request do not keep it open).
    c.in.append(read_buffer.data(), static_cast<std::size_t>(n));
  } else if (n == 0) {
    c.peer_closed = true;
  } else if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
    return true;
  } else {
    Close(c);
    return false;
  }
  return Process(c, now);
}

bool ConnectionLoop::Impl::Process(Connection& c, LoopClock::time_point now) {
  while (c.phase == Connection::Phase::kReading) {
    const RequestParser::Step step = c.parser.Feed(c.in);
    ShrinkInput(c.in);
    Charge(c);
    if (c.parser.started() && c.deadline == LoopClock::time_point::max()) c.deadline = now + options.read_timeout;
    if (c.parser.head_done() && !c.body_deadline_set) {
      c.body_deadline_set = true;
      c.deadline = now + options.read_timeout;
    }
    if (step == RequestParser::Step::kRefused) return Refuse(c, c.parser.refusal(), now);
    if (step == RequestParser::Step::kNeedMore) {
      if (c.peer_closed) {  // the request can never be completed
        Close(c);
        return false;
      }
      if (c.parser.expects_continue() && !c.continue_sent) {
        c.continue_sent = true;
        c.out.append(kContinue);
        return Flush(c, now);
      }
      break;
    }
    httplib::Request request = c.parser.TakeRequest();
    Charge(c);  // the body goes to the worker
    request.remote_addr = c.remote_addr;
    request.remote_port = c.remote_port;
    const bool keep_alive = WantsKeepAlive(request) && !stopping;
    c.deadline = LoopClock::time_point::max();
    c.body_deadline_set = false;
    c.continue_sent = false;
    if (std::optional<std::string> answer = AnswerQuick(request, keep_alive)) {
      Stage(c, std::move(*answer), !keep_alive, now);
      const Wrote wrote = WriteOut(c, now);
      if (wrote == Wrote::kReading) continue;  // a loop, not Flush's recursion: pipelined requests are many
      return wrote == Wrote::kWaiting;
    }
    c.phase = Connection::Phase::kHandling;
    if (!Submit(c, std::move(request), keep_alive)) return false;
  }
  UpdateInterest(c);
  return true;
}

bool ConnectionLoop::Impl::Refuse(Connection& c, const WireRefusal& refusal, LoopClock::time_point now) {
  httplib::Request request = c.parser.partial();
  request.remote_addr = c.remote_addr;
  request.remote_port = c.remote_port;
  httplib::Response response;
  on_refusal(request, refusal, response);
  return Queue(c, SerializeResponse(request, response, false), true, now);
}

std::optional<std::string> ConnectionLoop::Impl::AnswerQuick(const httplib::Request& request, bool keep_alive) {
  if (!on_quick) return std::nullopt;
  httplib::Response response;
  try {
    if (!on_quick(request, response)) return std::nullopt;
  } catch (...) {
    return std::nullopt;  // a worker answers it, from the start
  }
  return SerializeResponse(request, response, keep_alive);
}

bool ConnectionLoop::Impl::Submit(Connection& c, httplib::Request request, bool keep_alive) {
  auto job = [this, id = c.id, request = std::move(request), keep_alive]() mutable {
    // On the heap before the handler runs: a deferred answer's closures refer to its request and response.
    auto answer = std::make_shared<DeferredAnswer>();
    answer->id = id;
    answer->keep_alive = keep_alive;
    answer->request = std::move(request);
    httplib::Response& response = answer->response;
    StreamSlot stream;
    try {
      on_request(answer->request, response, stream, answer->slot);
    } catch (...) {
      response = httplib::Response();
      response.status = 500;
      stream.start = nullptr;
      answer->slot = DeferredSlot();
    }
    if (answer->slot.finish) return Arm(std::move(answer));  // the worker is free; the answer comes back later
    if (answer->request.method == "HEAD") stream.start = nullptr;
    std::string bytes = stream.start ? SerializeStreamHead(response)
                                     : SerializeResponse(answer->request, response, keep_alive);
    PostCompletion({id, std::move(bytes), keep_alive && !stream.start, std::move(stream.start)});
  };
  if (pool->Submit(std::move(job))) return true;
  Close(c);  // the pool is shut down: nothing will answer
  return false;
}

void ConnectionLoop::Impl::PostCompletion(Completion completion) {
  bool first = false;
  {
    std::lock_guard<std::mutex> lock(done_mu);
    first = done.empty();
    done.push_back(std::move(completion));
  }
  // The event thread takes every completion at once: when others wait
  // untaken, the wake-up sent with the first of them brings this one too.
  if (first) Wake();
}

void ConnectionLoop::Impl::TakeCompletions(LoopClock::time_point now) {
  std::vector<Completion> batch;
  {
    std::lock_guard<std::mutex> lock(done_mu);
    batch.swap(done);
  }
  for (Completion& d : batch) {
    auto it = conns.find(d.id);
    if (it == conns.end() || it->second->phase != Connection::Phase::kHandling) continue;  // closed meanwhile
    if (d.start_stream) {
      (void)StartStream(*it->second, d, now);
      continue;
    }
    (void)Queue(*it->second, std::move(d.bytes), !d.keep_alive, now);
  }
}

bool ConnectionLoop::Impl::Queue(Connection& c, std::string bytes, bool close, LoopClock::time_point now) {
  Stage(c, std::move(bytes), close, now);
  return Flush(c, now);
}

void ConnectionLoop::Impl::Stage(Connection& c, std::string bytes, bool close, LoopClock::time_point now) {
  if (c.out_sent == c.out.size()) {
    c.out = std::move(bytes);  // the worker's string itself, not a copy
    c.out_sent = 0;
  } else {
    c.out.append(bytes);  // after the unsent rest of a 100 Continue
  }
  c.phase = Connection::Phase::kWriting;
  c.close_after_write = c.close_after_write || close;
  c.deadline = now + options.write_timeout;
}

ConnectionLoop::Impl::Sent ConnectionLoop::Impl::SendOut(Connection& c, std::size_t* written) {
  while (c.out_sent < c.out.size()) {
    const ssize_t n = ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_sent += static_cast<std::size_t>(n);
      *written += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return Sent::kBlocked;
    } else {
      return Sent::kFailed;
    }
  }
  return Sent::kAll;
}

bool ConnectionLoop::Impl::Flush(Connection& c, LoopClock::time_point now) {
  if (c.phase == Connection::Phase::kStreaming) return FlushStream(c, now);
  switch (WriteOut(c, now)) {
    case Wrote::kReading:
      return Process(c, now);  // a pipelined request may be waiting in `in`
    case Wrote::kWaiting:
      return true;
    case Wrote::kClosed:
      break;
  }
  return false;
}

ConnectionLoop::Impl::Wrote ConnectionLoop::Impl::WriteOut(Connection& c, LoopClock::time_point now) {
  std::size_t written = 0;
  const Sent sent = SendOut(c, &written);
  if (sent == Sent::kBlocked) {
    UpdateInterest(c);
    return Wrote::kWaiting;
  }
  if (sent == Sent::kFailed) {
    Close(c);
    return Wrote::kClosed;
  }
  Release(c.out);  // an idle connection keeps no answer's capacity
  c.out_sent = 0;
  if (c.phase != Connection::Phase::kWriting) {  // a 100 Continue went out; the body is still to come
    UpdateInterest(c);
    return Wrote::kWaiting;
  }
  if (c.close_after_write || stopping) return Linger(c, now) ? Wrote::kWaiting : Wrote::kClosed;
  c.phase = Connection::Phase::kReading;
  c.last_active = now;
  c.deadline = LoopClock::time_point::max();
  return Wrote::kReading;
}

bool ConnectionLoop::Impl::Linger(Connection& c, LoopClock::time_point now) {
  if (c.peer_closed || stopping) {
    Close(c);
    return false;
  }
  ::shutdown(c.fd, SHUT_WR);
  c.phase = Connection::Phase::kLingering;
  Release(c.in);
  (void)c.parser.TakeRequest();  // what was read of the refused request is dropped
  Charge(c);
  c.deadline = now + std::min<std::chrono::milliseconds>(kLinger, options.read_timeout);
  UpdateInterest(c);
  return true;
}

void ConnectionLoop::Impl::UpdateInterest(Connection& c) {
  std::uint32_t want = 0;
  switch (c.phase) {
    case Connection::Phase::kReading:
      if (!c.peer_closed) want |= EPOLLIN;
      if (c.out_sent < c.out.size()) want |= EPOLLOUT;
      break;
    case Connection::Phase::kHandling:
      break;
    case Connection::Phase::kWriting:
      want = EPOLLOUT;
      break;
    case Connection::Phase::kLingering:
      want = EPOLLIN;
      break;
    case Connection::Phase::kStreaming:
      want = EPOLLIN;
      if (c.out_sent < c.out.size()) want |= EPOLLOUT;
      break;
  }
  if (want == c.interest) return;
  epoll_event ev{};
  ev.events = want;
  ev.data.u64 = c.id;
  ::epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &ev);
  c.interest = want;
}

void ConnectionLoop::Impl::Charge(Connection& c) {
  const std::size_t now_held = c.in.size() + c.parser.body_bytes();
  buffered = buffered - c.charged + now_held;
  c.charged = now_held;
}

void ConnectionLoop::Impl::Close(Connection& c, StreamEnd why) {
  const std::uint64_t id = c.id;
  if (c.stream) c.stream->End(why);
  buffered -= c.charged;
  if (auto held = per_address.find(c.remote_addr); held != per_address.end() && --held->second == 0) {
    per_address.erase(held);
  }
  ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
  ::close(c.fd);
  conns.erase(id);
}

}  // namespace certreg::http
