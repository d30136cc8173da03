// The HTTP benchmarks' client side, as wrk does it: one thread drives many
// keep-alive connections over non-blocking sockets (epoll), each sending its
// next request as soon as its previous answer arrived, and reads only the
// status line and Content-Length of each answer, so that the clients cost
// the machine's cores as little as possible and the benchmark measures the
// server.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace certreg::tool {

// The bytes of connection `connection`'s `i`-th request (a whole HTTP/1.1 request).
using RequestMaker = std::function<std::string(int connection, std::uint64_t i)>;

struct LoadReport {
  std::uint64_t acknowledged = 0;                 // 2xx answers within the run
  std::map<std::string, std::uint64_t> refusals;  // other answers by status; "no answer" for a lost connection
  std::string first_refusal;                      // its status and the start of its body
  double seconds = 0;                             // how long the run took
};

// Drives `connections` connections to 127.0.0.1:`port` for `seconds` from the
// calling thread; answers to requests still in flight at the end are not counted.
LoadReport DriveLoad(int port, int connections, double seconds, const RequestMaker& make);

// A POST of a JSON body with a bearer token, keep-alive.
std::string JsonPost(std::string_view path, std::string_view token, std::string_view body);

}  // namespace certreg::tool
