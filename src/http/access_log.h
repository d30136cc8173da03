// Internal to the HTTP room: the one access-log line of each request.
//
// Lines go, at level info, to the logger the server was made with: the spdlog
// logger named "access" (kAccessLogger) when one is registered, else the
// default logger. The text form is
//   REQUEST_ID METHOD PATH STATUS 1.234ms actor=NAME remote=ADDRESS
// with request text made safe by LogText. The JSON form (ServerOptions::
// log_format == kJson) is one JSON object holding request_id, method, path,
// query, status, bytes, ms, actor, remote and user_agent; the process's log
// formatter (tools/certreg/logging.h) adds ts and level in front of them.
// Any bytes a client sends (quotes, controls, invalid UTF-8) still give valid
// JSON: controls are escaped and invalid UTF-8 becomes U+FFFD.
#pragma once

#include <cstddef>
#include <string_view>

#include <spdlog/logger.h>

#include "certreg/http/server.h"

namespace certreg::http {

struct AccessRecord {
  std::string_view request_id;
  std::string_view method;
  std::string_view path;
  std::string_view query;       // the raw query string, without '?'
  int status = 0;
  std::size_t bytes = 0;        // body bytes of the answer
  double ms = 0;                // time from the request read to the answer ready
  std::string_view actor;       // the token's user; empty: none
  std::string_view remote;      // the client address (trusted proxies resolved)
  std::string_view user_agent;
};

void WriteAccessLog(spdlog::logger& logger, const AccessRecord& record, bool json);

}  // namespace certreg::http
