// Internal to the HTTP room: reads HTTP/1.1 requests off one connection's
// bytes, one request at a time, holding every limit as the bytes arrive.
//
// The parser never holds more than one request's head (request line plus
// header block, both bounded) and decodes a chunked body as it arrives, so a
// client cannot make it buffer more than the limits whatever the framing:
//   request line over max_request_line       414
//   more than max_headers header fields,
//   or a header block over max_header_bytes  431 (trailers of a chunked body count too)
//   Content-Length over max_body_bytes       413 at once, before any body byte
//   a chunked body passing max_body_bytes    413 the moment it passes
//   malformed request line, header or chunk
//   framing; Content-Length with
//   Transfer-Encoding; two Content-Lengths   400
//   a Transfer-Encoding other than chunked   501
//   a method outside GET HEAD POST PUT
//   DELETE PATCH OPTIONS                     501
//   a version other than HTTP/1.0 or 1.1     505
//   a Content-Encoding other than identity   415 (bodies are never decompressed)
//   more than 4 blank lines before a request 400 (a few are skipped, RFC 9112 §2.2)
// A request with neither Content-Length nor Transfer-Encoding has no body.
// After a refusal the connection's framing can no longer be trusted: it is
// answered and closed. `Range` is not read (answers are never partial).
//
// The request handed out is an httplib::Request as cpp-httplib's server
// filled it: method, target, version, headers, body, path percent-decoded
// with the query split off, params the query (percent-decoded, '+' a space).
// Not thread-safe: one parser per connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <httplib.h>

namespace certreg::http {

struct WireLimits {
  std::size_t max_request_line = 8 << 10;   // bytes of "METHOD target HTTP/1.1"
  std::size_t max_headers = 100;            // header fields of one request
  std::size_t max_header_bytes = 32 << 10;  // bytes of the header block after the request line
  std::size_t max_body_bytes = 1 << 20;     // decoded body bytes
};

// Why a request was refused: its HTTP status and a sentence for the problem body.
struct WireRefusal {
  int status = 400;
  std::string detail;
};

class RequestParser {
 public:
  enum class Step { kNeedMore, kComplete, kRefused };

  explicit RequestParser(const WireLimits& limits) : limits_(limits) {}

  // Consumes from the front of `in` the bytes of the current request; what
  // follows it (a pipelined request) stays in `in`. kComplete: TakeRequest().
  // kRefused: refusal() says why, and the parser is spent.
  Step Feed(std::string& in);

  // True once a byte of the current request (past the blank lines before it) has been consumed.
  bool started() const { return started_; }
  // True once the current request's head has been read whole.
  bool head_done() const { return phase_ != Phase::kHead; }
  // The head asked for `100 Continue` and its body is acceptable so far.
  bool expects_continue() const { return expects_continue_; }

  // Bytes of the current request's body read so far.
  std::size_t body_bytes() const { return request_.body.size(); }

  // The complete request; the parser is then ready for the next one.
  httplib::Request TakeRequest();
  // What is known of the request being read (method and path once the
  // request line is read), e.g. for the access-log line of a refusal.
  const httplib::Request& partial() const { return request_; }
  const WireRefusal& refusal() const { return refusal_; }

 private:
  enum class Phase { kHead, kFixedBody, kChunkSize, kChunkData, kChunkEnd, kTrailers, kDone, kRefused };

  Step Refuse(int status, std::string detail);
  Step ReadHead(std::string& in, std::size_t* pos);
  Step ParseHead(const std::string& head);
  Step ParseRequestLine(const std::string& line);
  Step ChooseFraming();
  Step ReadChunked(std::string& in, std::size_t* pos);

  const WireLimits& limits_;
  Phase phase_ = Phase::kHead;
  bool started_ = false;
  bool expects_continue_ = false;
  std::size_t scanned_ = 0;          // head bytes already searched for the blank line
  std::uint64_t body_left_ = 0;      // of a Content-Length body or the current chunk
  std::size_t field_count_ = 0;     // header fields (then trailer fields) of this request
  std::size_t trailer_bytes_ = 0;
  std::size_t blank_lines_ = 0;     // skipped before this request
  httplib::Request request_;
  WireRefusal refusal_;
};

// Whether the connection stays open after answering `request`: HTTP/1.1
// unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
bool WantsKeepAlive(const httplib::Request& request);

}  // namespace certreg::http
