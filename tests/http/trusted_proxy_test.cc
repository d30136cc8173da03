// --trusted-proxy (operations.md §5): X-Forwarded-For and X-Forwarded-Proto
// are believed only from a peer inside a trusted range; the access log's
// remote and ClientAddress/ForwardedProto say who the client is. The access
// log is captured through the "access" logger the server writes to.
#include <catch2/catch.hpp>

#include <sstream>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "http/access_log.h"
#include "http/trusted_proxy.h"
#include "http/http_steps.h"
#include "support/raw_socket.h"

namespace certreg::testing {
namespace {

using http::TrustedProxies;

TrustedProxies Trust(const std::vector<std::string>& ranges) {
  auto parsed = TrustedProxies::Parse(ranges);
  REQUIRE(parsed.ok());
  return *parsed;
}

TEST_CASE("trusted ranges: IPv4 and IPv6 CIDRs and single addresses", "[http][proxy]") {
  struct Case {
    std::vector<std::string> ranges;
    const char* address;
    bool trusted;
  };
  const std::vector<std::string> mixed = {"10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1/128"};
  const Case cases[] = {
      {mixed, "10.200.3.4", true},      {mixed, "11.0.0.1", false},     {mixed, "192.168.1.7", true},
      {mixed, "192.168.1.8", false},    {mixed, "fd12:3456::1", true},  {mixed, "::1", true},
      {mixed, "[::1]", true},           {mixed, "fe80::1", false},      {mixed, "not-an-address", false},
      {mixed, "", false},               {{"0.0.0.0/0"}, "203.0.113.9", true},
      {{"0.0.0.0/0"}, "2001:db8::1", false},  // an IPv4 range holds IPv4 addresses only
      {{}, "127.0.0.1", false},               // none by default
      {{"::ffff:0:0/96"}, "127.0.0.1", true},  // IPv4 as mapped IPv6
  };
  for (const Case& c : cases) {
    INFO(c.address << " in " << c.ranges.size() << " ranges");
    CHECK(Trust(c.ranges).Contains(c.address) == c.trusted);
  }
}

TEST_CASE("a range that is none is refused, naming it", "[http][proxy]") {
  for (const char* bad : {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0/8", "example.org", "10.0.0.0/8x", ""}) {
    INFO(bad);
    auto parsed = TrustedProxies::Parse({bad});
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == Status::Code::kInvalidArgument);
    CHECK(parsed.status().message().find(std::string("--trusted-proxy ") + bad) != std::string::npos);
  }
}

httplib::Request From(const std::string& peer, const std::string& forwarded_for, const std::string& proto = "") {
  httplib::Request req;
  req.remote_addr = peer;
  if (!forwarded_for.empty()) req.headers.emplace("X-Forwarded-For", forwarded_for);
  if (!proto.empty()) req.headers.emplace("X-Forwarded-Proto", proto);
  return req;
}

TEST_CASE("the client is the right-most X-Forwarded-For entry that is not a trusted proxy", "[http][proxy]") {
  const TrustedProxies proxies = Trust({"127.0.0.1/32", "10.0.0.0/8"});
  CHECK(http::OriginOf(From("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.1.1.1"), proxies).client_address ==
        "203.0.113.7");
  CHECK(http::OriginOf(From("127.0.0.1", "203.0.113.7"), proxies).client_address == "203.0.113.7");
  CHECK(http::OriginOf(From("127.0.0.1", "2001:db8::5"), proxies).client_address == "2001:db8::5");
  // Every entry trusted: the left-most one.
  CHECK(http::OriginOf(From("127.0.0.1", "10.9.9.9, 10.1.1.1"), proxies).client_address == "10.9.9.9");
  // An entry that is no address ends the walk; the last address read stands.
  CHECK(http::OriginOf(From("127.0.0.1", "203.0.113.7, garbage, 10.1.1.1"), proxies).client_address == "10.1.1.1");
  CHECK(http::OriginOf(From("127.0.0.1", "garbage"), proxies).client_address == "127.0.0.1");
  // Two header fields read as one list.
  httplib::Request two = From("127.0.0.1", "198.51.100.1");
  two.headers.emplace("X-Forwarded-For", "203.0.113.8");
  CHECK(http::OriginOf(two, proxies).client_address == "203.0.113.8");
  // From an untrusted peer nothing is believed.
  const http::RequestOrigin direct = http::OriginOf(From("192.0.2.1", "203.0.113.7", "https"), proxies);
  CHECK(direct.client_address == "192.0.2.1");
  CHECK(direct.scheme == "http");
}

TEST_CASE("X-Forwarded-Proto is believed from a trusted proxy, and only http or https", "[http][proxy]") {
  const TrustedProxies proxies = Trust({"127.0.0.1"});
  CHECK(http::OriginOf(From("127.0.0.1", "", "https"), proxies).scheme == "https");
  CHECK(http::OriginOf(From("127.0.0.1", "", "http"), proxies).scheme == "http");
  CHECK(http::OriginOf(From("127.0.0.1", "", "gopher"), proxies).scheme == "http");
  CHECK(http::OriginOf(From("127.0.0.1", ""), proxies).scheme == "http");
}

// The access log of the servers made while it lives, one line a request.
class CapturedAccessLog {
 public:
  CapturedAccessLog() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_, /*force_flush=*/true);
    sink->set_pattern("%v");
    spdlog::drop(http::kAccessLogger);
    spdlog::register_logger(std::make_shared<spdlog::logger>(http::kAccessLogger, sink));
  }
  ~CapturedAccessLog() { spdlog::drop(http::kAccessLogger); }
  // The line of the request with this id; empty when none.
  std::string Line(const std::string& request_id) {
    std::istringstream in(out_.str());
    for (std::string line; std::getline(in, line);) {
      if (line.find(request_id) != std::string::npos) return line;
    }
    return "";
  }

