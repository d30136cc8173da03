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

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

}  // namespace

bool ConnectionLoop::Impl::OnReadable(Connection& c, LoopClock::time_point now) {
  if (c.phase == Connection::Phase::kLingering) {
    for (;;) {
      const ssize_t n = ::recv(c.fd, read_buffer.data(), read_buffer.size(), 0);
      if (n > 0) continue;
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      Close(c);
      return false;
    }
  }
  if (c.phase != Connection::Phase::kReading || c.peer_closed) return true;
  const ssize_t n = ::recv(c.fd, read_buffer.data(), read_buffer.size(), 0);
  if (n > 0) {
    c.in.append(read_buffer.data(), static_cast<std::size_t>(n));
    c.last_active = now;
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
    request.remote_addr = c.remote_addr;
    request.remote_port = c.remote_port;
    const bool keep_alive = WantsKeepAlive(request) && !stopping;
    c.phase = Connection::Phase::kHandling;
    c.deadline = LoopClock::time_point::max();
    c.body_deadline_set = false;
    c.continue_sent = false;
    Submit(c, std::move(request), keep_alive);
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

void ConnectionLoop::Impl::Submit(Connection& c, httplib::Request request, bool keep_alive) {
  auto job = [this, id = c.id, request = std::move(request), keep_alive] {
    httplib::Response response;
    try {
      on_request(request, response);
    } catch (...) {
      response = httplib::Response();
      response.status = 500;
    }
    std::string bytes = SerializeResponse(request, response, keep_alive);
    {
      std::lock_guard<std::mutex> lock(done_mu);
      done.push_back({id, std::move(bytes), keep_alive});
    }
    Wake();
  };
  if (!pool->Submit(std::move(job))) Close(c);
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
    (void)Queue(*it->second, std::move(d.bytes), !d.keep_alive, now);
  }
}

bool ConnectionLoop::Impl::Queue(Connection& c, std::string bytes, bool close, LoopClock::time_point now) {
  c.out.append(bytes);
  c.phase = Connection::Phase::kWriting;
  c.close_after_write = c.close_after_write || close;
  c.deadline = now + options.write_timeout;
  return Flush(c, now);
}

bool ConnectionLoop::Impl::Flush(Connection& c, LoopClock::time_point now) {
  while (c.out_sent < c.out.size()) {
    const ssize_t n = ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      UpdateInterest(c);
      return true;
    } else {
      Close(c);
      return false;
    }
  }
  c.out.clear();
  c.out_sent = 0;
  if (c.phase != Connection::Phase::kWriting) {  // a 100 Continue went out; the body is still to come
    UpdateInterest(c);
    return true;
  }
  if (c.close_after_write || stopping) return Linger(c, now);
  c.phase = Connection::Phase::kReading;
  c.last_active = now;
  c.deadline = LoopClock::time_point::max();
  return Process(c, now);  // a pipelined request may be waiting in `in`
}

bool ConnectionLoop::Impl::Linger(Connection& c, LoopClock::time_point now) {
  if (c.peer_closed || stopping) {
    Close(c);
    return false;
  }
  ::shutdown(c.fd, SHUT_WR);
  c.phase = Connection::Phase::kLingering;
  c.in.clear();
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
  }
  if (want == c.interest) return;
  epoll_event ev{};
  ev.events = want;
  ev.data.u64 = c.id;
  ::epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &ev);
  c.interest = want;
}

void ConnectionLoop::Impl::Close(Connection& c) {
  const std::uint64_t id = c.id;
  ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
  ::close(c.fd);
  conns.erase(id);
}

}  // namespace certreg::http
