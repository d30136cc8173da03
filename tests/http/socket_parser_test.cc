// The request parser alone (http/request_parser.h): what a handler sees is
// what cpp-httplib's server gave it, however the bytes are split across reads,
// and the limits hold as the bytes arrive.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "http/request_parser.h"

namespace certreg::http {
namespace {

// Feeds `bytes` `step` bytes at a time until the parser stops asking for
// more; `fed`: how many bytes it was given by then.
RequestParser::Step FeedInSteps(RequestParser& parser, const std::string& bytes, std::size_t step, std::string& in,
                                std::size_t* fed) {
  RequestParser::Step result = RequestParser::Step::kNeedMore;
  for (*fed = 0; *fed < bytes.size() && result == RequestParser::Step::kNeedMore; *fed += step) {
    in.append(bytes, *fed, step);
    result = parser.Feed(in);
  }
  *fed = std::min(*fed, bytes.size());
  return result;
}

TEST_CASE("a request split anywhere across reads is parsed as when it arrives whole", "[http][socket][parser]") {
  const std::string request =
      "POST /public/v1/caf%C3%A9%20x?q=a+b%26c&empty=&flag&q=2 HTTP/1.1\r\nHost: x\r\nX-Two:  spaced \r\n"
      "Transfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: t\r\n\r\nGET /next HTTP/1.1\r\n\r\n";
  for (std::size_t step : {std::size_t{1}, std::size_t{2}, std::size_t{7}, request.size()}) {
    INFO("step " << step);
    WireLimits limits;
    RequestParser parser(limits);
    std::string in;
    std::size_t fed = 0;
    REQUIRE(FeedInSteps(parser, request, step, in, &fed) == RequestParser::Step::kComplete);
    const httplib::Request r = parser.TakeRequest();
    CHECK(r.method == "POST");
    CHECK(r.version == "HTTP/1.1");
    CHECK(r.path == "/public/v1/café x");
    CHECK(r.target == "/public/v1/caf%C3%A9%20x?q=a+b%26c&empty=&flag&q=2");
    CHECK(r.get_param_value("q", 0) == "a b&c");
    CHECK(r.get_param_value("q", 1) == "2");
    CHECK(r.has_param("empty"));
    CHECK(r.has_param("flag"));
    CHECK(r.get_header_value("x-two") == "spaced");
    CHECK(r.body == "abcde");
    CHECK_FALSE(r.has_header("Trailer"));
    // What followed stays for the next request (pipelining).
    in.append(request, fed);
    CHECK(in == "GET /next HTTP/1.1\r\n\r\n");
    CHECK(parser.Feed(in) == RequestParser::Step::kComplete);
    CHECK(parser.TakeRequest().path == "/next");
    CHECK(in.empty());
  }
}

TEST_CASE("the limits refuse as the bytes arrive, before the rest is sent", "[http][socket][parser]") {
  WireLimits limits;
  limits.max_body_bytes = 10;
  limits.max_headers = 3;
  limits.max_request_line = 64;
  limits.max_header_bytes = 256;
  auto refusal = [&](const std::string& bytes) {
    RequestParser parser(limits);
    std::string in = bytes;
    const RequestParser::Step step = parser.Feed(in);
    return step == RequestParser::Step::kRefused ? parser.refusal().status : 0;
  };
  CHECK(refusal("GET /" + std::string(100, 'a')) == 414);  // no end of line yet
  CHECK(refusal("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n") == 431);  // no blank line yet
  CHECK(refusal("GET / HTTP/1.1\r\nA: " + std::string(300, 'a')) == 431);
  CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n") == 413);
  CHECK(refusal("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\nb\r\n") == 413);
  CHECK(refusal("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx") == 0);  // the same twice: one length
  CHECK(refusal("PRI * HTTP/2.0\r\n\r\n") == 505);
  CHECK(refusal("TRACE / HTTP/1.1\r\n\r\n") == 501);
  CHECK(refusal("GET / HTTP/1.1\r\n folded\r\n\r\n") == 400);
  CHECK(refusal("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n") == 400);
}

TEST_CASE("a few blank lines before a request are skipped and a fifth is refused with 400", "[http][socket][parser]") {
  WireLimits limits;
  RequestParser parser(limits);
  std::string in = "\r\n\n\r\n\r\nGET /after HTTP/1.1\r\n\r\n";
  REQUIRE(parser.Feed(in) == RequestParser::Step::kComplete);
  CHECK(parser.TakeRequest().path == "/after");
  for (int i = 0; i < 4; ++i) {  // one at a time, as a client keeping the connection open would
    in = "\r\n";
    CHECK(parser.Feed(in) == RequestParser::Step::kNeedMore);
    CHECK_FALSE(parser.started());
  }
  in = "\r\n";
  CHECK(parser.Feed(in) == RequestParser::Step::kRefused);
  CHECK(parser.refusal().status == 400);
}

}  // namespace
}  // namespace certreg::http
