// Bearer tokens over HTTP, for admins: create, list and revoke while the
// server runs (the command line needs the data directory, which a running
// server holds). Tokens are not events: they live in the `tokens` column
// family (certreg/app/tokens.h), written beside the appends.
#include <chrono>

#include <spdlog/spdlog.h>

#include "http/body_reader.h"
#include "http/render.h"
#include "http/router.h"

namespace certreg::http {
namespace {

const std::vector<std::string> kAdmin = {"admin"};

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

nlohmann::json TokenJson(const app::TokenInfo& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"role", t.role},
          {"created_at", Instant(t.created_at_micros)},
          {"revoked_at", t.revoked_at_micros ? nlohmann::json(Instant(*t.revoked_at_micros)) : nlohmann::json(nullptr)}};
}

void ListTokens(Api& api, Call& call) {
  auto tokens = api.tokens.List();
  if (!tokens.ok()) {
    return SendStatus(call, tokens.status().WithContext("listing tokens"));
  }
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : *tokens) items.push_back(TokenJson(t));
  SendJson(call, 200, {{"tokens", items}});
}

void CreateToken(Api& api, Call& call) {
  if (!IsJsonContentType(call.req.get_header_value("Content-Type"))) return SendProblem(call, UnsupportedMediaType());
  Problem problem;
  auto body = ParseJson(call.req.body, &problem);
  if (!body) return SendProblem(call, problem);
  std::vector<domain::FieldError> errors;
  BodyReader reader(*body, "", &errors);
  std::optional<std::string> role =
      reader.RawEnum("role", Need::kRequired, {"clerk", "auditor", "committee", "regulator", "admin"});
  const std::string name = reader.Text("name", Need::kRequired, 64);
  reader.Finish();
  if (!errors.empty()) return SendProblem(call, Invalid(std::move(errors)));
  auto issued = api.tokens.Create(*role, name, NowMicros());
  if (!issued.ok()) {
    if (issued.status().code() == Status::Code::kInvalidArgument) {
      return SendProblem(call, Invalid({{"name", "must be 1 to 64 bytes of UTF-8 without spaces, control, invisible or bidirectional characters, and not 'system'"}}));
    }
    return SendStatus(call, issued.status().WithContext("creating a token"));
  }
  spdlog::info("request {}: token {} created for {} ({}) by {}", call.request_id, issued->info.id, issued->info.name,
               issued->info.role, call.actor->name);
  nlohmann::json out = TokenJson(issued->info);
  out["token"] = issued->token;  // shown once: only its hash is kept
  call.res.set_header("Location", "/api/v1/tokens/" + issued->info.id);
  SendJson(call, 201, out);
}

// One token as the list shows it (the Location of a created token).
void GetToken(Api& api, Call& call) {
  const std::string& id = call.param("token_id");
  auto tokens = api.tokens.List();
  if (!tokens.ok()) return SendStatus(call, tokens.status().WithContext("reading token " + id));
  for (const auto& t : *tokens) {
    if (t.id == id) return SendJson(call, 200, TokenJson(t));
  }
  SendProblem(call, NotFound("token " + id));
}

void RevokeToken(Api& api, Call& call) {
  const std::string& id = call.param("token_id");
  auto revoked = api.tokens.Revoke(id, NowMicros());
  if (!revoked.ok()) {
    if (revoked.status().code() == Status::Code::kNotFound) return SendProblem(call, NotFound("token " + id));
    return SendStatus(call, revoked.status().WithContext("revoking token " + id));
  }
  spdlog::info("request {}: token {} revoked by {}", call.request_id, id, call.actor->name);
  SendJson(call, 200, TokenJson(*revoked));
}

}  // namespace

void AddTokenRoutes(Router& r) {
  r.Add("GET", "/api/v1/tokens", kAdmin, ListTokens);
  r.Add("POST", "/api/v1/tokens", kAdmin, CreateToken);
  r.Add("GET", "/api/v1/tokens/{token_id}", kAdmin, GetToken);
  r.Add("POST", "/api/v1/tokens/{token_id}/revocation", kAdmin, RevokeToken);
}

}  // namespace certreg::http
