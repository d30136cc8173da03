// The registry's HTTP server (api.md): staff commands, regulators' replay,
// the public query API and page, and operations endpoints, on cpp-httplib.
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
#include <vector>

#include "certreg/app/registry.h"
#include "certreg/app/tokens.h"
#include "certreg/common/status.h"

namespace certreg::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                           // 0: any free port (see Server::port())
  std::size_t max_body_bytes = 1 << 20;      // 1 MiB; larger bodies get 413
  int threads = 128;                         // each keep-alive connection holds one while open
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds write_timeout{10};
  std::chrono::seconds keep_alive_timeout{5};  // an idle keep-alive connection is closed after this
  int listen_backlog = 4096;                 // the kernel's accept queue (cpp-httplib compiles in 5)
  std::chrono::seconds sweep_interval{600};  // the time-driven sweep: at start and then so often; 0: never
  std::string public_base_url;               // for QR codes; default http://host:port
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
  // Everything must outlive the server.
  Server(app::Registry& registry, app::TokenRegistry& tokens,
         ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket. IOError when the address cannot be bound.
  Status Bind();
  // The bound port (after Bind).
  int port() const;
  // Serves until Stop(): requests in flight finish, then it returns.
  Status Run();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace certreg::http
