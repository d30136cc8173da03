// A raw-socket HTTP client for tests of the server's connection layer: it
// writes exactly the bytes given (any framing, any pace) and reads answers
// one at a time with a deadline, so limits are tested at the socket rather
// than through a client library that would refuse or fix hostile requests.
//
// Not thread-safe, except that one thread may Send while another reads.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace certreg::testing {

// One answer as read off the socket.
struct RawAnswer {
  int status = 0;                           // 0: no complete answer before the deadline or the close
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class RawSocket {
 public:
  explicit RawSocket(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~RawSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  bool connected() const { return fd_ >= 0; }

  // Writes all of `bytes`; false when the connection failed (e.g. the server closed it).
  bool Send(std::string_view bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // shutdown(SHUT_WR): the request is all there is.
  void ShutdownWrite() { ::shutdown(fd_, SHUT_WR); }

  // Reads one answer: status line, headers, and a body of its Content-Length
  // (none when `head` is true: the answer to a HEAD). Bytes after it stay
  // for the next call (pipelined answers).
  RawAnswer ReadAnswer(std::chrono::milliseconds timeout = std::chrono::seconds(10), bool head = false) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    RawAnswer answer;
    std::size_t end = std::string::npos;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill(deadline)) return answer;
    }
    const std::string head_text = buffer_.substr(0, end);
    std::size_t line_end = head_text.find("\r\n");
    const std::string status_line = head_text.substr(0, line_end);
    if (status_line.size() < 12 || status_line.compare(0, 5, "HTTP/") != 0) return answer;
    while (line_end != std::string::npos) {
      const std::size_t next = head_text.find("\r\n", line_end + 2);
      const std::string h = head_text.substr(line_end + 2, next == std::string::npos ? next : next - line_end - 2);
      const std::size_t colon = h.find(':');
      if (colon != std::string::npos) {
        std::string name = h.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::size_t v = colon + 1;
        while (v < h.size() && h[v] == ' ') ++v;
        answer.headers[name] = h.substr(v);
      }
      line_end = next;
    }
    const std::string length = answer.header("content-length");
    const std::size_t body_size = head || length.empty() ? 0 : std::stoul(length);
    while (buffer_.size() < end + 4 + body_size) {
      if (!Fill(deadline)) return answer;
    }
    answer.status = std::stoi(status_line.substr(9, 3));
    answer.body = buffer_.substr(end + 4, body_size);
    buffer_.erase(0, end + 4 + body_size);
    return answer;
  }

  // True when the server closes the connection (end of stream or reset)
  // within `timeout`; bytes it sends meanwhile are kept for ReadAnswer.
  bool ClosedWithin(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (Fill(deadline)) {
    }
    return closed_;
  }

  bool closed() const { return closed_; }

  // Reads until `marker` has arrived (after what earlier reads took) and
  // returns everything up to and including it; empty when it did not arrive
  // within `timeout` or the connection closed first (what came stays).
  // For answers without a length, such as a stream of Server-Sent Events.
  std::string ReadUntil(std::string_view marker, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t at = std::string::npos;
    while ((at = buffer_.find(marker)) == std::string::npos) {
      if (!Fill(deadline)) return {};
    }
    std::string out = buffer_.substr(0, at + marker.size());
    buffer_.erase(0, at + marker.size());
    return out;
  }

 private:
  // Reads what arrives before `deadline`; false at the deadline or the close.
  bool Fill(std::chrono::steady_clock::time_point deadline) {
    if (closed_ || fd_ < 0) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[65536];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      closed_ = true;
      return false;
    }
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
  bool closed_ = false;
};

// Raises the soft limit of open files to the hard limit (tests holding many connections).
inline void RaiseOpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace certreg::testing
