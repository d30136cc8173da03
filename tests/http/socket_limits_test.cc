// Every limit of the connection layer held at the socket, whatever the
// framing (http/request_parser.h): each refusal is a problem body, writes
// nothing (the log head stays where it was), and the server answers the next
// client as usual. Requests are written byte for byte with a raw socket.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "support/http_fixture.h"
#include "support/raw_socket.h"

namespace certreg::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

std::string Head(const std::string& request_line, const std::string& headers = "") {
  return request_line + "\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
}

std::string ClerkPost(HttpFixture& fx, const std::string& framing) {
  return Head("POST /api/v1/applications HTTP/1.1",
              "Authorization: Bearer " + fx.token("clerk") + "\r\nContent-Type: application/json\r\n" + framing);
}

// Sends `request` on a new connection and reads one answer.
RawAnswer Exchange(HttpFixture& fx, const std::string& request, milliseconds timeout = seconds(10)) {
  RawSocket s(fx.port());
  REQUIRE(s.connected());
  s.Send(request);
  return s.ReadAnswer(timeout);
}

// The answer is the problem `status`, nothing was written, and the server still answers.
void RefusedCleanly(HttpFixture& fx, const RawAnswer& answer, int status,
                    const std::pair<std::uint64_t, std::string>& head_before) {
  INFO(answer.status << " " << answer.body);
  CHECK(answer.status == status);
  CHECK(answer.header("content-type").rfind("application/problem+json", 0) == 0);
  CHECK(json::parse(answer.body, nullptr, false).value("status", 0) == status);
  CHECK_FALSE(answer.header("x-request-id").empty());
  CHECK(fx.Head() == head_before);
  CHECK(fx.Get("/healthz").status == 200);
}

TEST_CASE("a chunked body is refused with 413 the moment it passes the limit, not after 64 MB", "[http][socket][limits]") {
  HttpFixture fx;
  const auto head = fx.Head();
  RawSocket s(fx.port());
  REQUIRE(s.Send(ClerkPost(fx, "Transfer-Encoding: chunked\r\n")));
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'x') + "\r\n";
  std::atomic<std::size_t> sent{0};
  std::atomic<bool> answered{false};
  std::thread sender([&] {
    while (!answered && sent < (64u << 20) && s.Send(chunk)) sent += 0x10000;
  });
  const RawAnswer answer = s.ReadAnswer(seconds(20));
  answered = true;
  sender.join();
  INFO("body bytes sent before the refusal: " << sent);
  CHECK(sent < (64u << 20));
  CHECK(json::parse(answer.body, nullptr, false).value("detail", "").find("1048576") != std::string::npos);
  RefusedCleanly(fx, answer, 413, head);
}

TEST_CASE("a Content-Length over the limit is refused with 413 before any body byte", "[http][socket][limits]") {
  HttpFixture fx;
  const auto head = fx.Head();
  RawSocket s(fx.port());
  REQUIRE(s.Send(ClerkPost(fx, "Content-Length: 100000000\r\n")));
  const RawAnswer answer = s.ReadAnswer(seconds(3));
  CHECK(s.ClosedWithin(seconds(5)));
  RefusedCleanly(fx, answer, 413, head);
}

TEST_CASE("a POST with neither Content-Length nor Transfer-Encoding has no body and is answered at once", "[http][socket][limits]") {
  HttpFixture fx;
  const auto head = fx.Head();
  const auto start = steady_clock::now();
  const RawAnswer answer = Exchange(fx, ClerkPost(fx, ""), seconds(3));
  CHECK(steady_clock::now() - start < seconds(3));
  RefusedCleanly(fx, answer, 422, head);  // an empty body: every required field missing
}

TEST_CASE("a compressed request body is refused with 415, never inflated", "[http][socket][limits]") {
  HttpFixture fx;
  const auto head = fx.Head();
  const std::string gzip_bytes("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\x4c\x04\x00", 14);
  const RawAnswer answer = Exchange(fx, ClerkPost(fx, "Content-Encoding: gzip\r\nContent-Length: 14\r\n") + gzip_bytes);
  CHECK(json::parse(answer.body, nullptr, false).value("detail", "").find("Content-Encoding") != std::string::npos);
  RefusedCleanly(fx, answer, 415, head);
}

