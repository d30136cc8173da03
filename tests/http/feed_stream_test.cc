// The change feed as Server-Sent Events (platforms.md §3; README, "The change
// feed"), at the wire: GET /public/v1/feed/stream answers a head without a
// length, then each public event as `id:`/`event:`/`data:` lines; it resumes
// after Last-Event-ID (or ?after=) by replaying what the client missed; a
// comment heartbeat keeps it alive past the idle timeouts; a client that
// never reads is disconnected without holding up writes; an item reaches a
// client within 1 s of its write's acknowledgement; streams are capped, and
// closed when the server stops.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>

#include "http/http_steps.h"
#include "support/raw_socket.h"

namespace certreg::testing {
namespace {

using Clock = std::chrono::steady_clock;

struct Frame {
  std::string id, event;
  json data;
};

// Opens a stream: the request (with `headers`, e.g. "Last-Event-ID: 7\r\n") and its head.
RawAnswer OpenStream(RawSocket& socket, const std::string& query = "", const std::string& headers = "") {
  REQUIRE(socket.connected());
  REQUIRE(socket.Send("GET /public/v1/feed/stream" + query + " HTTP/1.1\r\nHost: feed.example\r\n" + headers +
                      "\r\n"));
  return socket.ReadAnswer();
}

// The next event (heartbeats skipped); a frame with an empty id when none came within `timeout`.
Frame NextFrame(RawSocket& socket, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return {};
    const std::string text = socket.ReadUntil("\n\n", left);
    if (text.empty()) return {};
    if (text.rfind(":", 0) == 0) continue;  // a comment: the heartbeat
    Frame frame;
    std::size_t at = 0;
    while (at < text.size()) {
      const std::size_t end = text.find('\n', at);
      const std::string line = text.substr(at, end - at);
      at = end + 1;
      if (line.rfind("id: ", 0) == 0) frame.id = line.substr(4);
      if (line.rfind("event: ", 0) == 0) frame.event = line.substr(7);
      if (line.rfind("data: ", 0) == 0) frame.data = json::parse(line.substr(6));
    }
    return frame;
  }
}

std::string Suspend(HttpFixture& fx, const std::string& number, const char* date) {
  Ok(fx.Post("/api/v1/certificates/" + number + "/suspension", "committee",
             SuspensionBody("8.2.1-1", "2026-09-30", date)));
  return number;
}

// A metric's value in /metrics; -1 when absent.
double Metric(HttpFixture& fx, const std::string& series) {
  const Reply metrics = Ok(fx.Get("/metrics", "admin"));
  const std::size_t at = metrics.body.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(metrics.body.substr(at + series.size() + 2));
}

// Fixture options whose server `tune` adjusts.
HttpFixture::Options Tuned(std::function<void(http::ServerOptions&)> tune) {
  HttpFixture::Options options;
  options.tune_server = std::move(tune);
  return options;
}

// Waits (at most 10 s) until `series` has `value`.
bool MetricBecomes(HttpFixture& fx, const std::string& series, double value) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < deadline) {
    if (Metric(fx, series) == value) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

TEST_CASE("the stream answers Server-Sent Events: a head without a length, then id, event and data per item",
          "[http][feed][stream]") {
  HttpFixture fx;
  const CertifiedFile a = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  RawSocket socket(fx.port());
  // If-None-Match: * would turn any tagged answer into a 304: a stream is never tagged.
  const RawAnswer head =
      OpenStream(socket, "", "Origin: https://platform.example\r\nIf-None-Match: *\r\n");
  REQUIRE(head.status == 200);
  CHECK(head.header("content-type") == "text/event-stream");
  CHECK(head.header("cache-control") == "no-cache");
  CHECK(head.header("x-accel-buffering") == "no");
  CHECK(head.header("access-control-allow-origin") == "*");
  CHECK(head.header("content-length").empty());
  CHECK(head.header("etag").empty());
  CHECK(MetricBecomes(fx, "certreg_feed_stream_clients", 1));

  Suspend(fx, a.certificate_no, "2026-06-01");
  const Frame frame = NextFrame(socket);
  REQUIRE_FALSE(frame.id.empty());
  CHECK(frame.event == "CertificateSuspended");
  // `data` is the feed's item, `id` its cursor.
  const Reply page = Ok(fx.Get("/public/v1/feed"));
  REQUIRE(page["items"].size() == 2);
  CHECK(frame.data == page["items"][1]);
  CHECK(frame.id == page["items"][1]["cursor"]);
  // The issue before the client connected is not sent without a cursor.
  CHECK(page["items"][0]["type"] == "CertificateIssued");
}

TEST_CASE("the stream resumes after Last-Event-ID or ?after=: it replays what the client missed, then goes live",
          "[http][feed][stream]") {
  HttpFixture fx;
  const CertifiedFile a = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const CertifiedFile b = Certify(fx, "宁波云帆直播科技有限公司", UsccFrom("91330201MA2J8K9L0"), 1);
  Suspend(fx, a.certificate_no, "2026-06-01");
  const json items = Ok(fx.Get("/public/v1/feed"))["items"];
  REQUIRE(items.size() == 3);
  const std::string first = items[0]["cursor"];

  // The header wins over the URL's cursor (an EventSource reconnects to the URL it was given).
  RawSocket resumed(fx.port());
  REQUIRE(OpenStream(resumed, "?after=0", "Last-Event-ID: " + first + "\r\n").status == 200);
  for (std::size_t i = 1; i < items.size(); ++i) {
    const Frame frame = NextFrame(resumed);
    CHECK(frame.id == items[i]["cursor"]);
    CHECK(frame.data == items[i]);
  }
  RawSocket by_query(fx.port());
  REQUIRE(OpenStream(by_query, "?after=" + items[1]["cursor"].get<std::string>()).status == 200);
  CHECK(NextFrame(by_query).id == items[2]["cursor"]);

  // Then live: a new event reaches both, after what they were replayed.
  Suspend(fx, b.certificate_no, "2026-07-01");
  for (RawSocket* socket : {&resumed, &by_query}) {
    const Frame live = NextFrame(*socket);
    CHECK(live.event == "CertificateSuspended");
    CHECK(live.data["certificate_no"] == b.certificate_no);
    CHECK(std::stoull(live.id) > std::stoull(items[2]["cursor"].get<std::string>()));
  }
}

TEST_CASE("the stream sends a comment heartbeat and stays open past the idle and read timeouts",
          "[http][feed][stream]") {
  HttpFixture fx(Tuned([](http::ServerOptions& o) {
    o.feed_heartbeat = std::chrono::milliseconds(200);
    o.keep_alive_timeout = std::chrono::seconds(1);
    o.read_timeout = std::chrono::seconds(1);
  }));
  const CertifiedFile a = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  RawSocket socket(fx.port());
  REQUIRE(OpenStream(socket).status == 200);
  // Heartbeats for longer than both timeouts: at least eight of them (about every 200 ms).
  int pings = 0;
  while (pings < 8) {
    const std::string text = socket.ReadUntil("\n\n", std::chrono::seconds(5));
    REQUIRE(text == ": ping\n\n");
    ++pings;
  }
  CHECK_FALSE(socket.closed());
  Suspend(fx, a.certificate_no, "2026-06-01");
  CHECK(NextFrame(socket).event == "CertificateSuspended");
}

TEST_CASE("an item reaches a connected client within 1 s of its write's acknowledgement",
          "[http][feed][stream][latency]") {
  HttpFixture fx;
  const CertifiedFile a = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  RawSocket socket(fx.port());
  REQUIRE(OpenStream(socket).status == 200);
  REQUIRE(MetricBecomes(fx, "certreg_feed_stream_clients", 1));
  Suspend(fx, a.certificate_no, "2026-06-01");
  const auto acknowledged = Clock::now();
  const Frame frame = NextFrame(socket, std::chrono::seconds(5));
  const auto received = Clock::now();
  REQUIRE(frame.event == "CertificateSuspended");
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(received - acknowledged).count();
  INFO("the item arrived " << ms << " ms after the write's acknowledgement (at most 1000 ms)");
  CHECK(ms <= 1000);
}

// A socket that connects with a small receive buffer and never reads.
class SilentClient {
 public:
  explicit SilentClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int small = 4096;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    const std::string request = "GET /public/v1/feed/stream HTTP/1.1\r\nHost: feed.example\r\n\r\n";
    REQUIRE(::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
  }
  ~SilentClient() { ::close(fd_); }
  // Whether the server closed the connection: reads (at last) until the end,
  // which comes after the bytes the server still had queued for it, as fast as
  // the small receive window lets them through; false when it has not come
  // within 10 s.
  bool Closed() {
    char buf[65536];
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    for (;;) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
      if (n > 0) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return false;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return false;
      pollfd waiting{fd_, POLLIN, 0};
      ::poll(&waiting, 1, static_cast<int>(left));
    }
  }

 private:
  int fd_ = -1;
};

