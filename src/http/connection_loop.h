// Internal to the HTTP room: the server's HTTP/1.1 connection layer.
//
// One event thread (epoll, non-blocking sockets) accepts connections, reads
// and parses requests (http/request_parser.h holds the limits) and writes
// answers; a fixed pool of workers (http/worker_pool.h) runs the handler on
// complete requests only. An idle or half-sent connection holds no worker,
// only its buffers, which the limits bound.
//
// Per connection, requests are answered in order and one at a time: the next
// pipelined request is parsed once the previous answer is written. A client
// that half-closes (shutdown(SHUT_WR)) after its request still gets the
// answer. HTTP/1.0 closes after the answer unless keep-alive was asked for;
// `Connection: close` is honoured. After a refusal the answer says
// `Connection: close`, the write side is shut and what the client still sends
// is read and dropped for a short while (so it sees the answer rather than a
// reset), then the connection is closed.
//
// Time:
//   keep_alive_timeout  a connection with no request begun is closed after it
//   read_timeout        a request's head must arrive whole within it of its
//                       first byte, and its body within it of the head's end
//                       (deadlines per request, not per read): else 408, closed
//   write_timeout       an answer not drained within it: the connection is closed
//   max_connections     at the cap, the oldest idle connection is closed to
//                       admit a new one; with none idle, the new one is closed
// Memory:
//   max_buffered_bytes  request bytes held across all connections (heads and
//                       bodies read, not yet handed to a worker): a read that
//                       would pass it is refused, 503 with Retry-After, closed
//   max_connections_per_address  more from one client address are closed at once
// A connection whose request is with a worker is not read, so the workers'
// queue never holds more than one request per connection.
// Streams (StreamSlot): a handler may answer with a stream instead of a body.
// Its head goes out without Content-Length (`Connection: close`: the body
// ends when the connection does), the worker is free at once, and the bytes
// the producer hands its StreamSink (from any thread) are posted to the event
// thread (a queue and the eventfd wake-up) and written with the same
// non-blocking writes. keep_alive_timeout and read_timeout do not apply to a
// stream; write_timeout does (nothing taken by the socket within it: closed);
// a stream whose unsent bytes would pass max_stream_buffer_bytes is closed.
// Deferred answers (DeferredSlot): the worker is free once the handler
// returns; the request stays the connection's until its answer is posted
// back (one wake-up of the event thread per batch of posts), finished on the
// event thread (or on a worker when it must wait) and written.
// Stop(): accepting ends at once; handlers in flight finish and their answers
// drain for at most stop_grace; everything else, streams too, is closed;
// deferred answers still armed are waited for and finished, unsent; Run() returns.
//
// Thread-safe: Stop() may be called from any thread, before or during Run().
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <httplib.h>

#include "certreg/common/status.h"
#include "http/request_parser.h"

namespace certreg::http {

struct LoopOptions {
  WireLimits limits;
  int workers = 64;                                  // threads running handlers
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds keep_alive_timeout{5'000};
  std::chrono::milliseconds stop_grace{2'000};
  std::size_t max_connections = 10'000;
  std::size_t max_buffered_bytes = 256 << 20;
  std::size_t max_connections_per_address = 0;      // 0: no cap
  int listen_backlog = 4096;
  std::size_t max_stream_buffer_bytes = 1 << 20;  // 1 MiB: a stream's unsent bytes; past it, closed
  // 64 KiB: a stream's socket send buffer (SO_SNDBUF), fixed rather than
  // grown by the kernel, so that the kernel keeps little of a slow client's
  // backlog (and little memory per stream): max_stream_buffer_bytes decides.
  std::size_t stream_send_buffer_bytes = 64 << 10;
};

class StreamSink;  // http/stream_sink.h

// What a handler fills to answer with a stream: `start` runs on the event
// thread once the head (the response the handler set, whose body is ignored)
// is queued, with the sink that writes to the connection. It must be quick
// (hand the sink to a producer). Ignored for HEAD, which gets the head alone.
struct StreamSlot {
  std::function<void(std::shared_ptr<StreamSink>)> start;  // empty: an ordinary answer
};

// What a handler fills to answer later without holding its worker (a
// command whose append is not durable yet). `arm` runs on the worker once
// the handler returned, given `ready`, which must then be called exactly
// once, quickly, from any thread (the store's writer), when `finish` may
// answer without waiting. `finish(may_wait)` fills the response the handler
// was given and returns true; the event thread calls it with may_wait false,
// and it may then return false (it would have to wait): a worker calls it
// again with may_wait true, and it must answer. It is called even when the
// connection is gone (the answer is then dropped), and before Run returns
// for every `ready` armed.
struct DeferredSlot {
  std::function<void(std::function<void()> ready)> arm;  // empty: an ordinary answer
  std::function<bool(bool may_wait)> finish;
};

// Runs on a worker: fills `response` for a complete `request`, or `stream`
// to answer with a stream, or `deferred` to answer later. An exception
// escaping it (or a deferred `finish`) is answered 500 with an empty body.
using RequestHandler = std::function<void(const httplib::Request& request, httplib::Response& response,
                                          StreamSlot& stream, DeferredSlot& deferred)>;
// Runs on the event thread for a complete request, before any worker: fills
// `response` and returns true when the answer is at hand (it must not render,
// wait or write: a kept public lookup), else returns false and the request
// goes to a worker as usual. The answer is written at once, saving the two
// wake-ups between the threads. An exception escaping it also sends the
// request to a worker.
using QuickRequestHandler = std::function<bool(const httplib::Request& request, httplib::Response& response)>;
// Runs on the event thread: the answer to a refused request; `request` holds
// what was read of it (method and path once the request line was read) and
// the client's address.
using RefusalHandler =
    std::function<void(const httplib::Request& request, const WireRefusal& refusal, httplib::Response& response)>;

class ConnectionLoop {
 public:
  ConnectionLoop(LoopOptions options, RequestHandler on_request, RefusalHandler on_refusal,
                 QuickRequestHandler on_quick = nullptr);
  ~ConnectionLoop();
  ConnectionLoop(const ConnectionLoop&) = delete;
  ConnectionLoop& operator=(const ConnectionLoop&) = delete;

  // Binds and listens on host:port (port 0: a free port); the port bound.
  // IOError when the address cannot be resolved or bound.
  Result<int> Listen(const std::string& host, int port);
  // Serves until Stop(). IOError when not listening or epoll fails.
  Status Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;  // http/connection_state.h
};

}  // namespace certreg::http
