#include "certreg/http/server.h"

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "http/log_text.h"
#include "http/router.h"

namespace certreg::http {
namespace {

// cpp-httplib compiles its listen backlog in (5); a burst of new connections
// then overflows the accept queue. listen() may be called again on a
// listening socket to raise it, and the socket is only reachable from here.
class HttpServer : public httplib::Server {
 public:
  bool RaiseBacklog(int backlog) {
    const int fd = svr_sock_;
    return fd >= 0 && ::listen(fd, backlog) == 0;
  }
};

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

// The one route table, for the server and for RegisteredRoutes().
void AddAllRoutes(Router& router) {
  AddPublicRoutes(router);
  AddPageRoutes(router);
  AddFileRoutes(router);
  AddCertificateRoutes(router);
  AddRegulatorRoutes(router);
  AddOperationsRoutes(router);
  AddTokenRoutes(router);
}

}  // namespace

std::vector<RouteInfo> RegisteredRoutes() {
  Router router;
  AddAllRoutes(router);
  std::vector<RouteInfo> out;
  for (const Route& route : router.routes()) out.push_back({route.method, route.pattern, route.roles});
  return out;
}

struct Server::Impl {
  Impl(app::Registry& registry, app::TokenRegistry& tokens,
       ServerOptions opts)
      : options(std::move(opts)),
        api{registry, tokens, metrics, lookups, options, options.public_base_url} {}

  void Dispatch(const httplib::Request& req, httplib::Response& res);
  void SweepLoop();

  ServerOptions options;
  Metrics metrics;
  LookupCache lookups;
  Api api;
  Router router;
  HttpServer http;
  int port = 0;
  std::atomic<std::uint64_t> request_counter{0};

  std::mutex sweep_mu;
  std::condition_variable sweep_cv;
  bool stopping = false;
  std::thread sweeper;
};

Server::Server(app::Registry& registry, app::TokenRegistry& tokens,
               ServerOptions options)
    : impl_(std::make_unique<Impl>(registry, tokens, std::move(options))) {
  Impl& s = *impl_;
  AddAllRoutes(s.router);

  const int threads = s.options.threads;
  s.http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  s.http.set_tcp_nodelay(true);
  s.http.set_keep_alive_max_count(100'000);
  s.http.set_keep_alive_timeout(s.options.keep_alive_timeout.count());
  s.http.set_read_timeout(s.options.read_timeout.count(), 0);
  s.http.set_write_timeout(s.options.write_timeout.count(), 0);
  s.http.set_payload_max_length(s.options.max_body_bytes);
  // One handler for every request: the router (http/router.h) matches the path.
  auto dispatch = [&s](const httplib::Request& req, httplib::Response& res) { s.Dispatch(req, res); };
  s.http.Get(".*", dispatch);
  s.http.Post(".*", dispatch);
  s.http.Put(".*", dispatch);
  s.http.Delete(".*", dispatch);
  s.http.Patch(".*", dispatch);
  s.http.Options(".*", dispatch);

  // Whatever cpp-httplib answers by itself (413, 400 for a bad request line,
  // 404 for an unknown method) gets a problem body; bodies already set stay.
  s.http.set_error_handler(httplib::Server::HandlerWithResponse(
      [&s](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        // Refused before Dispatch ran: it still gets a request id and its access-log line.
        if (!res.has_header("X-Request-Id")) {
          const std::string id = RequestIdOf(req, s.request_counter);
          res.set_header("X-Request-Id", id);
          spdlog::info("{} {} {} {} actor=- remote={}", id, LogText(req.method), LogText(req.path), res.status,
                       req.remote_addr);
        }
        Problem p = res.status == 413   ? PayloadTooLarge(s.options.max_body_bytes)
                    : res.status == 404 ? NotFound("resource")
                    : res.status == 405 ? MethodNotAllowed()
                    : res.status >= 500 ? Internal()
                                        : BadRequest();
        p.status = res.status;
        res.set_content(p.ToJson().dump(), "application/problem+json");
        s.metrics.Observe("(refused before routing)", req.method, res.status, 0);
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("{} {}: unhandled exception: {}", LogText(req.method), LogText(req.path), what);
    res.status = 500;
    res.set_content(Internal().ToJson().dump(), "application/problem+json");
  });
}

Server::~Server() {
  Stop();
  if (impl_->sweeper.joinable()) impl_->sweeper.join();
}

void Server::Impl::Dispatch(const httplib::Request& req, httplib::Response& res) {
  const auto start = std::chrono::steady_clock::now();
  Call call{req, res, {}, std::nullopt, RequestIdOf(req, request_counter)};
  res.set_header("X-Request-Id", call.request_id);
  std::string route_label = "unmatched";

  std::vector<std::string> allowed_methods;
  const Route* route = router.Match(req.method, req.path, &call.params, &allowed_methods);
  if (route == nullptr && !allowed_methods.empty()) {
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
  }

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics.Observe(route_label, req.method, res.status, seconds);
  spdlog::info("{} {} {} {} {:.3f}ms actor={} remote={}", call.request_id, LogText(req.method), LogText(req.path), res.status,
               seconds * 1000, call.actor ? call.actor->name : "-", req.remote_addr);
}

void Server::Impl::SweepLoop() {
  std::unique_lock<std::mutex> lock(sweep_mu);
  while (!stopping) {
    lock.unlock();
    const app::SweepReport report = api.registry.SweepAll();
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
  if (s.options.port == 0) {
    s.port = s.http.bind_to_any_port(s.options.host);
    if (s.port < 0) return Status::IOError("cannot bind " + s.options.host + " to a free port");
  } else {
    if (!s.http.bind_to_port(s.options.host, s.options.port)) {
      return Status::IOError("cannot bind " + s.options.host + ":" + std::to_string(s.options.port) +
                             " (in use, or not an address of this machine)");
    }
    s.port = s.options.port;
  }
  if (!s.http.RaiseBacklog(s.options.listen_backlog)) {
    spdlog::warn("could not raise the listen backlog to {}", s.options.listen_backlog);
  }
  if (s.api.public_base_url.empty()) {
    s.api.public_base_url = "http://" + s.options.host + ":" + std::to_string(s.port);
  }
  return Status::Ok();
}

int Server::port() const { return impl_->port; }

Status Server::Run() {
  Impl& s = *impl_;
  if (s.options.sweep_interval.count() > 0) s.sweeper = std::thread([&s] { s.SweepLoop(); });
  const bool ok = s.http.listen_after_bind();
  {
    std::lock_guard<std::mutex> lock(s.sweep_mu);
    s.stopping = true;
  }
  s.sweep_cv.notify_all();
  if (s.sweeper.joinable()) s.sweeper.join();
  return ok ? Status::Ok() : Status::IOError("the server stopped listening");
}

void Server::Stop() {
  Impl& s = *impl_;
  {
    std::lock_guard<std::mutex> lock(s.sweep_mu);
    s.stopping = true;
  }
  s.sweep_cv.notify_all();
  s.http.stop();
}

}  // namespace certreg::http