TEST_CASE("a stream client that never reads is disconnected while writes go on being acknowledged",
          "[http][feed][stream][slow]") {
  // A live client that never reads is cut off as "slow" once its unsent bytes
  // pass the cap (after the kernel's buffers fill: about 200 items here). A
  // client that attached while the hub delivered a burst starts by catching
  // up, a page at a time, each once the last is mostly taken: a silent one is
  // then cut off by the write timeout ("write_timeout"), shortened here.
  HttpFixture fx(Tuned([](http::ServerOptions& o) {
    o.feed_stream_buffer_bytes = 16 << 10;
    o.write_timeout = std::chrono::seconds(2);
  }));
  const CertifiedFile a = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  SilentClient silent(fx.port());
  RawSocket reader(fx.port());
  REQUIRE(OpenStream(reader).status == 200);
  REQUIRE(MetricBecomes(fx, "certreg_feed_stream_clients", 2));
  // A client that reads, meanwhile: it gets every item.
  std::atomic<int> received{0};
  std::atomic<bool> done{false};
  std::thread reading([&] {
    while (!done) {
      const Frame frame = NextFrame(reader, std::chrono::milliseconds(200));
      if (frame.event == "CertificateChanged") ++received;
      if (reader.closed()) return;
    }
  });
  // Address changes: one public event each. Every write is acknowledged; the
  // silent client's unsent bytes pass the cap at some point and it is cut off.
  const std::string c = "/api/v1/certificates/" + a.certificate_no + "/changes";
  int writes = 0;
  auto cut_off = [&] {
    return Metric(fx, "certreg_feed_stream_disconnects_total{reason=\"slow\"}") +
           Metric(fx, "certreg_feed_stream_disconnects_total{reason=\"write_timeout\"}");
  };
  const auto give_up = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < give_up && cut_off() < 1) {
    for (int i = 0; i < 20; ++i, ++writes) {
      Ok(fx.Post(c, "clerk",
                 {{"address", "浙江省杭州市余杭区文一西路" + std::to_string(writes) + "号"},
                  {"reason", "迁址"}, {"approver", "陈杰"}, {"effective_date", "2026-05-01"}}));
    }
  }
  INFO(writes << " writes");
  CHECK(cut_off() == 1);
  CHECK(Metric(fx, "certreg_feed_stream_disconnects_total{reason=\"client\"}") == 0);
  CHECK(MetricBecomes(fx, "certreg_feed_stream_clients", 1));
  CHECK(silent.Closed());
  // The reading client was not held up: every item reaches it.
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  while (received < writes && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  done = true;
  reading.join();
  CHECK(received == writes);
  CHECK_FALSE(reader.closed());
}

