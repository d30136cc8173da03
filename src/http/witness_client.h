// Internal to the http room: one witness's add-checkpoint endpoint
// (tlog-witness v1.0.0) through cpp-httplib's client, over http or https
// (the system's CA certificates), on one keep-alive connection.
//
// Not thread-safe: one client per witness, used by that witness's thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "certreg/common/status.h"

namespace certreg::http {

// A witness URL taken apart: "http(s)://HOST[:PORT]" and the path prefix ("" or "/..." without a trailing '/').
struct WitnessUrl {
  std::string origin;
  std::string path;
};
// InvalidArgument saying what a usable URL is: http:// or https://, a host,
// an optional port, an optional path; no query, fragment, user or space.
Result<WitnessUrl> ParseWitnessUrl(std::string_view url);

// A witness's answer; status 0 when none came (error says why).
struct WitnessReply {
  int status = 0;
  std::string content_type;
  std::string body;
  std::string error;
};

class WitnessClient {
 public:
  // `url` must have passed ParseWitnessUrl.
  WitnessClient(const std::string& url, std::chrono::milliseconds timeout);
  ~WitnessClient();
  WitnessClient(const WitnessClient&) = delete;
  WitnessClient& operator=(const WitnessClient&) = delete;

  // POST URL/add-checkpoint with `body` (text/plain).
  WitnessReply AddCheckpoint(const std::string& body);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace certreg::http
