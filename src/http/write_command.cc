#include "http/write_command.h"

#include <algorithm>
#include <functional>

#include "http/body_reader.h"
#include "http/connection_loop.h"
#include "http/feed_hub.h"
#include "http/render.h"

namespace certreg::http {
namespace {

constexpr std::size_t kMaxIdempotencyKey = 128;

// "\"7\"" or W/"7" -> 7; nullopt when malformed.
std::optional<std::uint64_t> ParseVersionTag(std::string tag) {
  if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
  if (tag.size() < 3 || tag.front() != '"' || tag.back() != '"') return std::nullopt;
  const std::string digits = tag.substr(1, tag.size() - 2);
  if (digits.empty() || digits.size() > 19 || !std::all_of(digits.begin(), digits.end(), ::isdigit)) {
    return std::nullopt;
  }
  return std::stoull(digits);
}

bool ValidKey(const std::string& key) {
  return !key.empty() && key.size() <= kMaxIdempotencyKey &&
         std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// What a successful write creates, by its command.
enum class Creates { kNothing, kFile, kAudit, kFinding, kCertificate };

Creates CreatesOf(const domain::Command& command) {
  if (std::holds_alternative<domain::SubmitApplication>(command)) return Creates::kFile;
  if (std::holds_alternative<domain::PlanAudit>(command)) return Creates::kAudit;
  if (std::holds_alternative<domain::RecordFinding>(command)) return Creates::kFinding;
  if (std::holds_alternative<domain::IssueCertificate>(command)) return Creates::kCertificate;
  return Creates::kNothing;
}

// The status and Location of a successful write.
int CreatedStatus(const app::CommandResult& result, Creates creates, std::string* location) {
  switch (creates) {
    case Creates::kFile:
      *location = "/api/v1/files/" + result.file_id;
      return 201;
    case Creates::kAudit:
      if (result.audit_id.empty()) return 200;
      *location = "/api/v1/files/" + result.file_id + "/audits/" + result.audit_id;
      return 201;
    case Creates::kFinding:
      if (result.finding_id.empty()) return 200;
      *location = "/api/v1/files/" + result.file_id + "/findings/" + result.finding_id;
      return 201;
    case Creates::kCertificate: {
      const bool first_issue = result.certificate_no &&
                               std::any_of(result.events.begin(), result.events.end(),
                                           [](const app::AppendedEvent& e) { return e.type == "CertificateIssued"; });
      if (!first_issue) return 200;
      *location = "/api/v1/certificates/" + *result.certificate_no;
      return 201;
    }
    case Creates::kNothing:
      break;
  }
  return 200;
}

// Renders a command's outcome.
void Answer(Api& api, Call& call, Creates creates, const Result<app::CommandResult>& outcome) {
  if (!outcome.ok()) {
    // A refusal about the file names its version, as a read of it would.
    if (outcome.status().current_version().value_or(0) > 0) SetVersionTag(call, *outcome.status().current_version());
    return SendStatus(call, outcome.status());
  }
  if (api.feed != nullptr) api.feed->Notify();  // its public events reach the feed's streams now
  const app::CommandResult& result = *outcome;
  std::string location;
  const int status = CreatedStatus(result, creates, &location);
  if (!location.empty()) call.res.set_header("Location", location);
  if (result.replayed) call.res.set_header("Idempotent-Replayed", "true");
  SetVersionTag(call, result.version);
  SendJson(call, status, WriteResultJson(result));
}

}  // namespace

Handler WriteHandler(WriteTarget target, CommandParser parser) {
  return [target, parser](Api& api, Call& call) {
    // The body: JSON, said so. An empty body stands for {} (e.g. an approval).
    nlohmann::json body = nlohmann::json::object();
    if (!call.req.body.empty()) {
      if (!IsJsonContentType(call.req.get_header_value("Content-Type"))) return SendProblem(call, UnsupportedMediaType());
      Problem problem;
      auto parsed = ParseJson(call.req.body, &problem);
      if (!parsed) return SendProblem(call, problem);
      body = std::move(*parsed);
    }

    app::CommandRequest request;
    request.actor = *call.actor;
    std::vector<domain::FieldError> header_errors;
    if (call.req.has_header("Idempotency-Key")) {
      request.idempotency_key = call.req.get_header_value("Idempotency-Key");
      if (!ValidKey(request.idempotency_key)) {
        header_errors.push_back({"Idempotency-Key", "must be 1 to 128 visible ASCII characters"});
      }
    }
    // If-Match: "*" asks only that the file exist, which every write on a file does.
    if (call.req.has_header("If-Match") && call.req.get_header_value("If-Match") != "*") {
      request.expected_version = ParseVersionTag(call.req.get_header_value("If-Match"));
      if (!request.expected_version) header_errors.push_back({"If-Match", "must be a version tag such as \"7\", or *"});
    }

    // The file the command is for.
    switch (target) {
      case WriteTarget::kNewFile:
        break;
      case WriteTarget::kFile:
        request.file_id = call.param("file_id");
        break;
      case WriteTarget::kCertificate: {
        auto file = api.registry.FileOfCertificate(call.param("certificate_no"));
        if (!file.ok()) {
          if (file.status().code() == Status::Code::kNotFound) {
            return SendProblem(call, NotFound("certificate " + call.param("certificate_no")));
          }
          return SendStatus(call, file.status().WithContext("finding the file of a certificate"));
        }
        request.file_id = *file;
        break;
      }
    }

    PathIds ids;
    if (call.params.count("audit_id")) ids.audit_id = call.param("audit_id");
    if (call.params.count("finding_id")) ids.finding_id = call.param("finding_id");
    ParsedCommand parsed = ParseCommandBody(parser, body, ids);
    parsed.errors.insert(parsed.errors.begin(), header_errors.begin(), header_errors.end());
    const domain::Date effective = parsed.effective_date.value_or(api.registry.Today());
    ApplyEffectiveDate(&parsed.command, effective);
    request.command = std::move(parsed.command);
    request.effective_date = effective;
    if (!parsed.errors.empty()) {
      // Every invalid field at once: the rule's own checks too, on the fields that were readable.
      for (domain::FieldError& e : api.registry.FieldErrors(request)) {
        const bool listed = std::any_of(parsed.errors.begin(), parsed.errors.end(),
                                        [&](const domain::FieldError& p) { return p.field == e.field; });
        if (!listed) parsed.errors.push_back(std::move(e));
      }
      return SendProblem(call, Invalid(std::move(parsed.errors)));
    }
    // The same key with another body is another request (422); the date a
    // retry arrives on is not part of it when the body named none. Without a
    // key nothing compares it.
    if (!request.idempotency_key.empty()) {
      request.fingerprint = call.req.method + " " + call.req.path + "\n" + body.dump();
    }

    // Answered once what the command appended is durable: without holding
    // this worker when the server can answer later (DeferredSlot).
    const Creates creates = CreatesOf(request.command);
    const app::CommandInFlight command = api.registry.Begin(std::move(request));
    if (call.deferred == nullptr) return Answer(api, call, creates, command.Finish());
    if (auto outcome = command.TryFinish()) return Answer(api, call, creates, *outcome);  // refused or replayed at once
    call.deferred->arm = [command](std::function<void()> ready) { command.OnReady(std::move(ready)); };
    call.deferred->finish = [&api, &call, creates, command](bool may_wait) {
      if (may_wait) {
        Answer(api, call, creates, command.Finish());
        return true;
      }
      auto outcome = command.TryFinish();
      if (outcome) Answer(api, call, creates, *outcome);
      return outcome.has_value();
    };
  };
}

}  // namespace certreg::http
