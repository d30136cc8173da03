// Internal to the connection layer (http/connection_loop.h): one client
// connection's state and the loop's state, shared by the files that
// implement the loop (connection_loop.cc: sockets, events, time, stopping;
// connection_io.cc: reading, parsing, handing to workers, writing;
// connection_stream.cc and connection_deferred.cc: streamed and deferred answers).
// Everything here is touched by the event thread only, except `done`,
// `deferred_ready`, `deferred_armed` and `ready` (and what a StreamSink
// guards itself).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/connection_loop.h"
#include "http/request_parser.h"
#include "http/stream_sink.h"
#include "http/worker_pool.h"

namespace certreg::http {

using LoopClock = std::chrono::steady_clock;

struct Connection {
  enum class Phase {
    kReading,    // reading a request (or waiting for one: idle)
    kHandling,   // a complete request is with a worker
    kWriting,    // its answer is being written
    kLingering,  // refused: write side shut, input read and dropped until the peer closes or time is up
    kStreaming,  // answering with a stream: its bytes come from `stream`; input read and dropped
  };

  Connection(std::uint64_t id_, int fd_, std::string addr, int port_, const WireLimits& limits)
      : id(id_), fd(fd_), remote_addr(std::move(addr)), remote_port(port_), parser(limits) {}

  const std::uint64_t id;
  const int fd;
  const std::string remote_addr;
  const int remote_port;
  RequestParser parser;
  std::string in;             // received, not yet parsed
  std::string out;            // to send
  std::size_t out_sent = 0;
  Phase phase = Phase::kReading;
  bool close_after_write = false;
  bool peer_closed = false;   // the client shut its write side
  bool continue_sent = false;
  bool body_deadline_set = false;
  LoopClock::time_point last_active;
  LoopClock::time_point deadline = LoopClock::time_point::max();  // of the phase, when it has one
  std::uint32_t interest = 0;  // epoll events asked for
  std::size_t charged = 0;     // request bytes held, counted in Impl::buffered
  std::shared_ptr<StreamSink> stream;  // kStreaming: where its bytes come from
  std::size_t head_unsent = 0;         // kStreaming: bytes of `out` that are the head, not the stream's
  bool stream_finishing = false;       // kStreaming: the producer finished; closed once `out` is written
};

// A worker's answer for the event thread.
struct Completion {
  std::uint64_t id;
  std::string bytes;
  bool keep_alive;
  std::function<void(std::shared_ptr<StreamSink>)> start_stream;  // set: `bytes` is a stream's head
};

// A request whose handler deferred its answer (DeferredSlot): made before
// the handler runs, so that what the handler's closures refer to stays put.
struct DeferredAnswer {
  std::uint64_t id = 0;
  bool keep_alive = false;
  httplib::Request request;
  httplib::Response response;
  DeferredSlot slot;
};

struct ConnectionLoop::Impl {
  Impl(LoopOptions o, RequestHandler r, RefusalHandler f, QuickRequestHandler q)
      : options(std::move(o)), on_request(std::move(r)), on_refusal(std::move(f)), on_quick(std::move(q)) {}

  // connection_loop.cc
  void AcceptAll(LoopClock::time_point now);
  bool CloseOldestIdle();
  void Sweep(LoopClock::time_point now);
  void BeginStop(LoopClock::time_point now);
  void Wake();

  // connection_io.cc. Each returns false when it closed the connection
  // (which is then destroyed: the caller must not touch it again).
  bool OnReadable(Connection& c, LoopClock::time_point now);
  bool Process(Connection& c, LoopClock::time_point now);
  bool Refuse(Connection& c, const WireRefusal& refusal, LoopClock::time_point now);
  bool Queue(Connection& c, std::string bytes, bool close, LoopClock::time_point now);
  // Queue without the writing: `bytes` after what `c.out` still holds, the phase kWriting.
  void Stage(Connection& c, std::string bytes, bool close, LoopClock::time_point now);
  bool Flush(Connection& c, LoopClock::time_point now);
  // Flush without reading on: kReading when a whole answer went and the
  // connection may read its next request (the caller parses it), kWaiting
  // when it waits for the socket or lingers, kClosed when it was closed.
  enum class Wrote { kReading, kWaiting, kClosed };
  Wrote WriteOut(Connection& c, LoopClock::time_point now);
  // on_quick, an exception taken for "no"; the answer's bytes when it answered.
  std::optional<std::string> AnswerQuick(const httplib::Request& request, bool keep_alive);
  // Sends what `c.out` holds after out_sent until the socket takes no more;
  // adds to *written what it took. Closes nothing.
  enum class Sent { kAll, kBlocked, kFailed };
  Sent SendOut(Connection& c, std::size_t* written);
  bool Linger(Connection& c, LoopClock::time_point now);
  bool Submit(Connection& c, httplib::Request request, bool keep_alive);
  void TakeCompletions(LoopClock::time_point now);
  // Any thread: hands a worker's answer to the event thread.
  void PostCompletion(Completion completion);
  // connection_deferred.cc: deferred answers.
  void Arm(std::shared_ptr<DeferredAnswer> answer);            // a worker, once its handler deferred
  void PostDeferred(std::shared_ptr<DeferredAnswer> answer);   // any thread: `ready` was called
  void TakeDeferred(LoopClock::time_point now);
  void FinishArmedAtStop();  // Run's end: waits for every armed answer and finishes it, unsent
  // connection_stream.cc: streamed answers.
  bool StartStream(Connection& c, Completion& done, LoopClock::time_point now);
  void TakeStreamBytes(LoopClock::time_point now);  // the streams `ready` names
  bool OnStreamReadable(Connection& c);              // input of a streaming connection: dropped
  bool FlushStream(Connection& c, LoopClock::time_point now);
  void PostReady(std::uint64_t id);                  // any thread: `id` has stream bytes (or ends)
  void UpdateInterest(Connection& c);
  // Counts the request bytes `c` holds now (unparsed input and a body being read) in `buffered`.
  void Charge(Connection& c);
  // Closes `c`; a stream's sink is ended for `why`.
  void Close(Connection& c, StreamEnd why = StreamEnd::kClient);

  const LoopOptions options;
  const RequestHandler on_request;
  const RefusalHandler on_refusal;
  const QuickRequestHandler on_quick;  // may be empty
  int listen_fd = -1;
  int epoll_fd = -1;
  int wake_fd = -1;
  int port = 0;
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> conns;
  std::unordered_map<std::string, std::size_t> per_address;  // open connections by client address
  std::size_t buffered = 0;  // request bytes held across connections (max_buffered_bytes)
  std::uint64_t next_id = 2;  // 0 and 1 tag the listening socket and the wake-up
  std::vector<char> read_buffer;
  std::unique_ptr<WorkerPool> pool;
  bool stopping = false;
  LoopClock::time_point stop_deadline;
  bool accept_paused = false;
  LoopClock::time_point accept_resume;

  std::atomic<bool> stop_requested{false};
  std::mutex done_mu;
  std::vector<Completion> done;  // guarded by done_mu
  std::mutex deferred_mu;
  std::condition_variable deferred_cv;                          // signalled with each post
  std::vector<std::shared_ptr<DeferredAnswer>> deferred_ready;  // guarded by deferred_mu: posted
  std::size_t deferred_armed = 0;                               // guarded by deferred_mu: armed, not taken
  std::mutex ready_mu;
  std::vector<std::uint64_t> ready;  // guarded by ready_mu: streams with bytes to write
};

inline constexpr std::uint64_t kListenTag = 0;
inline constexpr std::uint64_t kWakeTag = 1;

}  // namespace certreg::http
