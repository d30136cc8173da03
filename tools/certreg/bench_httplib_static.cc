// `certreg bench httplib-static`: the ceiling a cpp-httplib server reaches
// answering one fixed body, for bench/public_lookup.sh to measure `certreg
// serve`'s public lookup against in the same run (README, "Benchmarks" →
// "Public lookups"). Every GET, whatever its path, gets the file's bytes as
// application/json; no routing, no logging, no metrics. A thread pool of 64
// (certreg serve's --threads default) holds each keep-alive connection;
// TCP_NODELAY, as certreg serve sets it.
#include <cstdio>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <httplib.h>

#include "certreg/commands.h"
#include "certreg/serve_address.h"

namespace certreg::tool {

int RunBenchHttplibStatic(const BenchHttplibStaticArgs& args) {
  std::ifstream in(args.body, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "certreg bench httplib-static: cannot read {}\n", args.body);
    return 2;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string body = bytes.str();
  std::string host;
  int port = 0;
  if (!ParseListen(args.listen, &host, &port)) {
    fmt::print(stderr, "certreg bench httplib-static: --listen must be HOST:PORT, not {}\n", args.listen);
    return 2;
  }
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  server.set_tcp_nodelay(true);                  // else Nagle holds the body behind the head for 40 ms
  server.set_keep_alive_max_count(1'000'000);    // else every 5th request opens a new connection
  server.Get(".*", [&body](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, "application/json");
  });
  const int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    fmt::print(stderr, "certreg bench httplib-static: cannot bind {}\n", args.listen);
    return 2;
  }
  fmt::print("listening on http://{}:{}\n", host, bound);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 2;
}

}  // namespace certreg::tool
