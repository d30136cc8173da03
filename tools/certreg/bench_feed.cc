// `certreg bench feed`: the change feed's stream under many clients
// (platforms.md §3; README, "The change feed"). An in-process server; first
// `writers` clients make `writes` certificate changes over HTTP with no
// stream client connected; then `clients` stream clients connect (raw
// non-blocking sockets, one epoll thread of this process reading them all)
// and the same writes are made again. Prints the delivery latency from each
// write's acknowledgement to its item's receipt (at each client, and at the
// last of them), and the write throughput with the clients connected divided
// by the throughput without them. Exit 0 when every client received every
// item, 1 when one did not (or a write failed), 2 when it cannot run.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nlohmann/json.hpp>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "certreg/bench_common.h"
#include "certreg/bench_server.h"
#include "certreg/commands.h"

namespace certreg::tool {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
constexpr char kCommand[] = "bench feed";

// The writes of one phase: each writer changes its own certificate `each` times, one after another.
struct Writes {
  std::vector<std::vector<Clock::time_point>> acknowledged;  // [writer][j]: when its j-th write was answered
  double seconds = 0;
  std::uint64_t failures = 0;
  std::string first_failure;
  double rate() const {
    std::size_t n = 0;
    for (const auto& w : acknowledged) n += w.size();
    return seconds > 0 ? static_cast<double>(n) / seconds : 0;
  }
};

Writes MakeWrites(BenchServer& bench, int writers, int each, int round) {
  Writes out;
  out.acknowledged.resize(static_cast<std::size_t>(writers));
  std::atomic<std::uint64_t> failed{0};
  std::mutex failure_mu;
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      httplib::Client client("127.0.0.1", bench.port());
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      const httplib::Headers headers = {{"Authorization", "Bearer " + bench.token()}};
      const std::string path =
          "/api/v1/certificates/" + bench.certificates()[static_cast<std::size_t>(w)] + "/changes";
      for (int j = 0; j < each; ++j) {
        const nlohmann::json body = {{"address", fmt::format("浙江省杭州市余杭区文一西路{}号{}-{}室", w, round, j)},
                                     {"reason", "经营地址变更"},
                                     {"approver", "chen.jie"}};
        auto res = client.Post(path.c_str(), headers, body.dump(), "application/json");
        if (res && res->status == 200) {
          out.acknowledged[static_cast<std::size_t>(w)].push_back(Clock::now());
        } else {
          failed.fetch_add(1);
          std::lock_guard<std::mutex> lock(failure_mu);
          if (out.first_failure.empty()) {
            out.first_failure = res ? fmt::format("{} {}", res->status, res->body) : httplib::to_string(res.error());
          }
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  out.failures = failed.load();
  return out;
}

// One stream client as the epoll thread sees it.
struct StreamClient {
  int fd = -1;
  std::string in;     // received, not yet parsed
  bool head = false;  // the answer's head was read
  bool closed = false;
  std::vector<std::vector<Clock::time_point>> received;  // [writer][j]: when its j-th item arrived
  std::size_t count = 0;                                 // items in `received`
};

int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Takes the complete events out of `c.in`, noting when each writer's items arrived.
void Parse(StreamClient& c, const std::map<std::string, std::size_t>& writer_of, Clock::time_point now) {
  std::size_t at = 0;
  if (!c.head) {
    const std::size_t end = c.in.find("\r\n\r\n");
    if (end == std::string::npos) return;
    c.head = true;
    at = end + 4;
  }
  for (;;) {
    const std::size_t end = c.in.find("\n\n", at);
    if (end == std::string::npos) break;
    const std::string_view frame(c.in.data() + at, end - at);
    at = end + 2;
    constexpr std::string_view kKey = "\"certificate_no\":\"";
    const std::size_t key = frame.find(kKey);
    if (frame.find("event: CertificateChanged") == std::string_view::npos || key == std::string_view::npos) continue;
    const std::size_t from = key + kKey.size();
    const std::string number(frame.substr(from, frame.find('"', from) - from));
    auto w = writer_of.find(number);
    if (w == writer_of.end()) continue;
    c.received[w->second].push_back(now);
    ++c.count;
  }
  c.in.erase(0, at);
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int RunBenchFeed(const BenchFeedArgs& args) {
  // Two descriptors a client (ours and the server's), and the store's.
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  const rlim_t want = static_cast<rlim_t>(args.clients) * 2 + 1024;
  if (limit.rlim_cur < want) {
    limit.rlim_cur = std::min(want, limit.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur < want) {
    fmt::print(stderr, "certreg {}: {} clients need {} open files; the limit is {}\n", kCommand, args.clients, want,
               limit.rlim_cur);
    return 2;
  }
  const std::optional<fs::path> dir = FreshBenchDir(args.data, "bench-feed", kCommand);
  if (!dir) return 2;
  std::unique_ptr<BenchServer> bench = BenchServer::Start(*dir, args.writers, args.writers + 16, kCommand);
  if (!bench) return 2;
  std::map<std::string, std::size_t> writer_of;
  for (std::size_t w = 0; w < bench->certificates().size(); ++w) writer_of[bench->certificates()[w]] = w;
  const int each = std::max(1, args.writes / args.writers);

  // Without stream clients.
  const Writes alone = MakeWrites(*bench, args.writers, each, 0);

  // The clients resume after the log's last event, so that none misses an item, however late it attaches.
  const std::uint64_t after = bench->service().Head().size - 1;
  const std::string request =
      fmt::format("GET /public/v1/feed/stream?after={} HTTP/1.1\r\nHost: bench.invalid\r\n\r\n", after);
  const int epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
  std::vector<StreamClient> clients(static_cast<std::size_t>(args.clients));
  for (std::size_t i = 0; i < clients.size(); ++i) {
    StreamClient& c = clients[i];
    c.received.resize(static_cast<std::size_t>(args.writers));
    c.fd = Connect(bench->port());
    if (c.fd < 0) {
      fmt::print(stderr, "certreg {}: client {} could not connect\n", kCommand, i);
      return 2;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = i;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c.fd, &ev);
  }
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> heads{0}, items{0};  // heads read, items received over all clients
  std::vector<bool> asked(clients.size(), false);
  std::thread reading([&] {
    std::vector<epoll_event> events(256);
    char buffer[64 << 10];
    while (!stop.load()) {
      const int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), 50);
      const auto now = Clock::now();
      for (int e = 0; e < n; ++e) {
        const std::size_t i = events[static_cast<std::size_t>(e)].data.u64;
        StreamClient& c = clients[i];
        if ((events[static_cast<std::size_t>(e)].events & EPOLLOUT) != 0 && !asked[i]) {
          asked[i] = true;  // connected: the request fits a fresh socket's buffer
          (void)::send(c.fd, request.data(), request.size(), MSG_NOSIGNAL);
          epoll_event ev{};
          ev.events = EPOLLIN;
          ev.data.u64 = i;
          ::epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &ev);
        }
        for (;;) {
          const ssize_t got = ::recv(c.fd, buffer, sizeof buffer, 0);
          if (got > 0) {
            c.in.append(buffer, static_cast<std::size_t>(got));
            continue;
          }
          if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
            c.closed = true;
            ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
          }
          break;
        }
        const bool had_head = c.head;
        const std::size_t before = c.count;
        Parse(c, writer_of, now);
        if (!had_head && c.head) heads.fetch_add(1);
        items.fetch_add(c.count - before);
      }
    }
  });
  const auto connect_deadline = Clock::now() + std::chrono::seconds(30);
  while (heads.load() < clients.size() && Clock::now() < connect_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  fmt::print("{} of {} stream clients connected\n", heads.load(), clients.size());

  // With them: the same writes; then until every client has every item (at most 30 s).
  const Writes with = MakeWrites(*bench, args.writers, each, 1);
  const std::size_t expected = static_cast<std::size_t>(args.writers) * static_cast<std::size_t>(each);
  const auto delivery_deadline = Clock::now() + std::chrono::seconds(30);
  while (items.load() < expected * clients.size() && Clock::now() < delivery_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop.store(true);
  reading.join();
  bench->Stop();

  // Latencies: acknowledgement -> receipt at each client, and at the last client.
  std::vector<double> each_client, last_client;
  std::size_t complete = 0, closed = 0;
  for (const StreamClient& c : clients) {
    complete += c.count >= expected ? 1 : 0;
    closed += c.closed ? 1 : 0;
  }
  for (std::size_t w = 0; w < with.acknowledged.size(); ++w) {
    for (std::size_t j = 0; j < with.acknowledged[w].size(); ++j) {
      double latest = 0;
      bool everyone = true;
      for (const StreamClient& c : clients) {
        if (j >= c.received[w].size()) {
          everyone = false;
          continue;
        }
        const double ms =
            std::max(0.0, std::chrono::duration<double, std::milli>(c.received[w][j] - with.acknowledged[w][j]).count());
        each_client.push_back(ms);
        latest = std::max(latest, ms);
      }
      if (everyone) last_client.push_back(latest);
    }
  }
  for (StreamClient& c : clients) ::close(c.fd);
  ::close(epoll_fd);
  std::error_code ec;
  fs::remove_all(*dir, ec);

  const std::uint64_t failures = alone.failures + with.failures;
  const std::string first_failure = alone.first_failure.empty() ? with.first_failure : alone.first_failure;
  fmt::print("stream clients: {} connected, {} received all {} items, {} closed by the server\n", heads.load(),
             complete, expected, closed);
  fmt::print("writes: {} each phase from {} writers, {} failed{}\n", expected, args.writers, failures,
             first_failure.empty() ? "" : " (first: " + first_failure + ")");
  fmt::print("delivery, acknowledgement to receipt at each client: p50 {:.1f} ms, p99 {:.1f} ms, max {:.1f} ms\n",
             Percentile(each_client, 0.5), Percentile(each_client, 0.99), Percentile(each_client, 1.0));
  fmt::print("delivery, acknowledgement to receipt at all {} clients: p50 {:.1f} ms, p99 {:.1f} ms, max {:.1f} ms\n",
             args.clients, Percentile(last_client, 0.5), Percentile(last_client, 0.99), Percentile(last_client, 1.0));
  fmt::print("write throughput: {:.0f}/s with {} stream clients, {:.0f}/s without; ratio {:.2f}\n", with.rate(),
             args.clients, alone.rate(), alone.rate() > 0 ? with.rate() / alone.rate() : 0.0);
  return failures == 0 && complete == clients.size() ? 0 : 1;
}

}  // namespace certreg::tool
