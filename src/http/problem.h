// RFC 9457 problem details (application/problem+json), api.md "Errors".
//
// Every refusal the API gives goes through here: ProblemOf is the one table
// from a Status to its HTTP status, and nothing but the text built here and
// the messages of refusals meant for people (never the text of storage
// trouble, an exception message, path or stack trace) reaches a client.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "certreg/common/status.h"

namespace certreg::http {

struct Problem {
  int status = 500;
  std::string type;    // a short slug, e.g. "conflict-of-interest"
  std::string title;   // fixed per type
  std::string detail;  // what happened, for a person
  std::optional<std::string> current_status;      // 409: VALID ... or the file's stage
  std::optional<std::uint64_t> current_version;   // 412
  std::vector<FieldError> errors;                 // 422: every invalid field

  nlohmann::json ToJson() const;
};

// The problems with a fixed meaning, about the request itself rather than a Status.
Problem BadJson();                                     // 400
Problem BadRequest();                                  // 400: the request itself could not be read
Problem Unauthenticated();                             // 401
Problem RoleForbidden(const std::string& role);        // 403
Problem MethodNotAllowed();                            // 405
Problem PayloadTooLarge(std::size_t limit);            // 413
Problem UnsupportedMediaType();                        // 415
Problem Internal();                                    // 500: details go to the log only
// What the connection layer answers a request it refused before routing
// (http/request_parser.h): 400, 408, 413, 414, 415, 431, 501, 503 or 505,
// with `detail` saying what was wrong.
Problem ConnectionProblem(int status, std::string detail, std::size_t max_body_bytes);

// The one table from a Status to its problem (api.md "Errors"):
//   kInvalidArgument      422 validation-failed, `errors` every invalid field
//                         (the message as a "body" error when none is named)
//   kRejected             409 state-conflict, `current_status`
//   kForbidden            403 forbidden; kConflictOfInterest: conflict-of-interest
//   kNotFound             404 not-found
//   kConflict             kStaleVersion: 412 stale-version, `current_version`;
//                         kIdempotencyKeyReused: 422 idempotency-key-reused
//   kIOError, kBusy       503 unavailable; kNoSpace: 507 insufficient-storage
//   kCorruption           500 internal-error
// The detail of storage trouble is generic: its message goes to the log only.
Problem ProblemOf(const Status& status);

// Shorthands through the table.
Problem NotFound(const std::string& what);                                       // 404 "<what> not found"
Problem Invalid(std::vector<FieldError> errors);                                 // 422
Problem InvalidQuery(const std::string& parameter, const std::string& message);  // 422

struct Call;
// Answers `status` (not ok) as its problem; storage trouble (IOError, Busy,
// Corruption) is logged first as an error under the request id.
void SendStatus(Call& call, const Status& status);

}  // namespace certreg::http
