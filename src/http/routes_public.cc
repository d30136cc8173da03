// The public query API (api.md, "Public"): no token, no personal data. The
// rows it reads (the public index) hold none, so there is none to leak.

#include "certreg/projections/keys.h"
#include "certreg/projections/query.h"
#include "http/public_url.h"
#include "http/range_query.h"
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

// A page of the certificate's public history (README, "Histories in pages"):
// `changes` and `status_history` are each paged by their own row index, with
// the same `from` and `limit`; `next` is there while either list has rows
// after this page (the other is then empty or short). Concatenating the pages
// gives each list whole. nullopt when it answered (404, 422, 503) itself.
std::optional<nlohmann::json> PublicHistoryPage(Api& api, Call& call, const std::string& number) {
  auto range = RangeQuery(call, kPublicHistoryPage);
  if (!range) return std::nullopt;
  auto changes = api.registry.ChangeHistoryPage(number, range->from, range->limit);
  auto statuses = changes.ok() ? api.registry.StatusHistoryPage(number, range->from, range->limit)
                               : Result<app::HistoryPage<projections::StatusRow>>(changes.status());
  if (!statuses.ok() || !changes.ok()) {
    const Status& failed = !changes.ok() ? changes.status() : statuses.status();
    if (!Unavailable(call, failed)) SendProblem(call, NotFound("certificate " + number));
    return std::nullopt;
  }
  nlohmann::json body = PublicHistory(changes->items, statuses->items);
  std::optional<std::uint64_t> next;
  if (changes->next || statuses->next) next = range->from + range->limit;
  AddPaging(body, range->from, next);
  return body;
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
  const bool shared = !include && PublicUrlIsFixed(api);  // the kept answer holds the public URL
  if (shared) {
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
  body["public_url"] = PublicCertificateUrl(api, call, number);
  if (include) {
    auto history = PublicHistoryPage(api, call, number);
    if (!history) return;
    body["history"] = std::move(*history);
  }
  PublicCache(call);
  SendJson(call, 200, body);
  if (shared) api.lookups.Keep(number, std::move(**bytes), today.days(), call.res.body);
}

void GetHistory(Api& api, Call& call) {
  auto history = PublicHistoryPage(api, call, call.param("certificate_no"));
  if (!history) return;
  PublicCache(call);
  SendJson(call, 200, *history);
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
    items.back()["public_url"] = PublicCertificateUrl(api, call, row.number);
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
