// Internal to the HTTP room: the change feed's stream hub (platforms.md §3;
// README, "The change feed"). One thread owns every stream client of
// GET /public/v1/feed/stream:
//  - live items: told of acknowledged writes (Notify; and, as a safety net,
//    a look at the log's head every `check_interval`), it reads the new feed
//    rows once (a range read of proj_feed), formats each item's frame once
//    and hands the frames to every live client's StreamSink; with no live
//    client nothing is read (and with no client at all, Notify does nothing);
//  - replay: a client resuming after a cursor older than the live items gets
//    what it missed in pages, the next page only once its unsent bytes are
//    below half its cap, then joins the live clients;
//  - heartbeat: a comment line to every client each `heartbeat`;
//  - coalescing: live items go out at most once per `delivery_gap`, so a
//    burst of writes costs each client one send, not one per write.
// A Send never waits on a socket (the connection loop writes), so a slow
// client never slows the hub or any writer; one that falls behind is
// disconnected by its sink's cap and resumes from its cursor.
//
// Thread-safe. The registry must outlive the hub; Stop() (also run by the
// destructor) joins the thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "certreg/app/registry.h"
#include "http/stream_sink.h"

namespace certreg::http {

struct FeedHubOptions {
  std::chrono::milliseconds heartbeat{15'000};      // 15 s: a comment line to every client so often
  std::size_t max_clients = 5'000;                  // stream clients at most (Reserve refuses more)
  std::chrono::milliseconds check_interval{250};    // the log's head is looked at so often without a Notify
  std::size_t replay_page = 500;                    // items read per page of a replay
  // Live items are handed out at most once per gap: the writes of a burst
  // reach each client as one send rather than one each (it bounds the extra
  // delay an item waits; 0: every notice delivers at once).
  std::chrono::milliseconds delivery_gap{20};
};

class FeedHub {
 public:
  FeedHub(app::Registry& registry, FeedHubOptions options);
  ~FeedHub();
  FeedHub(const FeedHub&) = delete;
  FeedHub& operator=(const FeedHub&) = delete;

  // Starts the hub's thread; Stop() ends it (the sinks are the connection
  // loop's to close). Each may be called once.
  void Start();
  void Stop();

  // Takes a place for one more stream client: false when max_clients hold
  // one. A place is given back by Unreserve, or when an attached client's
  // stream ends.
  bool Reserve();
  void Unreserve();
  // Hands the hub a reserved client's sink: it gets the items after log
  // position `after` (replayed first), or with none the items of events
  // acknowledged from now on. Quick (runs on the event thread).
  void Attach(std::shared_ptr<StreamSink> sink, std::optional<std::uint64_t> after);

  // Events were acknowledged: their items go out now.
  void Notify();

  std::size_t clients() const { return clients_.load(); }
  // certreg_feed_stream_clients and certreg_feed_stream_disconnects_total{reason}, in exposition format.
  std::string MetricsText() const;

 private:
  struct Client {
    std::shared_ptr<StreamSink> sink;
    std::uint64_t next = 0;  // the first log position it has not been sent (or passed over)
  };
  struct Arrival {
    std::shared_ptr<StreamSink> sink;
    std::uint64_t next = 0;
  };

  void Run();
  // Reads the items after live_from_, sends them to the live clients.
  void DeliverNew();
  // Moves live_from_ to the log's head without reading: for when no client is live.
  void Skip();
  // Sends a catching-up client its next page; true when it has caught up.
  bool ReplayPage(Client& client);
  void Heartbeat();
  void CountEnd(StreamEnd why);

  app::Registry& registry_;
  const FeedHubOptions options_;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;         // guarded by mu_
  bool notified_ = false;         // guarded by mu_
  std::vector<Arrival> arrivals_;  // guarded by mu_
  std::thread thread_;

  // The hub thread's own.
  std::vector<Client> live_;
  std::vector<Client> catching_up_;
  std::uint64_t live_from_ = 0;  // the live items start at this log position
  std::uint64_t seen_head_ = 0;  // the log's head when its rows were last read

  std::atomic<std::size_t> clients_{0};
  static constexpr std::size_t kEnds = 6;  // StreamEnd's values
  std::array<std::atomic<std::uint64_t>, kEnds> ends_{};
};

}  // namespace certreg::http