TEST_CASE("too many header fields, a huge header and a long request line are refused with 431 and 414", "[http][socket][limits]") {
  HttpFixture fx;
  const auto head = fx.Head();
  std::string many;
  for (int i = 0; i < 101; ++i) many += "X-Field-" + std::to_string(i) + ": v\r\n";
  RefusedCleanly(fx, Exchange(fx, Head("GET /healthz HTTP/1.1", many)), 431, head);
  // Far more than the limit: refused once the limit passes, while the client still sends.
  std::string flood;
  for (int i = 0; i < 200'000; ++i) flood += "X: v\r\n";
  RefusedCleanly(fx, Exchange(fx, Head("GET /healthz HTTP/1.1", flood)), 431, head);
  RefusedCleanly(fx, Exchange(fx, Head("GET /healthz HTTP/1.1", "X-Big: " + std::string(40 << 10, 'a') + "\r\n")), 431,
                 head);
  RefusedCleanly(fx, Exchange(fx, Head("GET /" + std::string(10 << 10, 'a') + " HTTP/1.1")), 414, head);
  // Just under the limits the request is read and routed as usual.
  std::string hundred;
  for (int i = 0; i < 99; ++i) hundred += "X-Field-" + std::to_string(i) + ": v\r\n";
  CHECK(Exchange(fx, Head("GET /healthz HTTP/1.1", hundred)).status == 200);
  CHECK(Exchange(fx, Head("GET /" + std::string(8000, 'a') + " HTTP/1.1")).status == 404);
}

TEST_CASE("a 2,700-part Range gets the whole answer, 200 and of the normal size", "[http][socket][limits]") {
  HttpFixture fx;
  const RawAnswer plain = Exchange(fx, Head("GET /openapi.json HTTP/1.1"));
  REQUIRE(plain.status == 200);
  std::string ranges = "bytes=0-0";
  for (int i = 1; i < 2700; ++i) ranges += "," + std::to_string(i) + "-" + std::to_string(i);
  const RawAnswer ranged = Exchange(fx, Head("GET /openapi.json HTTP/1.1", "Range: " + ranges + "\r\n"));
  CHECK(ranged.status == 200);
  CHECK(ranged.body.size() == plain.body.size());
  CHECK(ranged.header("content-range").empty());
}

TEST_CASE("unknown methods get 501 and add no metrics series", "[http][socket][limits]") {
  HttpFixture fx;
  const auto head = fx.Head();
  RefusedCleanly(fx, Exchange(fx, Head("BREW /healthz HTTP/1.1")), 501, head);
  const std::string before = fx.Get("/metrics", "regulator").body;
  for (int i = 0; i < 50; ++i) {
    CHECK(Exchange(fx, Head("M" + std::to_string(i) + " /api/v1/applications HTTP/1.1")).status == 501);
  }
  const std::string after = fx.Get("/metrics", "regulator").body;
  CHECK(after.find("M17") == std::string::npos);
  CHECK(after.find("method=\"other\",status=\"501\"") != std::string::npos);
  // Only the /metrics requests themselves were added (one series, one histogram).
  CHECK(after.size() < before.size() + 4096);
}

TEST_CASE("broken framing is refused: TE with CL, two lengths, unknown codings, bad chunks, bad versions", "[http][socket][limits]") {
  HttpFixture fx;
  const auto head = fx.Head();
  RefusedCleanly(fx, Exchange(fx, ClerkPost(fx, "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n") + "{}"), 400, head);
  RefusedCleanly(fx, Exchange(fx, ClerkPost(fx, "Content-Length: 2\r\nContent-Length: 3\r\n") + "{}"), 400, head);
  RefusedCleanly(fx, Exchange(fx, ClerkPost(fx, "Content-Length: -2\r\n") + "{}"), 400, head);
  RefusedCleanly(fx, Exchange(fx, ClerkPost(fx, "Transfer-Encoding: gzip, chunked\r\n") + "2\r\n{}\r\n0\r\n\r\n"), 501, head);
  RefusedCleanly(fx, Exchange(fx, ClerkPost(fx, "Transfer-Encoding: chunked\r\n") + "zz\r\n{}\r\n0\r\n\r\n"), 400, head);
  RefusedCleanly(fx, Exchange(fx, ClerkPost(fx, "Transfer-Encoding: chunked\r\n") + "2\r\n{}XX0\r\n\r\n"), 400, head);
  RefusedCleanly(fx, Exchange(fx, Head("GET /healthz HTTP/2.0")), 505, head);
  RefusedCleanly(fx, Exchange(fx, Head("GET /healthz")), 400, head);
  // Well-formed chunks are read as the body (here an object with an unknown field: 422).
  const RawAnswer chunked = Exchange(fx, ClerkPost(fx, "Transfer-Encoding: chunked\r\n") + "5\r\n{\"x\":\r\n2\r\n1}\r\n0\r\n\r\n");
  CHECK(chunked.status == 422);
}

TEST_CASE("pipelined requests are answered in order on one connection", "[http][socket][pipelining]") {
  HttpFixture fx;
  RawSocket s(fx.port());
  REQUIRE(s.Send(Head("GET /healthz HTTP/1.1", "X-Request-Id: p1\r\n") +
                 Head("GET /nowhere HTTP/1.1", "X-Request-Id: p2\r\n") +
                 Head("HEAD /openapi.json HTTP/1.1", "X-Request-Id: p3\r\n") +
                 Head("GET /openapi.json HTTP/1.1", "X-Request-Id: p4\r\n")));
  const RawAnswer a1 = s.ReadAnswer();
  const RawAnswer a2 = s.ReadAnswer();
  const RawAnswer a3 = s.ReadAnswer(seconds(10), /*head=*/true);
  const RawAnswer a4 = s.ReadAnswer();
  CHECK(a1.status == 200);
  CHECK(a1.header("x-request-id") == "p1");
  CHECK(a2.status == 404);
  CHECK(a2.header("x-request-id") == "p2");
  CHECK(a3.status == 200);
  CHECK(a3.header("x-request-id") == "p3");
  CHECK(a4.status == 200);
  CHECK(a4.header("x-request-id") == "p4");
  // HEAD: the GET's headers, its length, no body.
  CHECK(a3.header("content-length") == std::to_string(a4.body.size()));
  CHECK(a3.header("content-type") == a4.header("content-type"));
  CHECK(a3.body.empty());
}

TEST_CASE("a client that half-closes after its request still gets the answer", "[http][socket][pipelining]") {
  HttpFixture fx;
  RawSocket s(fx.port());
  REQUIRE(s.Send(Head("GET /healthz HTTP/1.1")));
  s.ShutdownWrite();
  CHECK(s.ReadAnswer(seconds(3)).status == 200);
  CHECK(s.ClosedWithin(seconds(3)));
}

TEST_CASE("HTTP/1.0 closes after the answer unless keep-alive, Connection: close is honoured", "[http][socket]") {
  HttpFixture fx;
  RawSocket old(fx.port());
  REQUIRE(old.Send("GET /healthz HTTP/1.0\r\n\r\n"));
  CHECK(old.ReadAnswer().status == 200);
  CHECK(old.ClosedWithin(seconds(3)));
  RawSocket kept(fx.port());
  REQUIRE(kept.Send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  const RawAnswer first = kept.ReadAnswer();
  CHECK(first.header("connection") == "keep-alive");
  REQUIRE(kept.Send("GET /healthz HTTP/1.0\r\n\r\n"));
  CHECK(kept.ReadAnswer().status == 200);
  RawSocket closing(fx.port());
  REQUIRE(closing.Send(Head("GET /healthz HTTP/1.1", "Connection: close\r\n")));
  CHECK(closing.ReadAnswer().header("connection") == "close");
  CHECK(closing.ClosedWithin(seconds(3)));
}

TEST_CASE("Expect: 100-continue gets 100 Continue only when the declared length is acceptable", "[http][socket][limits]") {
  HttpFixture fx;
  const auto head = fx.Head();
  RawSocket s(fx.port());
  const std::string body = R"({"unknown":true})";
  REQUIRE(s.Send(ClerkPost(fx, "Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n")));
  CHECK(s.ReadAnswer(seconds(3)).status == 100);
  REQUIRE(s.Send(body));
  CHECK(s.ReadAnswer().status == 422);
  RawSocket large(fx.port());
  REQUIRE(large.Send(ClerkPost(fx, "Expect: 100-continue\r\nContent-Length: 2000000\r\n")));
  RefusedCleanly(fx, large.ReadAnswer(seconds(3)), 413, head);
}

TEST_CASE("an HTTP/1.0 Expect: 100-continue is ignored: the answer comes after the body, no 100", "[http][socket][limits]") {
  HttpFixture fx;
  RawSocket s(fx.port());
  const std::string body = R"({"unknown":true})";
  REQUIRE(s.Send("POST /api/v1/applications HTTP/1.0\r\nAuthorization: Bearer " + fx.token("clerk") +
                 "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n"));
  std::this_thread::sleep_for(milliseconds(300));  // the head is read alone
  REQUIRE(s.Send(body));
  CHECK(s.ReadAnswer().status == 422);
}

TEST_CASE("a body left unsent after 100 Continue gets a whole 408 after it", "[http][socket][limits][slow]") {
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.read_timeout = seconds(1); };
  HttpFixture fx(options);
  RawSocket s(fx.port());
  REQUIRE(s.Send(ClerkPost(fx, "Expect: 100-continue\r\nContent-Length: 10\r\n")));
  CHECK(s.ReadAnswer(seconds(3)).status == 100);
  const RawAnswer late = s.ReadAnswer(seconds(10));
  CHECK(late.status == 408);
  CHECK(json::parse(late.body, nullptr, false).value("status", 0) == 408);
}

TEST_CASE("a refused client sending as fast as it can does not hold the server: others are answered, it is closed", "[http][socket][limits][slow]") {
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.read_timeout = seconds(1); };  // linger: 1 s
  HttpFixture fx(options);
  RawSocket s(fx.port());
  REQUIRE(s.Send(ClerkPost(fx, "Content-Length: 100000000\r\n")));
  const auto start = steady_clock::now();
  std::atomic<bool> stop{false};
  std::atomic<double> cut_off{-1};
  std::thread flood([&] {
    const std::string block(1 << 20, 'x');
    while (!stop && s.Send(block)) {
    }
    cut_off = std::chrono::duration<double>(steady_clock::now() - start).count();
  });
  std::this_thread::sleep_for(milliseconds(200));
  const auto asked = steady_clock::now();
  const RawAnswer other = Exchange(fx, Head("GET /healthz HTTP/1.1"), seconds(10));
  const double answered_in = std::chrono::duration<double>(steady_clock::now() - asked).count();
  for (int i = 0; i < 100 && cut_off < 0; ++i) std::this_thread::sleep_for(milliseconds(100));
  stop = true;
  s.ShutdownWrite();  // a send still blocked returns
  flood.join();
  INFO("another client answered in " << answered_in << " s; the flood cut off after " << cut_off << " s");
  CHECK(other.status == 200);
  CHECK(answered_in < 3);
  CHECK(cut_off > 0);
  CHECK(cut_off < 6);
}

