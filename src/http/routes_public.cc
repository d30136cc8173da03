// The public query API (api.md, "Public"): no token, no personal data. The
// rows it reads (the public index) hold none, so there is none to leak.

#include "certreg/projections/keys.h"
#include "certreg/projections/query.h"
#include "http/render.h"
#include "http/router.h"

namespace certreg::http {
namespace {

// Public answers may be cached briefly by browsers and proxies.
void PublicCache(Call& call) { call.res.set_header("Cache-Control", "public, max-age=60"); }

bool Unavailable(Call& call, const Status& status) {
  if (status.code() == Status::Code::kNotFound) return false;
  SendStatus(call, status);
  return true;
}

void GetCertificate(Api& api, Call& call) {
  const std::string& number = call.param("certificate_no");
  auto include = call.query("include");
  if (include && *include != "history") return SendProblem(call, InvalidQuery("include", "must be history"));
  auto bytes = api.registry.CertificateRowBytes(number);
  if (!bytes.ok()) {
    if (!Unavailable(call, bytes.status())) SendProblem(call, NotFound("certificate " + number));
    return;
  }
  if (!bytes->has_value()) return SendProblem(call, NotFound("certificate " + number));
  const domain::Date today = api.registry.Today();
  if (!include) {
    if (auto kept = api.lookups.Find(number, **bytes, today.days())) {
      PublicCache(call);
      call.res.status = 200;
      call.res.set_content(std::move(*kept), "application/json");
      return;
    }
  }
  auto row = api.registry.DecodeCertificateRow(**bytes);
  if (!row.ok()) {
    if (!Unavailable(call, row.status())) SendProblem(call, NotFound("certificate " + number));
    return;
  }
  nlohmann::json body = PublicCertificate(*row, today);
  body["public_url"] = api.public_base_url + "/certificates/" + number;
  if (include) {
    auto changes = api.registry.ChangeHistory(number);
    auto statuses = api.registry.StatusHistory(number);
    if (!changes.ok() || !statuses.ok()) {
      if (Unavailable(call, !changes.ok() ? changes.status() : statuses.status())) return;
      return SendProblem(call, NotFound("certificate " + number));  // gone between the reads
    }
    body["history"] = PublicHistory(*changes, *statuses);
  }
  PublicCache(call);
  SendJson(call, 200, body);
  if (!include) api.lookups.Keep(number, std::move(**bytes), today.days(), call.res.body);
}

void GetHistory(Api& api, Call& call) {
  const std::string& number = call.param("certificate_no");
  auto changes = api.registry.ChangeHistory(number);
  if (!changes.ok()) {
    if (Unavailable(call, changes.status())) return;
    return SendProblem(call, NotFound("certificate " + number));
  }
  auto statuses = api.registry.StatusHistory(number);
  if (!statuses.ok()) {
    if (Unavailable(call, statuses.status())) return;
    return SendProblem(call, NotFound("certificate " + number));
  }
  PublicCache(call);
  SendJson(call, 200, PublicHistory(*changes, *statuses));
}

void Search(Api& api, Call& call) {
  projections::SearchQuery query;
  query.q = call.query("q").value_or("");
  if (query.q.size() > 400) return SendProblem(call, InvalidQuery("q", "must be at most 400 bytes"));
  if (auto status = call.query("status"); status && !status->empty()) {
    query.status = domain::FromWire<domain::CertificateStatus>(*status);
    if (!query.status) return SendProblem(call, InvalidQuery("status", "must be one of: VALID, SUSPENDED, REVOKED, CANCELLED"));
  }
  if (!PageQuery(call, &query.page, &query.page_size)) return;
  auto result = api.registry.Search(query);
  if (!result.ok()) {
    if (result.status().code() == Status::Code::kInvalidArgument) {
      return SendProblem(call, InvalidQuery("q", "is not a valid query"));
    }
    Unavailable(call, result.status());
    return;
  }
  const domain::Date today = api.registry.Today();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& row : result->items) {
    items.push_back(PublicCertificate(row, today));
    items.back()["public_url"] = api.public_base_url + "/certificates/" + row.number;
  }
  PublicCache(call);
  SendJson(call, 200,
           {{"items", items}, {"total", result->total}, {"page", result->page}, {"page_size", result->page_size}});
}

}  // namespace

void AddPublicRoutes(Router& r) {
  // First in the table: the public lookups are the hottest routes.
  r.Add("GET", "/public/v1/certificates/{certificate_no}", {}, GetCertificate);
  r.Add("GET", "/public/v1/certificates", {}, Search);
  r.Add("GET", "/public/v1/certificates/{certificate_no}/history", {}, GetHistory);
}

}  // namespace certreg::http
