// DATA/serve.address: where a running `certreg serve` of a data directory
// listens, so that commands refused by the directory's lock (`certreg
// backup`) can ask the server instead. One line "HOST:PORT"; written once the
// server listens, removed when it stops cleanly (a killed server leaves it:
// a stale file is harmless, since it is read only while the lock is held).
#pragma once

#include <optional>
#include <string>

#include "certreg/common/status.h"

namespace certreg::tool {

inline constexpr char kServeAddressFile[] = "serve.address";

// Splits --listen's HOST:PORT (port 0 to 65535); false when it is not that.
bool ParseListen(const std::string& listen, std::string* host, int* port);

// Best effort: a failure is logged and the server serves on.
void WriteServeAddress(const std::string& data, const std::string& host, int port);
void RemoveServeAddress(const std::string& data);

// The address a client connects to: HOST:PORT, with an unspecified host
// (0.0.0.0, ::) read as loopback. NotFound when the file is missing.
Result<std::string> ReadServeAddress(const std::string& data);

struct HttpAnswer {
  int status = 0;
  std::string body;
};

// One request over a new connection to `address` (HOST:PORT, as
// ReadServeAddress gives), Connection: close; IOError when no answer came.
Result<HttpAnswer> HttpRequest(const std::string& address, const std::string& method, const std::string& target,
                               const std::string& bearer_token, const std::string& json_body);

}  // namespace certreg::tool
