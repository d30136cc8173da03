// The verifiable log's signing keys in a data directory (README, "The
// verifiable log: keys"; trust.md §2): DATA/keys/log.key names the log (its
// origin), DATA/keys/status.key is named <origin>/status. Each file is one
// line, Go's note private-key form "PRIVATE+KEY+<name>+<hex id>+<base64>",
// mode 0600 in a 0700 directory. The keys never go into an event, a response
// or a log line: only their verifier keys leave the process.
#pragma once

#include <string>

#include "certreg/common/signed_note.h"
#include "certreg/common/status.h"

namespace certreg::tool {

inline constexpr char kFallbackLogOrigin[] = "certreg.invalid/log";

// The origin setting: --log-origin when given, else `fallback` (serve: from
// --public-base-url), used when the keys are made.
struct LogOriginSetting {
  std::string given;
  std::string fallback = kFallbackLogOrigin;
  std::string key_file;  // --log-key FILE: the log key to use; empty: the stored one, or a new one
};

struct LogKeys {
  NoteSigner log;     // name: the origin
  NoteSigner status;  // name: <origin>/status
};

// The origin when --log-origin is not given: HOST[:PORT] of `public_base_url`
// followed by "/log"; "certreg.invalid/log" without a public base URL.
std::string DefaultLogOrigin(const std::string& public_base_url);

// Ok for a usable origin: non-empty, no space, '+' or control character, not
// ending in '/'. Else InvalidArgument saying why.
Status CheckLogOrigin(const std::string& origin);

// The keys of `data`: NotFound when DATA/keys holds neither file; Corruption
// naming the file when one is unreadable, malformed or names the wrong key.
Result<LogKeys> LoadLogKeys(const std::string& data);

// The keys of `data`, made first where missing (a new data directory, or a
// store from before the keys): named `origin`. When keys exist, `origin` is
// the one they were made with unless `explicit_origin`: a given --log-origin
// other than the stored one is refused (InvalidArgument naming both), since a
// log's origin never changes. `*created` says whether a file was written.
Result<LogKeys> EnsureLogKeys(const std::string& data, const std::string& origin, bool explicit_origin,
                             bool* created = nullptr);

// The log key of `--log-key FILE`: the file's one line in Go's form
// "PRIVATE+KEY+<name>+<hex id>+<base64>". InvalidArgument naming the file when
// it cannot be read, is not a regular file, is open to its group or others
// (a signing key is its owner's alone: the message says to chmod 600 it), or
// is malformed.
Result<NoteSigner> ReadGivenLogKey(const std::string& path);

// EnsureLogKeys with the log key given (`--log-key FILE`, ReadGivenLogKey):
// its name is the origin (a `given_origin` other than it is refused); a data
// directory without keys gets it copied into DATA/keys/log.key and a new
// status key named "<name>/status" beside it; a directory whose log key is
// another is refused (InvalidArgument naming both key ids): a log's key never
// changes silently.
Result<LogKeys> EnsureGivenLogKey(const std::string& data, const std::string& key_file,
                                  const std::string& given_origin, bool* created = nullptr);

// The two verifier keys, log key first, one a line.
std::string VerifierKeysText(const LogKeys& keys);

}  // namespace certreg::tool
