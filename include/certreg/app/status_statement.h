// The certificate status statement (README, "The verifiable log: the status
// statement"; trust.md §5): a note signed with the status key stating a
// certificate's public status as of its latest public event in the tree of a
// signed checkpoint, followed by a c2sp.org/tlog-proof@v1 of that event
// against that checkpoint. Also the tlog-proof itself, which GET
// /log/proof/inclusion serves alone.
//
// The statement's text, line by line (every line "<key> <value>"):
//   <origin>/status-statement/v1
//   certificate <number>
//   status <VALID | SUSPENDED | REVOKED | CANCELLED>
//   status_since <YYYY-MM-DD: the effective date of the event that set the status>
//   valid_until <YYYY-MM-DD: the last day of the validity as last issued or renewed>
//   holder <the holder's name as of the event>
//   uscc <the holder's unified social credit code>
//   event <the log position of the certificate's latest public event below size>
//   size <the checkpoint's tree size>
//   root <the checkpoint's root, base64>
//   as_of <when the statement was signed, UTC, YYYY-MM-DDTHH:MM:SSZ>
// Validity is not a status (domain.md §4): a statement whose valid_until is
// before the date of its as_of is of a certificate out of validity.
//
// Thread-safe: plain functions over the registry's and the signed log's
// thread-safe reads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "certreg/app/registry.h"
#include "certreg/app/signed_log.h"
#include "certreg/common/status.h"

namespace certreg::app {

// c2sp.org/tlog-proof@v1 of the log's leaf `index` against `checkpoint`: an
// `extra` line with the leaf's bytes (base64) when `with_extra(event type)`
// says so, `index`, the inclusion proof's hashes, a blank line, the
// checkpoint's note as kept (with any cosignatures). The registry's errors
// (NotFound for a leaf beyond the checkpoint's tree).
Result<std::string> TlogProof(const Registry& registry, std::uint64_t index, const SignedCheckpoint& checkpoint,
                              const std::function<bool(std::string_view type)>& with_extra);

// What a statement states (see above).
struct StatementFacts {
  std::string origin;  // the log's origin; the first line is origin + kStatementSuffix
  std::string certificate;
  std::string status;  // domain::ToWire(CertificateStatus)
  std::string status_since;
  std::string valid_until;
  std::string holder;
  std::string uscc;
  std::uint64_t event = 0;
  std::uint64_t size = 0;
  std::string root;   // base64
  std::string as_of;  // YYYY-MM-DDTHH:MM:SSZ
  bool operator==(const StatementFacts&) const = default;
};

inline constexpr std::string_view kStatementSuffix = "/status-statement/v1";

// The statement's text (the note's body, ending in '\n').
std::string StatementText(const StatementFacts& facts);
// Parses a statement's text (the body of the opened note). InvalidArgument
// naming the first line that is missing, out of order, repeated, malformed,
// or not one of the statement's.
Result<StatementFacts> ParseStatementText(std::string_view text);

// A count as the log's texts and addresses write one (a tree size, a leaf
// index): decimal digits only, no leading zero, at most 19 digits; nullopt
// otherwise.
std::optional<std::uint64_t> ParseLogCount(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ" of microseconds since the epoch (UTC).
std::string UtcSeconds(std::int64_t micros);

// A signed statement: the status key's note and the tlog-proof of its event.
struct StatusStatement {
  StatementFacts facts;
  std::string note;   // the statement signed with the status key
  std::string proof;  // the tlog-proof of facts.event against the checkpoint
};

// The statement of certificate `number` against `checkpoint` (a signed one),
// as of its latest public event below the checkpoint's size, signed at
// `now_micros`. NotFound for an unknown certificate, and for one with no
// public event in that tree (issued after it); the registry's errors.
Result<StatusStatement> MakeStatusStatement(const Registry& registry, const SignedLog& signed_log,
                                            const std::string& number, const SignedCheckpoint& checkpoint,
                                            std::int64_t now_micros);

}  // namespace certreg::app
