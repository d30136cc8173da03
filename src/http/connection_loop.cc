// The connection layer's event loop: the listening socket, epoll, accepting,
// the connection cap, time limits and stopping (http/connection_loop.h). What
// happens on one connection is connection_io.cc.
#include "http/connection_loop.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "http/connection_state.h"

namespace certreg::http {
namespace {

constexpr std::size_t kReadChunk = 64 << 10;
constexpr int kMaxEvents = 256;
// How often deadlines are checked: the granularity of every time limit.
constexpr std::chrono::milliseconds kTick{100};
// After accept() ran out of descriptors: they are left to the store.
constexpr std::chrono::milliseconds kAcceptPause{100};

std::string AddressText(const sockaddr_storage& ss, int* port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    *port = ntohs(a->sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
    ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    *port = ntohs(a->sin6_port);
  }
  return text;
}

void SetListenInterest(int epoll_fd, int listen_fd, std::uint32_t events) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = kListenTag;
  ::epoll_ctl(epoll_fd, EPOLL_CTL_MOD, listen_fd, &ev);
}

}  // namespace

ConnectionLoop::ConnectionLoop(LoopOptions options, RequestHandler on_request, RefusalHandler on_refusal,
                               QuickRequestHandler on_quick)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(on_request), std::move(on_refusal),
                                   std::move(on_quick))) {
  Impl& s = *impl_;
  s.read_buffer.resize(kReadChunk);
  s.epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  s.wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeTag;
  ::epoll_ctl(s.epoll_fd, EPOLL_CTL_ADD, s.wake_fd, &ev);
}

ConnectionLoop::~ConnectionLoop() {
  Impl& s = *impl_;
  if (s.pool) s.pool->Shutdown();
  for (auto& [id, c] : s.conns) {
    if (c->stream) c->stream->End(StreamEnd::kStopped);
    ::close(c->fd);
  }
  if (s.listen_fd >= 0) ::close(s.listen_fd);
  if (s.wake_fd >= 0) ::close(s.wake_fd);
  if (s.epoll_fd >= 0) ::close(s.epoll_fd);
}

Result<int> ConnectionLoop::Listen(const std::string& host, int port) {
  Impl& s = *impl_;
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || found == nullptr) {
    return Status::IOError("cannot bind " + where + " (not an address of this machine)");
  }
  int fd = -1;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, s.options.listen_backlog) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) return Status::IOError("cannot bind " + where + " (in use, or not an address of this machine)");
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  (void)AddressText(bound, &s.port);
  s.listen_fd = fd;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenTag;
  ::epoll_ctl(s.epoll_fd, EPOLL_CTL_ADD, fd, &ev);
  return s.port;
}

void ConnectionLoop::Stop() {
  impl_->stop_requested = true;
  impl_->Wake();
}

void ConnectionLoop::Impl::Wake() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd, &one, sizeof one);
}

Status ConnectionLoop::Run() {
  Impl& s = *impl_;
  if (s.listen_fd < 0 || s.epoll_fd < 0 || s.wake_fd < 0) return Status::IOError("the server is not listening");
  s.pool = std::make_unique<WorkerPool>(s.options.workers);
  epoll_event events[kMaxEvents];
  LoopClock::time_point next_sweep = LoopClock::now() + kTick;
  Status result = Status::Ok();
  std::chrono::milliseconds timeout = kTick;
  for (;;) {
    const int n = ::epoll_wait(s.epoll_fd, events, kMaxEvents, static_cast<int>(timeout.count()));
    if (n < 0 && errno != EINTR) {
      result = Status::IOError(std::string("epoll_wait: ") + std::strerror(errno));
      break;
    }
    const LoopClock::time_point now = LoopClock::now();
    for (int i = 0; i < n; ++i) {
      const std::uint64_t tag = events[i].data.u64;
      if (tag == kListenTag) {
        if (!s.stopping) s.AcceptAll(now);
        continue;
      }
      if (tag == kWakeTag) {
        std::uint64_t count = 0;
        [[maybe_unused]] const ssize_t r = ::read(s.wake_fd, &count, sizeof count);
        continue;
      }
      auto it = s.conns.find(tag);
      if (it == s.conns.end()) continue;
      Connection& c = *it->second;
      const std::uint32_t ev = events[i].events;
      if ((ev & EPOLLERR) != 0 || ((ev & EPOLLHUP) != 0 && c.phase != Connection::Phase::kLingering)) {
        s.Close(c);  // reset, or both directions shut: nothing can be answered
        continue;
      }
      if ((ev & (EPOLLIN | EPOLLHUP)) != 0 && !s.OnReadable(c, now)) continue;
      if ((ev & EPOLLOUT) != 0) (void)s.Flush(c, now);
    }
    s.TakeCompletions(now);
    s.TakeDeferred(now);
    s.TakeStreamBytes(now);
    if (s.stop_requested && !s.stopping) s.BeginStop(now);
    if (now >= next_sweep) {
      s.Sweep(now);
      next_sweep = now + kTick;
    }
    if (s.stopping && (s.conns.empty() || now >= s.stop_deadline)) break;
    // While requests wait for a worker, the loop comes back soon to wake one more if they wait too long.
    const std::optional<std::chrono::microseconds> nudge = s.pool->Nudge();
    timeout = nudge ? std::max(std::chrono::milliseconds(1), std::chrono::ceil<std::chrono::milliseconds>(*nudge))
                    : kTick;
  }
  for (auto& [id, c] : s.conns) {
    if (c->stream) c->stream->End(StreamEnd::kStopped);
    ::close(c->fd);
  }
  s.conns.clear();
  s.pool->Shutdown();  // handlers in flight finish; their answers have nowhere to go
  s.FinishArmedAtStop();  // nor have the deferred ones: what their commands leave to do is done
  return result;
}