 private:
  std::ostringstream out_;
};

// A request from 127.0.0.1 that says it was forwarded for 203.0.113.7 over https.
std::string ForwardedRequest(const std::string& request_id) {
  return "GET /healthz HTTP/1.1\r\nHost: registry.example.cn\r\nX-Request-Id: " + request_id +
         "\r\nX-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nConnection: close\r\n\r\n";
}

TEST_CASE("the access log's remote: the forwarded client from a trusted 127.0.0.1, the peer otherwise",
          "[http][proxy][log]") {
  CapturedAccessLog log;
  {
    HttpFixture plain;
    CHECK(plain.RawRequest(ForwardedRequest("direct-1")).status == 200);
    CHECK(log.Line("direct-1").find(" remote=127.0.0.1") != std::string::npos);
  }
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.trusted_proxies = {"127.0.0.1/32"}; };
  HttpFixture proxied(options);
  CHECK(proxied.RawRequest(ForwardedRequest("proxied-1")).status == 200);
  INFO(log.Line("proxied-1"));
  CHECK(log.Line("proxied-1").find(" remote=203.0.113.7") != std::string::npos);
}

TEST_CASE("the JSON access line holds every field, escaped whatever the client sent", "[http][proxy][log]") {
  CapturedAccessLog log;
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) {
    o.log_format = http::ServerOptions::LogFormat::kJson;
    o.trusted_proxies = {"127.0.0.0/8", "::1"};
  };
  HttpFixture fx(options);
  CHECK(fx.RawRequest("GET /public/v1/certificates/A%22%5C%FF%0A?q=%22x%FF HTTP/1.1\r\nHost: h\r\n"
                      "X-Request-Id: json-1\r\nUser-Agent: ua \"q\" \\ \xff\xfe\r\nX-Forwarded-For: 2001:db8::9\r\n"
                      "Connection: close\r\n\r\n")
            .status != 0);
  const std::string text = log.Line("json-1");
  INFO(text);
  const json line = json::parse(text, nullptr, false);
  REQUIRE(line.is_object());
  CHECK(line.size() == 10);  // ts and level come from the process's formatter
  CHECK(line["request_id"] == "json-1");
  CHECK(line["method"] == "GET");
  CHECK(line["path"] == "/public/v1/certificates/A\"\\\xEF\xBF\xBD\n");
  CHECK(line["query"] == "q=%22x%FF");
  CHECK(line["status"].is_number_integer());
  CHECK(line["bytes"].get<int>() > 0);
  CHECK(line["ms"].is_number());
  CHECK(line["actor"].is_null());
  CHECK(line["remote"] == "2001:db8::9");
  CHECK(line["user_agent"] == "ua \"q\" \\ \xEF\xBF\xBD\xEF\xBF\xBD");
  // A staff request names its actor.
  fx.Get("/api/v1/files", "clerk", {{"X-Request-Id", "json-2"}});
  CHECK(json::parse(log.Line("json-2"))["actor"] == "li.na");
}

