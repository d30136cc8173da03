#include "http/problem.h"

#include <spdlog/spdlog.h>

#include "http/router.h"

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
    for (const FieldError& e : errors) j["errors"].push_back({{"field", e.field}, {"message", e.message}});
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

Problem ConnectionProblem(int status, std::string detail, std::size_t max_body_bytes) {
  if (status == 413) return PayloadTooLarge(max_body_bytes);
  Problem p = status == 415 ? UnsupportedMediaType() : BadRequest();
  switch (status) {
    case 408: p.type = "request-timeout", p.title = "Request timeout"; break;
    case 414: p.type = "uri-too-long", p.title = "Request line too long"; break;
    case 431: p.type = "header-fields-too-large", p.title = "Request header fields too large"; break;
    case 501: p.type = "not-implemented", p.title = "Not implemented"; break;
    case 503: p.type = "service-unavailable", p.title = "Service unavailable"; break;
    case 505: p.type = "http-version-not-supported", p.title = "HTTP version not supported"; break;
    default: break;
  }
  p.status = status;
  p.detail = std::move(detail);
  return p;
}

Problem Internal() {
  return Make(500, "internal-error", "Internal error", "the registry could not complete the request; nothing was recorded unless a later read shows it");
}

Problem ProblemOf(const Status& status) {
  using Code = Status::Code;
  using Sub = Status::SubCode;
  switch (status.code()) {
    case Code::kInvalidArgument: {
      std::vector<FieldError> errors = status.field_errors();
      if (errors.empty()) errors.push_back({"body", status.message()});
      Problem p = Make(422, "validation-failed", "Invalid request",
                       std::to_string(errors.size()) + (errors.size() == 1 ? " field is" : " fields are") + " invalid");
      p.errors = std::move(errors);
      return p;
    }
    case Code::kRejected: {
      if (status.subcode() == Sub::kDuplicateApplication) {
        return Make(409, "duplicate-application", "Duplicate application", status.message());
      }
      Problem p = Make(409, "state-conflict", "Not allowed in the current state", status.message());
      p.current_status = status.current_state();
      return p;
    }
    case Code::kForbidden:
      if (status.subcode() == Sub::kConflictOfInterest) {
        return Make(403, "conflict-of-interest", "Conflict of interest", status.message());
      }
      return Make(403, "forbidden", "Forbidden", status.message());
    case Code::kNotFound:
      return Make(404, "not-found", "Not found", status.message());
    case Code::kConflict:
      if (status.subcode() == Sub::kIdempotencyKeyReused) {
        return Make(422, "idempotency-key-reused", "Idempotency key reused",
                    "this Idempotency-Key was used for a different request");
      } else {
        const std::string version = std::to_string(status.current_version().value_or(0));
        Problem p = Make(412, "stale-version", "Precondition failed",
                         "the file is at version " + version + "; read it again and retry with If-Match: \"" +
                             version + "\"");
        p.current_version = status.current_version().value_or(0);
        return p;
      }
    case Code::kIOError:
      if (status.subcode() == Sub::kNoSpace) {
        return Make(507, "insufficient-storage", "Insufficient storage",
                    "the registry's storage is full; nothing was recorded");
      }
      [[fallthrough]];
    case Code::kBusy:
      return Make(503, "unavailable", "Service unavailable", "the registry's storage is not available; try again later");
    case Code::kCorruption:
    case Code::kOk:
      break;
  }
  return Internal();
}

Problem NotFound(const std::string& what) { return ProblemOf(Status::NotFound(what + " not found")); }

Problem Invalid(std::vector<FieldError> errors) { return ProblemOf(Status::InvalidFields(std::move(errors))); }

Problem InvalidQuery(const std::string& parameter, const std::string& message) {
  return Invalid({{parameter, message}});
}

void SendStatus(Call& call, const Status& status) {
  const Status::Code code = status.code();
  if (code == Status::Code::kIOError || code == Status::Code::kBusy || code == Status::Code::kCorruption ||
      code == Status::Code::kOk) {
    spdlog::error("request {}: {}", call.request_id, status.ToString());
  }
  SendProblem(call, ProblemOf(status));
}

}  // namespace certreg::http