void ConnectionLoop::Impl::AcceptAll(LoopClock::time_point now) {
  for (;;) {
    sockaddr_storage peer{};
    socklen_t len = sizeof peer;
    const int fd = ::accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // No idle connection is closed to take its descriptor: the store may need it.
        accept_paused = true;
        accept_resume = now + kAcceptPause;
        SetListenInterest(epoll_fd, listen_fd, 0);
      }
      return;
    }
    int remote_port = -1;
    std::string remote = AddressText(peer, &remote_port);
    if (options.max_connections_per_address > 0) {
      auto held = per_address.find(remote);
      if (held != per_address.end() && held->second >= options.max_connections_per_address) {
        ::close(fd);  // this address holds its share already
        continue;
      }
    }
    if (conns.size() >= options.max_connections && !CloseOldestIdle()) {
      ::close(fd);  // every connection is busy: the newcomer is refused
      continue;
    }
    const int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    const std::uint64_t id = next_id++;
    ++per_address[remote];
    auto c = std::make_unique<Connection>(id, fd, std::move(remote), remote_port, options.limits);
    c->last_active = now;
    c->interest = EPOLLIN;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = id;
    Connection& added = *conns.emplace(id, std::move(c)).first->second;
    if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) Close(added);
  }
}

bool ConnectionLoop::Impl::CloseOldestIdle() {
  Connection* oldest = nullptr;
  for (auto& [id, c] : conns) {
    const bool idle = c->phase == Connection::Phase::kReading && !c->parser.started() && c->in.empty() &&
                      c->out.empty();
    // Ties (connections accepted in one pass) go to the one accepted first.
    const bool older = oldest == nullptr || c->last_active < oldest->last_active ||
                       (c->last_active == oldest->last_active && c->id < oldest->id);
    if (idle && older) oldest = c.get();
  }
  if (oldest == nullptr) return false;
  Close(*oldest);
  return true;
}

void ConnectionLoop::Impl::Sweep(LoopClock::time_point now) {
  if (accept_paused && now >= accept_resume && listen_fd >= 0) {
    accept_paused = false;
    SetListenInterest(epoll_fd, listen_fd, EPOLLIN);
  }
  std::vector<std::uint64_t> late;     // a request not read in time: 408
  std::vector<std::uint64_t> expired;  // idle too long, an answer not drained, lingering over
  std::vector<std::uint64_t> stuck;    // a stream whose bytes the socket has not taken within write_timeout
  for (auto& [id, c] : conns) {
    switch (c->phase) {
      case Connection::Phase::kReading:
        if (c->parser.started() || !c->out.empty()) {
          if (now >= c->deadline) late.push_back(id);
        } else if (now - c->last_active >= options.keep_alive_timeout) {
          expired.push_back(id);
        }
        break;
      case Connection::Phase::kWriting:
      case Connection::Phase::kLingering:
        if (now >= c->deadline) expired.push_back(id);
        break;
      case Connection::Phase::kHandling:
        break;
      case Connection::Phase::kStreaming:  // no idle or read limit; a write the socket does not take
        if (now >= c->deadline) stuck.push_back(id);
        break;
    }
  }
  for (std::uint64_t id : stuck) Close(*conns.at(id), StreamEnd::kStuck);
  for (std::uint64_t id : expired) Close(*conns.at(id));
  const WireRefusal timeout{408, "the request did not arrive within " +
                                     std::to_string(options.read_timeout.count()) + " ms"};
  for (std::uint64_t id : late) {
    // The unsent rest of a 100 Continue goes out first (Queue appends after it).
    (void)Refuse(*conns.at(id), timeout, now);
  }
}

void ConnectionLoop::Impl::BeginStop(LoopClock::time_point now) {
  stopping = true;
  stop_deadline = now + options.stop_grace;
  if (listen_fd >= 0) {
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
    ::close(listen_fd);
    listen_fd = -1;
  }
  std::vector<std::uint64_t> idle, streams;
  for (auto& [id, c] : conns) {
    if (c->phase == Connection::Phase::kHandling || c->phase == Connection::Phase::kWriting) {
      c->close_after_write = true;
    } else {
      (c->phase == Connection::Phase::kStreaming ? streams : idle).push_back(id);
    }
  }
  for (std::uint64_t id : idle) Close(*conns.at(id));
  for (std::uint64_t id : streams) Close(*conns.at(id), StreamEnd::kStopped);
}

}  // namespace certreg::http
