// The server's own log (certreg serve): its options and its set-up.
//
// Lines go to standard error through one buffered sink, written out every
// second and at once for warnings (one write() per request would cost the
// public lookups a sixth of their rate). Three forms:
//   text     "2026-12-01T12:00:00.000+0800 info MESSAGE" (the default)
//   json     one object a line: {"ts","level","msg"}, and for access-log lines
//            {"ts","level","request_id","method","path","query","status",
//            "bytes","ms","actor","remote","user_agent"} (src/http/access_log.h)
//   journal  when standard error is the journal (JOURNAL_STREAM names its
//            device and inode, as systemd sets it): each line starts with the
//            sd-daemon priority "<N>" (3 error, 4 warning, 6 info, 7 debug),
//            which journald takes off and keeps as the priority; text lines
//            then carry no timestamp of their own (the journal has one).
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace certreg::tool {

struct ServeArgs;

// --log-format text|json, --log-level trace|debug|info|warn|error|off and
// --trusted-proxy CIDR (repeatable) on `serve`.
void AddLoggingOptions(CLI::App* serve, ServeArgs& args);

// Installs the logger of `certreg serve` (the default logger and the access
// logger, one sink) as `args` asks. False, with the cause printed, when the
// format or level is none of the known ones.
bool SetUpLogging(const ServeArgs& args);

// Whether standard error is the journal stream that JOURNAL_STREAM names.
bool StderrIsJournal();

}  // namespace certreg::tool
