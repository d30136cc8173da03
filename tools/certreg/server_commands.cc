// `certreg serve` and `certreg token create|list|revoke`.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "certreg/app/signed_log.h"
#include "certreg/app/tokens.h"
#include "certreg/commands.h"
#include "certreg/http/server.h"
#include "certreg/logging.h"
#include "certreg/public_base_url.h"
#include "certreg/registry.h"
#include "certreg/serve_address.h"
#include "certreg/service_notify.h"
#include "certreg/serve_witnesses.h"

namespace certreg::tool {
namespace {

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Instant(std::int64_t micros) {
  const std::time_t t = static_cast<std::time_t>(micros / 1'000'000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Each connection is a descriptor: the soft limit (often 1024) is raised to
// the hard one so that the connection cap, not the limit, decides. The server
// caps connections below the limit itself (ServerOptions::open_file_limit).
void RaiseOpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int RunServe(const ServeArgs& args) {
  std::string host;
  int port = 0;
  if (!ParseListen(args.listen, &host, &port)) {
    fmt::print(stderr, "certreg serve: --listen must be HOST:PORT, e.g. 127.0.0.1:8080\n");
    return 2;
  }
  std::string public_base_url = args.public_base_url;
  if (Status checked = CheckPublicBaseUrl(public_base_url, host); !checked.ok()) {
    fmt::print(stderr, "certreg serve: {}\n", checked.message());
    return 2;
  }
  http::ServerOptions witnessed;  // the witness settings, refused before the store is opened
  if (Status witnesses = SetWitnessOptions(args, &witnessed); !witnesses.ok()) {
    fmt::print(stderr, "certreg serve: {}\n", witnesses.message());
    return 2;
  }
  // SIGINT and SIGTERM are taken by one watcher thread (below); every other
  // thread, the store's and the server's included, inherits this mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);  // the watcher's own wake-up at shutdown
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (!SetUpLogging(args)) return 2;  // buffered standard error: see certreg/logging.h

  store::StoreOptions store_options;
  store_options.disk_reserve_bytes = args.disk_reserve_mb << 20;
  store_options.memory_budget_bytes = args.memory_budget_mb << 20;
  const LogOriginSetting origin{
      .given = args.log_origin, .fallback = DefaultLogOrigin(public_base_url), .key_file = args.log_key};
  auto registry = OpenRegistryOrReport("serve", args.data, {args.calendar, args.scheme, args.time_zone},
                                       std::move(store_options), /*create=*/false, origin);
  if (!registry) return 2;
  if (origin.given.empty() && origin.key_file.empty() && !public_base_url.empty() &&
      registry->log_keys.log.name != origin.fallback) {
    spdlog::warn("the log's origin stays {} (its keys' name), not {} from --public-base-url", registry->log_keys.log.name,
                 origin.fallback);
  }
  if (const store::StoreHealth health = registry->store->Health();
      health.state != store::StoreHealth::State::kWritable) {
    spdlog::warn("the store takes no writes now (507 until it does): {}", health.detail);
  }
  for (const domain::RegistryWarning& warning : registry->service->Warnings()) {
    spdlog::warn("{}: {}", warning.code, warning.message);
  }
  // The signed log refuses a store whose events no longer give the root of the last signed checkpoint.
  app::SignedLog signed_log(*registry->store, registry->log_keys.log, registry->log_keys.status);
  if (Status opened = signed_log.Open(); !opened.ok()) {
    fmt::print(stderr, "certreg serve: refusing to serve {}: {}\n", args.data, opened.message());
    return 2;
  }
  app::TokenRegistry tokens(*registry->store);
  http::ServerOptions options;
  options.host = host;
  options.port = port;
  options.threads = args.threads;
  options.max_body_bytes = args.max_body_bytes;
  options.sweep_interval = std::chrono::seconds(args.sweep_interval_seconds);
  options.public_base_url = public_base_url;
  options.body_name = args.body_name;
  options.body_contact = args.body_contact;
  options.complaint_channel = args.complaint_channel;
  options.icp_filing = args.icp_filing;
  options.max_connections = args.max_connections;
  options.read_timeout = std::chrono::seconds(args.read_timeout_seconds);
  options.keep_alive_timeout = std::chrono::seconds(args.keep_alive_seconds);
  options.max_request_line_bytes = args.max_request_line_bytes;
  options.max_header_count = args.max_header_count;
  options.max_header_bytes = args.max_header_bytes;
  options.max_connections_per_address = args.max_connections_per_address;
  options.max_buffered_request_bytes = args.max_buffered_request_mb << 20;
  options.log_format = args.log_format == "json" ? http::ServerOptions::LogFormat::kJson
                                                 : http::ServerOptions::LogFormat::kText;
  options.trusted_proxies = args.trusted_proxies;
  options.checkpoint_interval = std::chrono::milliseconds(std::lround(args.checkpoint_interval_seconds * 1000));
  options.witnesses = std::move(witnessed.witnesses);
  options.witness_quorum = witnessed.witness_quorum;
  options.witness_refresh = witnessed.witness_refresh;
  options.feed_heartbeat = std::chrono::milliseconds(std::lround(args.feed_heartbeat_seconds * 1000));
  options.max_feed_streams = args.max_feed_streams;
  options.feed_stream_buffer_bytes = args.feed_stream_buffer_kb << 10;
  RaiseOpenFileLimit();
  http::Server server(*registry->service, tokens, signed_log, options);
  if (Status bound = server.Bind(); !bound.ok()) {
    fmt::print(stderr, "certreg serve: {}\n", bound.ToString());
    return 2;
  }
  WriteServeAddress(args.data, host, server.port());  // for `certreg backup` (serve_address.h)

  std::thread watcher([&server, &signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    if (signal != SIGUSR1) spdlog::info("signal {}: finishing the requests in flight, then stopping", signal);
    if (signal != SIGUSR1) NotifyStopping();
    server.Stop();
  });
  fmt::print("listening on http://{}:{}\n", host, server.port());
  std::fflush(stdout);
  NotifyReady();
  spdlog::info("serving {} on http://{}:{} (log size {})", args.data, host, server.port(),
               registry->store->Head().size);
  Status ran = server.Run();
  pthread_kill(watcher.native_handle(), SIGUSR1);
  watcher.join();
  RemoveServeAddress(args.data);
  // The service and the store close after the last request: queued appends finish first.
  registry->service.reset();
  registry->store.reset();
  spdlog::info("stopped; the store is closed");
  spdlog::default_logger()->flush();
  if (!ran.ok()) {
    fmt::print(stderr, "certreg serve: {}\n", ran.ToString());
    return 2;
  }
  return 0;
}

int RunTokenCreate(const TokenCreateArgs& args) {
  auto registry = OpenRegistryOrReport("token create", args.data);
  if (!registry) return 2;
  app::TokenRegistry tokens(*registry->store);
  auto issued = tokens.Create(args.role, args.name, NowMicros());
  if (!issued.ok()) {
    fmt::print(stderr, "certreg token create: {}\n", issued.status().message());
    return 2;
  }
  fmt::print("token {} for {} ({}); shown once, keep it secret:\n{}\n", issued->info.id, issued->info.name,
             issued->info.role, issued->token);
  return 0;
}

int RunTokenList(const TokenListArgs& args) {
  auto registry = OpenRegistryOrReport("token list", args.data);
  if (!registry) return 2;
  auto list = app::TokenRegistry(*registry->store).List();
  if (!list.ok()) {
    fmt::print(stderr, "certreg token list: {}\n", list.status().ToString());
    return 2;
  }
  fmt::print("{:<16}  {:<20}  {:<10}  {:<20}  {}\n", "id", "name", "role", "created", "revoked");
  for (const app::TokenInfo& t : *list) {
    fmt::print("{:<16}  {:<20}  {:<10}  {:<20}  {}\n", t.id, t.name, t.role, Instant(t.created_at_micros),
               t.revoked_at_micros ? Instant(*t.revoked_at_micros) : "-");
  }
  return 0;
}

int RunTokenRevoke(const TokenRevokeArgs& args) {
  auto registry = OpenRegistryOrReport("token revoke", args.data);
  if (!registry) return 2;
  auto revoked = app::TokenRegistry(*registry->store).Revoke(args.id, NowMicros());
  if (!revoked.ok()) {
    fmt::print(stderr, "certreg token revoke: {}\n", revoked.status().message());
    return revoked.status().code() == Status::Code::kNotFound ? 1 : 2;
  }
  fmt::print("token {} revoked\n", args.id);
  return 0;
}

}  // namespace certreg::tool
