#include "http/feed_hub.h"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "certreg/common/thread_name.h"
#include "http/feed_items.h"

namespace certreg::http {
namespace {

// How often the hub looks again while a client is catching up (its sink drains meanwhile).
constexpr std::chrono::milliseconds kReplayTick{20};

std::optional<std::uint64_t> AfterOf(std::uint64_t next) {
  return next == 0 ? std::nullopt : std::optional<std::uint64_t>(next - 1);
}

}  // namespace

FeedHub::FeedHub(app::Registry& registry, FeedHubOptions options) : registry_(registry), options_(options) {}

FeedHub::~FeedHub() { Stop(); }

void FeedHub::Start() {
  live_from_ = registry_.Head().size;
  seen_head_ = live_from_;
  thread_ = std::thread([this] { Run(); });
  NameThread(thread_, "feed");
}

void FeedHub::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool FeedHub::Reserve() {
  std::size_t held = clients_.load();
  do {
    if (held >= options_.max_clients) return false;
  } while (!clients_.compare_exchange_weak(held, held + 1));
  return true;
}

void FeedHub::Unreserve() { clients_.fetch_sub(1); }

void FeedHub::CountEnd(StreamEnd why) {
  ends_[static_cast<std::size_t>(why)].fetch_add(1);
  clients_.fetch_sub(1);
}

void FeedHub::Attach(std::shared_ptr<StreamSink> sink, std::optional<std::uint64_t> after) {
  sink->OnEnd([this](StreamEnd why) { CountEnd(why); });
  // Without a cursor: the items of events acknowledged from now on (the head is read before the client is told).
  const std::uint64_t next = after ? *after + 1 : registry_.Head().size;
  {
    std::lock_guard<std::mutex> lock(mu_);
    arrivals_.push_back({std::move(sink), next});
  }
  cv_.notify_one();
}

void FeedHub::Notify() {
  // Without a stream client nobody waits for the items: the look at the
  // head every check_interval moves the live items' start on.
  if (clients_.load(std::memory_order_relaxed) == 0) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    notified_ = true;
  }
  cv_.notify_one();
}

std::string FeedHub::MetricsText() const {
  std::string out = fmt::format(
      "# HELP certreg_feed_stream_clients Clients connected to the change feed's stream.\n"
      "# TYPE certreg_feed_stream_clients gauge\ncertreg_feed_stream_clients {}\n",
      clients_.load());
  out +=
      "# HELP certreg_feed_stream_disconnects_total Change feed stream clients disconnected, by reason.\n"
      "# TYPE certreg_feed_stream_disconnects_total counter\n";
  for (StreamEnd why : {StreamEnd::kClient, StreamEnd::kSlow, StreamEnd::kStuck, StreamEnd::kStopped}) {
    out += fmt::format("certreg_feed_stream_disconnects_total{{reason=\"{}\"}} {}\n", StreamEndLabel(why),
                       ends_[static_cast<std::size_t>(why)].load());
  }
  return out;
}

void FeedHub::Run() {
  auto next_heartbeat = std::chrono::steady_clock::now() + options_.heartbeat;
  auto last_delivery = std::chrono::steady_clock::time_point();
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    const auto tick = catching_up_.empty() ? std::chrono::milliseconds(options_.check_interval) : kReplayTick;
    const auto wake = std::min(next_heartbeat, std::chrono::steady_clock::now() + tick);
    cv_.wait_until(lock, wake, [this] { return stopping_ || notified_ || !arrivals_.empty(); });
    if (stopping_) break;
    const bool notified = std::exchange(notified_, false);
    std::vector<Arrival> arrivals = std::move(arrivals_);
    arrivals_.clear();
    lock.unlock();

    // With no live client the new items are nobody's: they are not read nor
    // formatted, the live items start at the head (a client that arrives
    // with an older cursor catches up to it).
    if (live_.empty()) Skip();
    for (Arrival& a : arrivals) {
      (a.next >= live_from_ ? live_ : catching_up_).push_back({std::move(a.sink), a.next});
    }
    if (notified || registry_.Head().size > seen_head_) {
      const auto due = last_delivery + options_.delivery_gap;
      if (std::chrono::steady_clock::now() < due) std::this_thread::sleep_until(due);  // the burst gathers
      DeliverNew();
      last_delivery = std::chrono::steady_clock::now();
    }
    for (Client& client : catching_up_) {
      if (!client.sink->ended() && ReplayPage(client)) live_.push_back(std::move(client));
    }
    std::erase_if(catching_up_, [](const Client& c) { return !c.sink || c.sink->ended(); });
    if (std::chrono::steady_clock::now() >= next_heartbeat) {
      Heartbeat();
      next_heartbeat = std::chrono::steady_clock::now() + options_.heartbeat;
    }
    std::erase_if(live_, [](const Client& c) { return c.sink->ended(); });
    lock.lock();
  }
}

void FeedHub::Skip() {
  const std::uint64_t head = registry_.Head().size;
  live_from_ = std::max(live_from_, head);
  seen_head_ = head;
}

void FeedHub::DeliverNew() {
  const std::uint64_t head = registry_.Head().size;  // every row before it is readable
  std::vector<projections::FeedItem> items;
  std::string frames;
  std::vector<std::size_t> starts;  // where each item's frame starts in `frames`
  for (std::uint64_t from = live_from_;;) {
    auto page = registry_.Feed(AfterOf(from), projections::kMaxFeedPage);
    if (!page.ok()) {
      spdlog::error("change feed: reading new items failed: {}", page.status().message());
      return;  // tried again at the next notice or look at the head
    }
    for (projections::FeedItem& item : page->items) {
      starts.push_back(frames.size());
      frames += FeedFrame(item);
      items.push_back(std::move(item));
    }
    if (page->items.size() < projections::kMaxFeedPage) break;
    from = items.back().position + 1;
  }
  const std::uint64_t end = items.empty() ? head : std::max(head, items.back().position + 1);
  for (Client& client : live_) {
    std::size_t first = 0;  // a client resuming after a later cursor skips what it has
    while (first < items.size() && items[first].position < client.next) ++first;
    if (first < items.size()) (void)client.sink->Send(std::string_view(frames).substr(starts[first]));
    client.next = std::max(client.next, end);
  }
  live_from_ = std::max(live_from_, end);
  seen_head_ = head;  // after a failed read, the next look at the head tries again
}

bool FeedHub::ReplayPage(Client& client) {
  // The next page once the client has taken most of the last one.
  if (client.sink->unsent() > client.sink->cap() / 2) return false;
  auto page = registry_.Feed(AfterOf(client.next), options_.replay_page);
  if (!page.ok()) {
    spdlog::error("change feed: replaying items failed: {}", page.status().message());
    return false;
  }
  for (const projections::FeedItem& item : page->items) {
    if (item.position >= live_from_) return true;  // the live items carry on from here
    if (!client.sink->Send(FeedFrame(item))) return false;  // ended
    client.next = item.position + 1;
    if (client.sink->unsent() > client.sink->cap() / 2) return false;
  }
  if (page->items.size() < options_.replay_page) {
    client.next = std::max(client.next, live_from_);
    return true;
  }
  return false;
}

void FeedHub::Heartbeat() {
  for (Client& client : live_) (void)client.sink->Send(kFeedHeartbeat);
  for (Client& client : catching_up_) {
    if (client.sink) (void)client.sink->Send(kFeedHeartbeat);
  }
}

}  // namespace certreg::http
