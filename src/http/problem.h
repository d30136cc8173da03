// RFC 9457 problem details (application/problem+json), api.md "Errors".
//
// Every refusal the API gives goes through here, so that one table decides
// which status each outcome gets, and nothing but the text built here (never
// an exception message, path or stack trace) reaches a client.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "certreg/app/certification_service.h"
#include "certreg/domain/scoring.h"

namespace certreg::http {

struct Problem {
  int status = 500;
  std::string type;    // a short slug, e.g. "conflict-of-interest"
  std::string title;   // fixed per type
  std::string detail;  // what happened, for a person
  std::optional<std::string> current_status;      // 409: VALID ... or the file's stage
  std::optional<std::uint64_t> current_version;   // 412
  std::vector<domain::FieldError> errors;         // 422: every invalid field

  nlohmann::json ToJson() const;
};

// The problems with a fixed meaning.
Problem BadJson();                                     // 400
Problem BadRequest();                                  // 400: the request itself could not be read
Problem Unauthenticated();                             // 401
Problem RoleForbidden(const std::string& role);        // 403
Problem NotFound(const std::string& what);             // 404
Problem MethodNotAllowed();                            // 405
Problem PayloadTooLarge(std::size_t limit);            // 413
Problem UnsupportedMediaType();                        // 415
Problem Invalid(std::vector<domain::FieldError> errors);  // 422
Problem InvalidQuery(const std::string& parameter, const std::string& message);  // 422
Problem Internal();                                    // 500: details go to the log only
Problem Unavailable();                                 // 503

// The one table from a refused command to its problem (api.md):
// kInvalid 422, kState 409, kForbidden 403, kConflictOfInterest 403
// (type conflict-of-interest), kNotFound 404, a stale version 412, a reused
// idempotency key 422, storage trouble 503.
Problem FromCommandError(const app::CommandError& error);

}  // namespace certreg::http
