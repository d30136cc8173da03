#include "http/problem.h"

namespace certreg::http {
namespace {

Problem Make(int status, std::string type, std::string title, std::string detail) {
  Problem p;
  p.status = status;
  p.type = std::move(type);
  p.title = std::move(title);
  p.detail = std::move(detail);
  return p;
}

}  // namespace

nlohmann::json Problem::ToJson() const {
  nlohmann::json j = {{"type", type}, {"title", title}, {"status", status}, {"detail", detail}};
  if (current_status) j["current_status"] = *current_status;
  if (current_version) j["current_version"] = *current_version;
  if (!errors.empty()) {
    j["errors"] = nlohmann::json::array();
    for (const domain::FieldError& e : errors) j["errors"].push_back({{"field", e.field}, {"message", e.message}});
  }
  return j;
}

Problem BadJson() { return Make(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON"); }

Problem BadRequest() { return Make(400, "bad-request", "Bad request", "the request could not be read"); }

Problem Unauthenticated() {
  return Make(401, "unauthenticated", "Authentication required",
              "send Authorization: Bearer <token> with a valid, unrevoked token");
}

Problem RoleForbidden(const std::string& role) {
  return Make(403, "forbidden", "Forbidden", "the role " + role + " may not do this");
}

Problem NotFound(const std::string& what) { return Make(404, "not-found", "Not found", what + " not found"); }

Problem MethodNotAllowed() {
  return Make(405, "method-not-allowed", "Method not allowed", "this resource does not take that method");
}

Problem PayloadTooLarge(std::size_t limit) {
  return Make(413, "payload-too-large", "Payload too large",
              "the request body exceeds the limit of " + std::to_string(limit) + " bytes");
}

Problem UnsupportedMediaType() {
  return Make(415, "unsupported-media-type", "Unsupported media type",
              "a request with a body must say Content-Type: application/json");
}

Problem Invalid(std::vector<domain::FieldError> errors) {
  Problem p = Make(422, "validation-failed", "Invalid request",
                   std::to_string(errors.size()) + (errors.size() == 1 ? " field is" : " fields are") + " invalid");
  p.errors = std::move(errors);
  return p;
}

Problem InvalidQuery(const std::string& parameter, const std::string& message) {
  return Invalid({{parameter, message}});
}

Problem Internal() {
  return Make(500, "internal-error", "Internal error", "the registry could not complete the request; nothing was recorded unless a later read shows it");
}

Problem Unavailable() {
  return Make(503, "unavailable", "Service unavailable", "the registry's storage is not available; try again later");
}

Problem FromCommandError(const app::CommandError& error) {
  using Kind = app::CommandError::Kind;
  using RKind = domain::Rejection::Kind;
  switch (error.kind) {
    case Kind::kStaleVersion: {
      Problem p = Make(412, "stale-version", "Precondition failed",
                       "the file is at version " + std::to_string(error.current_version) +
                           "; read it again and retry with If-Match: \"" + std::to_string(error.current_version) +
                           "\"");
      p.current_version = error.current_version;
      return p;
    }
    case Kind::kIdempotencyReused:
      return Make(422, "idempotency-key-reused", "Idempotency key reused",
                  "this Idempotency-Key was used for a different request");
    case Kind::kUnavailable:
      return Unavailable();
    case Kind::kRejected:
      break;
  }
  const domain::Rejection& r = error.rejection;
  switch (r.kind) {
    case RKind::kInvalid: {
      Problem p = Invalid(r.errors);
      if (p.errors.empty()) p.errors.push_back({"body", r.message});
      return p;
    }
    case RKind::kState: {
      Problem p = Make(409, "state-conflict", "Not allowed in the current state", r.message);
      p.current_status = r.current_state;
      return p;
    }
    case RKind::kForbidden:
      return Make(403, "forbidden", "Forbidden", r.message);
    case RKind::kConflictOfInterest:
      return Make(403, "conflict-of-interest", "Conflict of interest", r.message);
    case RKind::kNotFound:
      return Make(404, "not-found", "Not found", r.message);
  }
  return Internal();
}

}  // namespace certreg::http
