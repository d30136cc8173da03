#include "certreg/bench_load.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

namespace certreg::tool {
namespace {

using Clock = std::chrono::steady_clock;

struct Connection {
  int fd = -1;
  std::uint64_t sent = 0;  // requests made
  std::string out;         // the request being sent
  std::size_t written = 0;
  std::string in;          // bytes of the answer being read
  std::uint32_t interest = EPOLLIN;  // the epoll events asked for
};

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
  return fd;
}

// The length of the complete answer at the start of `in` and its status; 0
// while incomplete. Only the status line and Content-Length are read.
std::size_t AnswerLength(const std::string& in, int* status) {
  const std::size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) return 0;
  *status = in.size() > 12 ? std::atoi(in.c_str() + 9) : 0;
  std::size_t length = 0;
  for (std::size_t line = in.find("\r\n"); line < head_end; line = in.find("\r\n", line + 2)) {
    constexpr std::string_view kName = "content-length:";
    if (in.size() > line + 2 + kName.size() &&
        ::strncasecmp(in.c_str() + line + 2, kName.data(), kName.size()) == 0) {
      length = std::strtoull(in.c_str() + line + 2 + kName.size(), nullptr, 10);
      break;
    }
  }
  const std::size_t total = head_end + 4 + length;
  return in.size() >= total ? total : 0;
}

}  // namespace

std::string JsonPost(std::string_view path, std::string_view token, std::string_view body) {
  std::string request;
  request.reserve(body.size() + path.size() + token.size() + 160);
  request.append("POST ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ");
  request.append(token).append("\r\nContent-Type: application/json\r\nContent-Length: ");
  request.append(std::to_string(body.size())).append("\r\n\r\n").append(body);
  return request;
}

LoadReport DriveLoad(int port, int connections, double seconds, const RequestMaker& make) {
  LoadReport report;
  const int epoll = ::epoll_create1(0);
  std::vector<Connection> conns(static_cast<std::size_t>(connections));
  auto refuse = [&](const std::string& what, std::string_view detail) {
    ++report.refusals[what];
    if (report.first_refusal.empty()) report.first_refusal = what + " " + std::string(detail.substr(0, 300));
  };
  // Writes what is left of the connection's request; false when the connection is lost.
  auto flush = [&](Connection& c) {
    while (c.written < c.out.size()) {
      const ssize_t n = ::send(c.fd, c.out.data() + c.written, c.out.size() - c.written, MSG_NOSIGNAL);
      if (n > 0) {
        c.written += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      return false;
    }
    const std::uint32_t interest = EPOLLIN | (c.written < c.out.size() ? EPOLLOUT : 0u);
    if (interest == c.interest) return true;  // no system call when nothing changes (nearly always)
    c.interest = interest;
    epoll_event ev{};
    ev.events = interest;
    ev.data.u32 = static_cast<std::uint32_t>(&c - conns.data());
    ::epoll_ctl(epoll, EPOLL_CTL_MOD, c.fd, &ev);
    return true;
  };
  auto send_next = [&](Connection& c, int index) {
    c.out = make(index, c.sent++);
    c.written = 0;
    return flush(c);
  };
  auto drop = [&](Connection& c) {
    if (c.fd < 0) return;
    ::epoll_ctl(epoll, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    c.fd = -1;
  };
  const auto start = Clock::now();
  const auto until = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  for (int i = 0; i < connections; ++i) {
    Connection& c = conns[static_cast<std::size_t>(i)];
    c.fd = Connect(port);
    if (c.fd < 0) {
      refuse("no answer", std::strerror(errno));
      continue;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<std::uint32_t>(i);
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, c.fd, &ev);
    if (!send_next(c, i)) {
      refuse("no answer", "the connection was lost while sending");
      drop(c);
    }
  }
  std::vector<epoll_event> events(static_cast<std::size_t>(connections));
  char buffer[16384];
  while (Clock::now() < until) {
    const int n = ::epoll_wait(epoll, events.data(), connections, 20);
    for (int e = 0; e < n; ++e) {
      const int index = static_cast<int>(events[static_cast<std::size_t>(e)].data.u32);
      Connection& c = conns[static_cast<std::size_t>(index)];
      if (c.fd < 0) continue;
      if ((events[static_cast<std::size_t>(e)].events & EPOLLOUT) != 0 && !flush(c)) {
        refuse("no answer", "the connection was lost while sending");
        drop(c);
        continue;
      }
      if ((events[static_cast<std::size_t>(e)].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) == 0) continue;
      bool lost = false;
      for (;;) {
        const ssize_t got = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (got > 0) {
          c.in.append(buffer, static_cast<std::size_t>(got));
          // Short of the buffer: all there was (epoll, level-triggered, reports what comes later).
          if (static_cast<std::size_t>(got) < sizeof buffer) break;
          continue;
        }
        lost = got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
        break;
      }
      int status = 0;
      for (std::size_t length; (length = AnswerLength(c.in, &status)) > 0;) {
        if (status >= 200 && status < 300) {
          ++report.acknowledged;
        } else {
          refuse(std::to_string(status), std::string_view(c.in).substr(c.in.find("\r\n\r\n") + 4));
        }
        c.in.erase(0, length);
        if (!lost && !send_next(c, index)) lost = true;
      }
      if (lost) {
        refuse("no answer", "the server closed the connection");
        drop(c);
      }
    }
  }
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (Connection& c : conns) drop(c);
  ::close(epoll);
  return report;
}

}  // namespace certreg::tool
