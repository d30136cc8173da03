// The registry's HTTP server (api.md): staff commands, regulators' replay,
// the public query API and page, and operations endpoints, on the project's
// own HTTP/1.1 connection layer (src/http/connection_loop.h: one event thread,
// a fixed pool of workers that only run handlers on complete requests).
//
// Handlers are thin: parse -> application service -> map the outcome through
// one table (http/problem.h) -> render. Every request gets one access-log
// line with a request id. A refused request writes nothing.
//
// Thread-safe: Stop() may be called from any thread (e.g. a signal watcher).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/app/registry.h"
#include "certreg/app/signed_log.h"
#include "certreg/app/tokens.h"
#include "certreg/common/cosignature.h"
#include "certreg/common/status.h"

namespace certreg::http {

// The spdlog logger the access log goes to when one is registered under this
// name before the server is made (else the default logger): the process's
// log set-up registers it, so that its formatter can tell access lines.
inline constexpr char kAccessLogger[] = "access";

// A witness of the verifiable log.
struct WitnessOptions {
  std::string name;  // its cosigner name (the name of `key`)
  std::string url;   // http(s)://HOST[:PORT][/PATH]; add-checkpoint is POSTed to URL/add-checkpoint
  CosignerKey key;   // its cosignature/v1 verifier key
};
// Ok for a URL a witness may have: http:// or https://, a host, an optional
// port and path, no query, fragment or user; else InvalidArgument saying so.
Status CheckWitnessUrl(std::string_view url);

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                           // 0: any free port (see Server::port())
  std::size_t max_body_bytes = 1 << 20;      // 1 MiB, whatever the framing; larger bodies get 413
  // Workers running handlers on complete requests (idle or half-sent
  // connections hold none). 64: enough writers waiting in the store's group
  // commit at once for its batches to gather under many concurrent clients.
  int threads = 64;
  std::chrono::seconds read_timeout{10};     // a request's head, then its body, must arrive within it: else 408
  std::chrono::seconds write_timeout{10};    // an answer not drained within it: the connection is closed
  std::chrono::seconds keep_alive_timeout{5};  // a connection with no request begun is closed after this
  std::size_t max_request_line_bytes = 8 << 10;  // 8 KiB; longer gets 414
  std::size_t max_header_count = 100;            // more header fields get 431
  std::size_t max_header_bytes = 32 << 10;       // 32 KiB of header block; more gets 431
  std::size_t max_connections = 10'000;      // at the cap the oldest idle one is closed, else the new one
  // The open-file limit the connection cap must leave room under; 0: the
  // soft RLIMIT_NOFILE when the server is made. Connections are capped at
  // min(max_connections, this limit - a reserve for the store's files (256,
  // at most half the limit)), so clients can never take the descriptors
  // RocksDB needs for a new WAL or SST file.
  std::size_t open_file_limit = 0;
  // 256 MiB: request bytes read and not yet handed to a worker (heads and
  // bodies), across all connections; a read that would pass it gets 503.
  std::size_t max_buffered_request_bytes = 256 << 20;
  // More connections from one client address are closed at once; 0 (the
  // default): no cap. Off by default because the server is meant to sit
  // behind a reverse proxy, whose one address every client then has (the
  // proxy limits connections per client); set it when clients connect directly.
  std::size_t max_connections_per_address = 0;
  std::chrono::milliseconds stop_grace{2'000};  // Stop(): how long answers in flight may take to drain
  int listen_backlog = 4096;                 // the kernel's accept queue
  std::chrono::seconds sweep_interval{600};  // the time-driven sweep: at start and then so often; 0: never
  std::string public_base_url;               // for QR codes; default http://host:port, or the Host of a request
                                             // when host is a wildcard (0.0.0.0, ::)
  // The certification body as the public page shows it (GET /public/v1/registry);
  // empty: not shown.
  std::string body_name;
  std::string body_contact;
  std::string complaint_channel;
  std::string icp_filing;                    // the site's ICP filing number (ICP备案号)
  // The access log's form: text lines, or one JSON object a line (see
  // src/http/access_log.h); other lines follow the process's logger.
  enum class LogFormat { kText, kJson };
  LogFormat log_format = LogFormat::kText;
  // Peers whose X-Forwarded-For and X-Forwarded-Proto are believed: IPv4 or
  // IPv6 ranges ("10.0.0.0/8", "::1/128", or one address); none by default.
  // Bind() refuses a range it cannot read (InvalidArgument naming it).
  std::vector<std::string> trusted_proxies;
  // The verifiable log: how often a checkpoint is signed while the tree
  // grows (also at start and at a clean stop); 0: never by the server (the
  // caller signs through app::SignedLog, as tests do).
  std::chrono::milliseconds checkpoint_interval{1'000};
  // Witnesses (README, "The verifiable log: witnesses"; trust.md §6): each
  // signed checkpoint is sent to every one (tlog-witness add-checkpoint) and
  // served at GET /log/checkpoint only once `witness_quorum` of them
  // cosigned it. None (the default): checkpoints are served once signed.
  // Bind() refuses a URL it cannot use and a quorum above the count
  // (InvalidArgument naming them).
  std::vector<WitnessOptions> witnesses;
  std::size_t witness_quorum = 0;                       // 0: all the witnesses
  std::chrono::milliseconds witness_refresh{600'000};   // 10 min: the latest checkpoint is re-witnessed at least so often
  std::chrono::milliseconds witness_timeout{5'000};     // one add-checkpoint call: to connect, and to answer
  // The change feed's stream, GET /public/v1/feed/stream (README, "The change feed"):
  std::chrono::milliseconds feed_heartbeat{15'000};  // 15 s: a comment line (": ping") to every client so often
  std::size_t max_feed_streams = 5'000;              // stream clients at most; more get 503 with Retry-After
  // 1 MiB: a stream client's bytes not yet taken by its socket; a client
  // that falls further behind is disconnected (it resumes from its cursor).
  std::size_t feed_stream_buffer_bytes = 1 << 20;
};

// One route of the server's table.
struct RouteInfo {
  std::string method;              // GET, POST or PUT (a GET route answers HEAD too)
  std::string pattern;             // e.g. "/api/v1/files/{file_id}"
  std::vector<std::string> roles;  // who may call it; empty: anyone, no token needed
};

// Every route a Server registers, in table order; built without a server or
// a store (for checks such as the OpenAPI document's coverage).
std::vector<RouteInfo> RegisteredRoutes();

class Server {
 public:
  // Everything must outlive the server. `signed_log` is opened
  // (SignedLog::Open) over the registry's store.
  Server(app::Registry& registry, app::TokenRegistry& tokens, app::SignedLog& signed_log, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket. IOError when the address cannot be bound.
  Status Bind();
  // The bound port (after Bind).
  int port() const;
  // The connections held at most: max_connections, lowered to leave the
  // store its reserve of open files (ServerOptions::open_file_limit).
  std::size_t connection_cap() const;
  // Serves until Stop(): accepting ends at once, handlers in flight finish
  // and their answers drain for at most stop_grace, then it returns.
  Status Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace certreg::http