TEST_CASE("stream clients are capped: beyond the cap a 503 with Retry-After, a place again once one leaves",
          "[http][feed][stream][cap]") {
  HttpFixture fx(Tuned([](http::ServerOptions& o) { o.max_feed_streams = 2; }));
  auto one = std::make_unique<RawSocket>(fx.port());
  RawSocket two(fx.port());
  REQUIRE(OpenStream(*one).status == 200);
  REQUIRE(OpenStream(two).status == 200);
  const Reply refused = fx.Get("/public/v1/feed/stream", "", {{"Origin", "https://platform.example"}});
  RequireProblem(refused, 503, "service-unavailable");
  CHECK_FALSE(refused.header("Retry-After").empty());
  CHECK(refused.header("Access-Control-Allow-Origin") == "*");
  CHECK(refused["detail"].get<std::string>().find("2") != std::string::npos);
  one.reset();  // the client leaves
  REQUIRE(MetricBecomes(fx, "certreg_feed_stream_clients", 1));
  CHECK(Metric(fx, "certreg_feed_stream_disconnects_total{reason=\"client\"}") == 1);
  RawSocket three(fx.port());
  CHECK(OpenStream(three).status == 200);
}

TEST_CASE("the server closes every stream when it stops", "[http][feed][stream][stop]") {
  HttpFixture fx;
  RawSocket socket(fx.port());
  REQUIRE(OpenStream(socket).status == 200);
  REQUIRE(MetricBecomes(fx, "certreg_feed_stream_clients", 1));
  fx.Restart();
  CHECK(socket.ClosedWithin(std::chrono::seconds(5)));
}

}  // namespace
}  // namespace certreg::testing