// A lookup whose rendered answer is kept is answered on the connection
// layer's event thread (no worker): the same bytes, headers, 304 and HEAD as
// the rendered one, its own request id, CORS, its access-log line and its
// count in /metrics; pipelined ones in order on one connection.
TEST_CASE("a kept public lookup is answered as a rendered one is, logged and counted", "[http][log][lookup-cache]") {
  CapturedAccessLog log;
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.log_format = http::ServerOptions::LogFormat::kJson; };
  HttpFixture fx(options);
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string c = "/public/v1/certificates/" + file.certificate_no;
  const auto lookups_answered = [&fx] {  // GETs of the route answered 200, from /metrics
    const std::string series =
        "certreg_http_requests_total{route=\"/public/v1/certificates/{certificate_no}\",method=\"GET\",status=\"200\"} ";
    const std::string metrics = Ok(fx.Get("/metrics", "regulator")).body;
    const std::size_t at = metrics.find(series);
    return at == std::string::npos ? 0 : std::stoi(metrics.substr(at + series.size()));
  };
  const int answered_before = lookups_answered();
  const Reply rendered = Ok(fx.Get(c, "", {{"X-Request-Id", "rendered-1"}}));
  const Reply kept = Ok(fx.Get(c, "", {{"X-Request-Id", "kept-1"}, {"Origin", "https://platform.example"}}));
  CHECK(kept.body == rendered.body);
  for (const char* name : {"ETag", "Cache-Control", "Content-Type"}) CHECK(kept.header(name) == rendered.header(name));
  CHECK(kept.header("X-Request-Id") == "kept-1");
  CHECK(kept.header("Access-Control-Allow-Origin") == "*");
  const Reply not_modified = fx.Get(c, "", {{"X-Request-Id", "kept-2"}, {"If-None-Match", rendered.header("ETag")}});
  CHECK(not_modified.status == 304);
  CHECK(not_modified.body.empty());
  CHECK(not_modified.header("ETag") == rendered.header("ETag"));

  RawSocket socket(fx.port());
  const std::string request = "GET " + c + " HTTP/1.1\r\nHost: h\r\nX-Request-Id: kept-3\r\n\r\n" +
                              "HEAD " + c + " HTTP/1.1\r\nHost: h\r\nX-Request-Id: kept-4\r\n\r\n" +
                              "GET " + c + " HTTP/1.1\r\nHost: h\r\nX-Request-Id: kept-5\r\n\r\n";
  REQUIRE(socket.Send(request));
  const RawAnswer first = socket.ReadAnswer();
  const RawAnswer head = socket.ReadAnswer(std::chrono::seconds(10), /*head=*/true);
  const RawAnswer third = socket.ReadAnswer();
  CHECK(first.status == 200);
  CHECK(first.body == rendered.body);
  CHECK(first.header("x-request-id") == "kept-3");
  CHECK(head.status == 200);
  CHECK(head.header("content-length") == std::to_string(rendered.body.size()));
  CHECK(head.header("x-request-id") == "kept-4");
  CHECK(third.body == rendered.body);
  CHECK(third.header("x-request-id") == "kept-5");

  for (const char* id : {"rendered-1", "kept-1", "kept-2", "kept-3", "kept-4", "kept-5"}) {
    INFO(id);
    const json line = json::parse(log.Line(id), nullptr, false);
    REQUIRE(line.is_object());
    CHECK(line["path"] == c);
    CHECK(line["status"] == (std::string(id) == "kept-2" ? 304 : 200));
  }
  CHECK(lookups_answered() - answered_before == 4);  // rendered-1, kept-1, kept-3, kept-5
}

}  // namespace
}  // namespace certreg::testing
