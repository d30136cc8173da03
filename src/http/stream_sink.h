// Internal to the HTTP room: the writing end of a streamed answer
// (http/connection_loop.h, StreamSlot), e.g. Server-Sent Events.
//
// A producer on any thread hands bytes to Send; the connection loop's event
// thread writes them with its non-blocking writes, so no thread ever waits
// on the client's socket. Each stream's unsent bytes are bounded: a Send that
// would pass the cap ends the stream (StreamEnd::kSlow) instead of queueing,
// so a client that falls behind is disconnected and never slows the
// producer. Once ended, Send refuses everything: the producer drops the sink.
//
// Thread-safe. The loop calls the end callback exactly once, on its event
// thread, when the connection closes, whoever ended it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace certreg::http {

// Why a stream ended.
enum class StreamEnd {
  kOpen,     // not ended
  kClient,   // the client closed its connection (or it failed)
  kSlow,     // its unsent bytes would have passed the cap
  kStuck,    // nothing it was sent was taken within the write timeout
  kStopped,  // the server is stopping
  kFinished, // the producer ended it (Finish)
};

// The metrics label of a reason: "client", "slow", "write_timeout", "stopped", "finished".
const char* StreamEndLabel(StreamEnd end);

class StreamSink {
 public:
  // `ready` tells the loop that connection `id` has bytes to write; `cap`
  // bounds the unsent bytes. Made by the connection loop only.
  StreamSink(std::uint64_t id, std::size_t cap, std::function<void(std::uint64_t)> ready);

  // Queues `bytes` for the client. False when the stream has ended, or ends
  // now because the unsent bytes would pass the cap (nothing is queued then).
  bool Send(std::string_view bytes);
  // Ends the stream once what is queued is written.
  void Finish();
  // Sets what runs when the stream ends (before the producer's first Send).
  void OnEnd(std::function<void(StreamEnd)> on_end);

  std::size_t unsent() const;
  bool ended() const;  // ended, or about to end as kSlow
  // Whether a Send passed the cap (the loop then closes the connection as kSlow).
  bool slow() const;
  std::size_t cap() const { return cap_; }

  // --- the event thread's side ---
  // Moves the queued bytes out (appends them to `out`); whether Finish was called.
  bool TakePending(std::string& out);
  // `n` of the stream's bytes were written to the socket.
  void Written(std::size_t n);
  // Marks the stream ended for `why` (the first reason stays) and runs the
  // end callback once. Call it without holding any lock a producer may hold.
  void End(StreamEnd why);

 private:
  const std::uint64_t id_;
  const std::size_t cap_;
  const std::function<void(std::uint64_t)> ready_;
  mutable std::mutex mu_;
  std::string pending_;     // queued, not yet taken by the event thread
  std::size_t unsent_ = 0;  // queued or taken, not yet written to the socket
  bool finish_ = false;
  bool slow_ = false;       // Send found the cap passed: the loop closes it as kSlow
  StreamEnd end_ = StreamEnd::kOpen;
  std::function<void(StreamEnd)> on_end_;
  bool on_end_ran_ = false;
};

}  // namespace certreg::http
