#include "certreg/http/server.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "certreg/common/thread_name.h"
#include "http/access_log.h"
#include "http/checkpoint_publisher.h"
#include "http/conditional.h"
#include "http/connection_loop.h"
#include "http/cors.h"
#include "http/feed_hub.h"
#include "http/log_text.h"
#include "http/router.h"
#include "http/witness_pool.h"

namespace certreg::http {
namespace {

std::string RequestIdOf(const httplib::Request& req, std::atomic<std::uint64_t>& counter) {
  std::string given = req.get_header_value("X-Request-Id");
  const bool usable = !given.empty() && given.size() <= 64 &&
                      std::all_of(given.begin(), given.end(), [](char c) {
                        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
                      });
  if (usable) return given;
  static const std::uint64_t process = static_cast<std::uint64_t>(::getpid());
  return fmt::format("r{:x}-{}", process, counter.fetch_add(1) + 1);
}

// The raw query string of the request target, without '?'.
std::string_view QueryOf(const httplib::Request& req) {
  const std::size_t question = req.target.find('?');
  return question == std::string::npos ? std::string_view() : std::string_view(req.target).substr(question + 1);
}

// Descriptors kept for everything but connections: RocksDB's WAL, SST and
// MANIFEST files, the log, the listening socket, epoll (at most half the limit).
constexpr std::size_t kFileReserve = 256;

// max_connections, lowered so that connections never reach the reserve.
std::size_t ConnectionCap(const ServerOptions& o) {
  std::size_t limit = o.open_file_limit;
  if (limit == 0) {
    rlimit r{};
    if (::getrlimit(RLIMIT_NOFILE, &r) != 0 || r.rlim_cur == RLIM_INFINITY) return o.max_connections;
    limit = static_cast<std::size_t>(r.rlim_cur);
  }
  const std::size_t reserve = std::min(kFileReserve, limit / 2);
  return std::max<std::size_t>(1, std::min(o.max_connections, limit - reserve));
}

LoopOptions LoopOptionsOf(const ServerOptions& o) {
  LoopOptions l;
  l.limits.max_request_line = o.max_request_line_bytes;
  l.limits.max_headers = o.max_header_count;
  l.limits.max_header_bytes = o.max_header_bytes;
  l.limits.max_body_bytes = o.max_body_bytes;
  l.workers = o.threads;
  l.read_timeout = o.read_timeout;
  l.write_timeout = o.write_timeout;
  l.keep_alive_timeout = o.keep_alive_timeout;
  l.stop_grace = o.stop_grace;
  l.max_connections = ConnectionCap(o);
  l.max_buffered_bytes = o.max_buffered_request_bytes;
  l.max_connections_per_address = o.max_connections_per_address;
  l.listen_backlog = o.listen_backlog;
  l.max_stream_buffer_bytes = o.feed_stream_buffer_bytes;
  l.stream_send_buffer_bytes = std::min<std::size_t>(64 << 10, o.feed_stream_buffer_bytes);
  return l;
}

// The witnesses of ServerOptions (null: none); retried at the checkpoint interval, at least 1 s apart.
std::unique_ptr<WitnessPool> MakeWitnessPool(app::Registry& registry, app::SignedLog& log, const ServerOptions& o) {
  if (o.witnesses.empty()) return nullptr;
  auto proof = [&registry](std::uint64_t old_size, std::uint64_t new_size) {
    return registry.LogConsistencyProof(old_size, new_size);
  };
  WitnessPoolOptions pool{.witnesses = o.witnesses,
                          .quorum = o.witness_quorum,
                          .refresh = o.witness_refresh,
                          .retry = std::max(o.checkpoint_interval, std::chrono::milliseconds(1'000))};
  return std::make_unique<WitnessPool>(log, std::move(proof), std::move(pool), o.witness_timeout);
}

}  // namespace

struct Server::Impl {
  Impl(app::Registry& registry, app::TokenRegistry& tokens, app::SignedLog& signed_log, ServerOptions opts)
      : options(std::move(opts)),
        publisher(signed_log, options.checkpoint_interval, MakeWitnessPool(registry, signed_log, options)),
        feed(registry, {.heartbeat = options.feed_heartbeat, .max_clients = options.max_feed_streams}),
        api{registry, tokens, signed_log, metrics, lookups, options, options.public_base_url, "", &feed},
        loop(LoopOptionsOf(options),
             [this](const httplib::Request& req, httplib::Response& res, StreamSlot& stream, DeferredSlot& deferred) {
               Handle(req, res, stream, deferred);
             },
             [this](const httplib::Request& req, const WireRefusal& refusal, httplib::Response& res) {
               Refused(req, refusal, res);
             },
             [this](const httplib::Request& req, httplib::Response& res) { return Quick(req, res); }) {}

  void Dispatch(const httplib::Request& req, httplib::Response& res, StreamSlot& stream, DeferredSlot& deferred);
  // Dispatch, with an exception that escapes a handler answered 500 (logged, never sent).
  void Handle(const httplib::Request& req, httplib::Response& res, StreamSlot& stream, DeferredSlot& deferred);
  // On the event thread: the answer of a route's QuickHandler, as Dispatch
  // would give it (request id, ETag and 304, CORS, metrics, access log); false
  // when the route has none or it could not answer.
  bool Quick(const httplib::Request& req, httplib::Response& res);
  // The request's metrics and its access-log line.
  void Record(const httplib::Request& req, const httplib::Response& res, const Call& call,
              const std::string& route_label, std::chrono::steady_clock::time_point start);
  // The answer to a request the connection layer refused before routing.
  void Refused(const httplib::Request& req, const WireRefusal& refusal, httplib::Response& res);
  void SweepLoop();

  ServerOptions options;
  CheckpointPublisher publisher;
  Metrics metrics;
  LookupCache lookups;
  FeedHub feed;
  Api api;
  Router router;
  ConnectionLoop loop;
  int port = 0;
  std::size_t connection_cap = ConnectionCap(options);
  std::atomic<std::uint64_t> request_counter{0};
  TrustedProxies proxies;  // from options.trusted_proxies, by Bind()
  // Where access-log lines go: the "access" logger when one is registered, else the default one.
  std::shared_ptr<spdlog::logger> access_logger =
      spdlog::get(kAccessLogger) ? spdlog::get(kAccessLogger) : spdlog::default_logger();
  bool json_log = options.log_format == ServerOptions::LogFormat::kJson;

  std::mutex sweep_mu;
  std::condition_variable sweep_cv;
  bool stopping = false;
  std::thread sweeper;
};

Server::Server(app::Registry& registry, app::TokenRegistry& tokens, app::SignedLog& signed_log,
               ServerOptions options)
    : impl_(std::make_unique<Impl>(registry, tokens, signed_log, std::move(options))) {
  AddAllRoutes(impl_->router);
}

Server::~Server() {
  Stop();
  if (impl_->sweeper.joinable()) impl_->sweeper.join();
}

void Server::Impl::Handle(const httplib::Request& req, httplib::Response& res, StreamSlot& stream,
                          DeferredSlot& deferred) {
  auto internal_error = [&req, &res](const std::exception& e) {
    spdlog::error("{} {}: unhandled exception: {}", LogText(req.method), LogText(req.path), e.what());
    res = httplib::Response();
    res.status = 500;
    res.set_content(Internal().ToJson().dump(), "application/problem+json");
  };
  try {
    Dispatch(req, res, stream, deferred);
  } catch (const std::exception& e) {
    stream.start = nullptr;
    deferred = DeferredSlot();
    internal_error(e);
  }
  if (deferred.finish) {
    deferred.finish = [&req, &res, internal_error, finish = std::move(deferred.finish)](bool may_wait) {
      try {
        if (!finish(may_wait)) return false;
      } catch (const std::exception& e) {
        internal_error(e);
      }
      if (IsCorsPath(req.path)) AddCorsHeaders(res);
      return true;
    };
    return;
  }
  if (IsCorsPath(req.path)) AddCorsHeaders(res);
}

void Server::Impl::Refused(const httplib::Request& req, const WireRefusal& refusal, httplib::Response& res) {
  // Refused before Dispatch ran: it still gets a request id and its access-log line.
  const std::string id = RequestIdOf(req, request_counter);
  res.status = refusal.status;
  res.set_header("X-Request-Id", id);
  if (refusal.status == 503) res.set_header("Retry-After", "1");
  res.set_content(ConnectionProblem(refusal.status, refusal.detail, options.max_body_bytes).ToJson().dump(),
                  "application/problem+json");
  if (IsCorsPath(req.path)) AddCorsHeaders(res);
  const RequestOrigin origin = OriginOf(req, proxies);
  WriteAccessLog(*access_logger,
                 {id, req.method, req.path, QueryOf(req), res.status, res.body.size(), 0, {}, origin.client_address,
                  req.get_header_value("User-Agent")},
                 json_log);
  metrics.Observe("(refused before routing)", req.method, res.status, 0);
}

void Server::Impl::Dispatch(const httplib::Request& req, httplib::Response& res, StreamSlot& stream,
                            DeferredSlot& deferred) {
  const auto start = std::chrono::steady_clock::now();
  // On the heap: a deferred answer's closures refer to it until they answer.
  auto held = std::make_shared<Call>(
      Call{req, res, {}, std::nullopt, RequestIdOf(req, request_counter), OriginOf(req, proxies), &stream, &deferred});
  Call& call = *held;
  res.set_header("X-Request-Id", call.request_id);
  std::string route_label = "unmatched";

  std::vector<std::string> allowed_methods;
  const Route* route = router.Match(req.method, req.path, &call.params, &allowed_methods);
  if (route == nullptr && req.method == "OPTIONS" && !allowed_methods.empty() && IsCorsPath(req.path)) {
    // A CORS preflight, answered here for every public route.
    std::map<std::string, std::string> unused;
    std::vector<std::string> none;
    route_label = router.Match(allowed_methods.front(), req.path, &unused, &none)->pattern;
    AnswerPreflight(res, allowed_methods);
  } else if (route == nullptr && !allowed_methods.empty()) {
    std::string allow;
    for (const std::string& m : allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
    res.set_header("Allow", allow);
    SendProblem(call, MethodNotAllowed());
  } else if (route == nullptr) {
    SendProblem(call, NotFound("resource " + req.path));
  } else {
    route_label = route->pattern;
    bool allowed = true;
    if (!route->roles.empty()) {
      const std::string auth = req.get_header_value("Authorization");
      constexpr std::string_view kBearer = "Bearer ";
      if (auth.size() <= kBearer.size() || auth.compare(0, kBearer.size(), kBearer) != 0) {
        allowed = false;
        res.set_header("WWW-Authenticate", "Bearer");
        SendProblem(call, Unauthenticated());
      } else {
        auto actor = api.tokens.Authenticate(std::string_view(auth).substr(kBearer.size()));
        if (!actor.ok()) {
          allowed = false;
          if (actor.status().code() == Status::Code::kNotFound) {
            res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            SendProblem(call, Unauthenticated());
          } else {
            SendStatus(call, actor.status().WithContext("authenticating"));
          }
        } else if (std::find(route->roles.begin(), route->roles.end(), actor->role) == route->roles.end()) {
          allowed = false;
          call.actor = *actor;
          SendProblem(call, RoleForbidden(actor->role));
        } else {
          call.actor = *actor;
        }
      }
    }
    // Staff answers (files with their applicants' personal data, tokens, the
    // log) are never kept by a browser or a proxy; a handler may say otherwise.
    if (allowed && !route->roles.empty()) res.set_header("Cache-Control", "no-store");
    if (allowed) route->handler(api, call);
    if (deferred.finish) {
      // The rest once answered.
      deferred.finish = [this, held, route_label, start, finish = std::move(deferred.finish)](bool may_wait) {
        if (!finish(may_wait)) return false;
        Revalidate(held->req, held->res, /*tag_body=*/IsCorsPath(held->req.path));
        Record(held->req, held->res, *held, route_label, start);
        return true;
      };
      return;
    }
    // One ETag and If-None-Match mechanism for every route (conditional.h); never for a stream.
    if (!stream.start) Revalidate(req, res, /*tag_body=*/IsCorsPath(req.path));
  }

  Record(req, res, call, route_label, start);
}

bool Server::Impl::Quick(const httplib::Request& req, httplib::Response& res) {
  if (req.method != "GET" && req.method != "HEAD") return false;
  const auto start = std::chrono::steady_clock::now();
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed_methods;
  const Route* route = router.Match(req.method, req.path, &params, &allowed_methods);
  if (route == nullptr || !route->quick || !route->roles.empty()) return false;
  Call call{req, res, std::move(params), std::nullopt, {}, OriginOf(req, proxies), nullptr};
  if (!route->quick(api, call)) return false;
  call.request_id = RequestIdOf(req, request_counter);
  res.set_header("X-Request-Id", call.request_id);
  Revalidate(req, res, /*tag_body=*/IsCorsPath(req.path));
  if (IsCorsPath(req.path)) AddCorsHeaders(res);
  Record(req, res, call, route->pattern, start);
  return true;
}

void Server::Impl::Record(const httplib::Request& req, const httplib::Response& res, const Call& call,
                          const std::string& route_label, std::chrono::steady_clock::time_point start) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics.Observe(route_label, req.method, res.status, seconds);
  WriteAccessLog(*access_logger,
                 {call.request_id, req.method, req.path, QueryOf(req), res.status, res.body.size(), seconds * 1000,
                  call.actor ? std::string_view(call.actor->name) : std::string_view(), call.origin.client_address,
                  req.get_header_value("User-Agent")},
                 json_log);
}

void Server::Impl::SweepLoop() {
  std::unique_lock<std::mutex> lock(sweep_mu);
  while (!stopping) {
    lock.unlock();
    const app::SweepReport report = api.registry.SweepAll();
    if (report.events > 0) feed.Notify();
    if (report.events > 0 || report.failures > 0) {
      spdlog::info("sweep: {} files, {} time-driven events appended, {} failures", report.files, report.events,
                   report.failures);
    }
    lock.lock();
    sweep_cv.wait_for(lock, options.sweep_interval, [this] { return stopping; });
  }
}

Status Server::Bind() {
  Impl& s = *impl_;
  auto proxies = TrustedProxies::Parse(s.options.trusted_proxies);
  if (!proxies.ok()) return proxies.status();
  CERTREG_RETURN_IF_ERROR(CheckWitnesses(s.options));
  s.proxies = std::move(proxies).value();
  Result<int> bound = s.loop.Listen(s.options.host, s.options.port);
  if (!bound.ok()) return bound.status();
  s.port = *bound;
  if (s.connection_cap < s.options.max_connections) {
    spdlog::warn("open files are limited: at most {} connections are held (max_connections {}), the rest of the "
                 "descriptors kept for the store",
                 s.connection_cap, s.options.max_connections);
  } else {
    spdlog::info("at most {} connections are held", s.connection_cap);
  }
  s.api.listen_url = "http://" + s.options.host + ":" + std::to_string(s.port);
  const bool wildcard = s.options.host == "0.0.0.0" || s.options.host == "::" || s.options.host == "[::]";
  if (s.api.public_base_url.empty() && !wildcard) s.api.public_base_url = s.api.listen_url;
  return Status::Ok();
}

int Server::port() const { return impl_->port; }

std::size_t Server::connection_cap() const { return impl_->connection_cap; }

Status Server::Run() {
  Impl& s = *impl_;
  if (s.options.sweep_interval.count() > 0) {
    s.sweeper = std::thread([&s] { s.SweepLoop(); });
    NameThread(s.sweeper, "sweeper");
  }
  if (s.options.checkpoint_interval.count() > 0) s.publisher.Start();
  s.feed.Start();
  Status ran = s.loop.Run();
  s.feed.Stop();  // the loop closed every stream
  {
    std::lock_guard<std::mutex> lock(s.sweep_mu);
    s.stopping = true;
  }
  s.sweep_cv.notify_all();
  if (s.sweeper.joinable()) s.sweeper.join();
  // After the last request and the last sweep: the final checkpoint covers every event.
  s.publisher.Stop();
  return ran;
}

void Server::Stop() {
  Impl& s = *impl_;
  {
    std::lock_guard<std::mutex> lock(s.sweep_mu);
    s.stopping = true;
  }
  s.sweep_cv.notify_all();
  s.loop.Stop();
}

}  // namespace certreg::http
