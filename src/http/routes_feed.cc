// The change feed (platforms.md §3; README, "The change feed"): pages of the
// public events after a cursor, and the same items as Server-Sent Events.
// No token, no personal data: the feed's rows hold none.
#include "http/connection_loop.h"
#include "http/feed_hub.h"
#include "http/feed_items.h"
#include "http/router.h"

namespace certreg::http {
namespace {

constexpr char kCursorRule[] = "must be a cursor: the whole number an item's cursor (or a page's next) gives";

// `after` from the query: nullopt when absent. False when malformed (it answered 422).
bool AfterQuery(Call& call, std::optional<std::uint64_t>* after) {
  auto text = call.query("after");
  if (!text) return true;
  *after = ParseFeedCursor(*text);
  if (*after) return true;
  SendProblem(call, InvalidQuery("after", kCursorRule));
  return false;
}

void FeedPage(Api& api, Call& call) {
  std::optional<std::uint64_t> after;
  if (!AfterQuery(call, &after)) return;
  auto limit = PositiveQuery(call, "limit", static_cast<int>(projections::kDefaultFeedPage),
                             static_cast<int>(projections::kMaxFeedPage));
  if (!limit) return;
  auto page = api.registry.Feed(after, static_cast<std::size_t>(*limit));
  if (!page.ok()) return SendStatus(call, page.status());
  nlohmann::json items = nlohmann::json::array();
  for (const projections::FeedItem& item : page->items) items.push_back(FeedItemJson(item));
  // Where to continue: after the last item, or where the client already was.
  nlohmann::json next = nullptr;
  if (!page->items.empty()) {
    next = FeedCursor(page->items.back().position);
  } else if (after) {
    next = FeedCursor(*after);
  }
  // A page grows until it is full: revalidated each time (its ETag makes an unchanged one a 304).
  call.res.set_header("Cache-Control", "no-cache");
  SendJson(call, 200, {{"items", std::move(items)}, {"next", std::move(next)}});
}

// Gives a stream client's place back unless the stream started (a HEAD, or
// a connection closed before its head was written, never starts).
struct Place {
  explicit Place(FeedHub& h) : hub(h) {}
  Place(const Place&) = delete;
  Place& operator=(const Place&) = delete;
  FeedHub& hub;
  bool taken = false;
  ~Place() {
    if (!taken) hub.Unreserve();
  }
};

void FeedStream(Api& api, Call& call) {
  std::optional<std::uint64_t> after;
  if (call.req.has_header("Last-Event-ID")) {  // a reconnecting EventSource: it wins over the URL's `after`
    after = ParseFeedCursor(call.req.get_header_value("Last-Event-ID"));
    if (!after) return SendProblem(call, InvalidQuery("Last-Event-ID", kCursorRule));
  } else if (!AfterQuery(call, &after)) {
    return;
  }
  if (!api.feed->Reserve()) {
    call.res.set_header("Retry-After", "5");
    return SendProblem(call, ConnectionProblem(503,
                                               "the server holds as many change feed streams as it may (" +
                                                   std::to_string(api.options.max_feed_streams) +
                                                   "): retry in a moment",
                                               0));
  }
  auto place = std::make_shared<Place>(*api.feed);
  call.res.status = 200;
  call.res.set_header("Content-Type", "text/event-stream");
  call.res.set_header("Cache-Control", "no-cache");
  call.res.set_header("X-Accel-Buffering", "no");  // nginx: pass each event on at once
  call.stream->start = [place, after](std::shared_ptr<StreamSink> sink) {
    place->taken = true;
    place->hub.Attach(std::move(sink), after);
  };
}

}  // namespace

void AddFeedRoutes(Router& r) {
  r.Add("GET", "/public/v1/feed", {}, FeedPage);
  r.Add("GET", "/public/v1/feed/stream", {}, FeedStream);
}

}  // namespace certreg::http