TEST_CASE("request bytes held across connections stay within the budget: the read that would pass it gets 503", "[http][socket][limits]") {
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.max_buffered_request_bytes = 1'000'000; };
  HttpFixture fx(options);
  const auto head = fx.Head();
  // Four bodies of 300,001 bytes, all but the last byte sent: three fit in the budget, the fourth does not.
  const std::string post = Head("POST /api/v1/applications HTTP/1.1", "Content-Length: 300001\r\n");
  std::vector<std::unique_ptr<RawSocket>> senders;
  for (int i = 0; i < 4; ++i) {
    senders.push_back(std::make_unique<RawSocket>(fx.port()));
    REQUIRE(senders.back()->Send(post + std::string(300'000, 'x')));
  }
  int refused = 0;
  RawSocket* held = nullptr;
  for (auto& s : senders) {
    const RawAnswer answer = s->ReadAnswer(seconds(2));
    if (answer.status == 503) {
      ++refused;
      CHECK(answer.header("retry-after") == "1");
      CHECK(answer.header("connection") == "close");
    } else {
      CHECK(answer.status == 0);  // still being read: no answer yet
      held = s.get();
    }
  }
  CHECK(refused == 1);
  // A new client is answered, and a held request completes as usual.
  CHECK(Exchange(fx, Head("GET /healthz HTTP/1.1")).status == 200);
  REQUIRE(held != nullptr);
  REQUIRE(held->Send("x"));
  CHECK(held->ReadAnswer().status == 401);
  CHECK(fx.Head() == head);
}

TEST_CASE("connections from one address beyond max_connections_per_address are closed at once", "[http][socket][limits]") {
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.max_connections_per_address = 5; };
  HttpFixture fx(options);
  std::vector<std::unique_ptr<RawSocket>> held;
  for (int i = 0; i < 5; ++i) {
    held.push_back(std::make_unique<RawSocket>(fx.port()));
    REQUIRE(held.back()->Send(Head("GET /healthz HTTP/1.1")));
    CHECK(held.back()->ReadAnswer().status == 200);
  }
  for (int i = 0; i < 3; ++i) {
    RawSocket extra(fx.port());
    CHECK(extra.ClosedWithin(seconds(3)));
  }
  held.pop_back();  // one closes: a new one is admitted
  std::this_thread::sleep_for(milliseconds(300));
  CHECK(Exchange(fx, Head("GET /healthz HTTP/1.1")).status == 200);
  for (auto& s : held) {  // the first five were never disturbed
    REQUIRE(s->Send(Head("GET /healthz HTTP/1.1")));
    CHECK(s->ReadAnswer().status == 200);
  }
}

}  // namespace
}  // namespace certreg::testing
