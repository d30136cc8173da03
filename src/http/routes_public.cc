// The public query API (api.md, "Public"): no token, no personal data. The
// rows it reads (the public index) hold none, so there is none to leak.

#include <chrono>
#include <ctime>

#include "certreg/projections/keys.h"
#include "certreg/projections/query.h"
#include "http/conditional.h"
#include "http/csv.h"
#include "http/public_url.h"
#include "http/range_query.h"
#include "http/render.h"
#include "http/router.h"

namespace certreg::http {
namespace {

// Public answers state a certificate's status, and a change of it is seen
// through the shipped nginx within 1 s of its acknowledgement (README, "Behind
// nginx"). Browsers and caches may keep an answer 1 s (then revalidate by
// ETag). nginx counts in whole seconds (a copy is fresh while its clock's
// second is at most the copy's expiry second), so max-age=1 would let it serve
// a copy nearly 2 s; X-Accel-Expires (which nginx reads and does not pass on)
// tells it to keep the copy to the end of the second `since` falls in. `since`
// is read before the state the answer shows: a change acknowledged after it is
// newer than the answer, and the copy is gone within 1 s of that change.
std::time_t PublicNow() { return std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()); }
void PublicCache(Call& call, std::time_t since) {
  call.res.set_header("Cache-Control", "public, max-age=1");
  call.res.set_header("X-Accel-Expires", "@" + std::to_string(since));
}

// The columns of a search as CSV: the fields of a public lookup, nested ones flattened.
const std::vector<CsvColumn>& SearchColumns() {
  static const std::vector<CsvColumn> columns = [] {
    std::vector<CsvColumn> c;
    for (const char* name :
         {"certificate_no", "holder_name", "former_names", "uscc", "address", "address_kind", "scope", "basis",
          "certification_body", "category", "field", "mode", "first_issued_on", "issue_date", "valid_from",
          "valid_until", "status", "status_zh", "status_since", "in_validity", "status_note", "status_note_en"}) {
      c.push_back({name, std::string("/") + name});
    }
    for (const char* name : {"service_characteristic_score", "service_management_score", "qms_result",
                             "enhancement_score", "comprehensive_score"}) {
      c.push_back({std::string("evaluation.") + name, std::string("/evaluation/") + name});
    }
    for (const char* ending : {"cancellation", "revocation"}) {
      for (const char* name : {"date", "grounds", "grounds_text", "grounds_text_en"}) {
        c.push_back({std::string(ending) + "." + name, "/" + std::string(ending) + "/" + name});
      }
    }
    c.push_back({"cancellation.announced_on", "/cancellation/announced_on"});
    for (const char* name : {"date", "grounds", "grounds_text", "grounds_text_en"}) {
      c.push_back({std::string("suspension.") + name, std::string("/suspension/") + name});
    }
    c.push_back({"public_url", "/public_url"});
    return c;
  }();
  return columns;
}

// Whether the search is asked for as CSV: format=csv, or (without format) an
// Accept naming text/csv. nullopt when `format` is malformed: it answered 422.
std::optional<bool> WantsCsv(Call& call) {
  const auto format = call.query("format");
  if (format && *format != "json" && *format != "csv") {
    SendProblem(call, InvalidQuery("format", "must be json or csv"));
    return std::nullopt;
  }
  if (format) return *format == "csv";
  return call.req.get_header_value("Accept").find("text/csv") != std::string::npos;
}

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

// Answers with the lookup kept for `number` if it was rendered from `row` on
// `today`; false, having set nothing, when none is.
bool SendKept(Api& api, Call& call, std::time_t since, const std::string& number, const std::string& row,
              domain::Date today) {
  auto kept = api.lookups.Find(number, row, today.days());
  if (!kept) return false;
  PublicCache(call, since);
  call.res.status = 200;
  call.res.set_header("ETag", kept->etag);  // kept with the body: a hit hashes nothing
  call.res.set_content(std::move(kept->body), "application/json");
  return true;
}

// On the event thread (QuickHandler): a lookup without `include` whose answer
// is kept and still the certificate's (one read of its row: one whose answer
// was kept was read when it was rendered, so it is in RocksDB's caches).
// Anything else (an unkept number, a changed row, an error) goes to GetCertificate.
bool QuickGetCertificate(Api& api, Call& call) {
  const std::time_t since = PublicNow();
  const std::string& number = call.param("certificate_no");
  if (call.req.has_param("include") || !PublicUrlIsFixed(api) || !api.lookups.Holds(number)) return false;
  auto bytes = api.registry.CertificateRowBytes(number);
  if (!bytes.ok() || !bytes->has_value()) return false;
  return SendKept(api, call, since, number, **bytes, api.registry.Today());
}

void GetCertificate(Api& api, Call& call) {
  const std::time_t since = PublicNow();
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
  if (shared && SendKept(api, call, since, number, **bytes, today)) return;
  auto row = api.registry.DecodeCertificateRow(**bytes);
  if (!row.ok()) {
    if (!Unavailable(call, row.status())) SendProblem(call, NotFound("certificate " + number));
    return;
  }
  nlohmann::json body = PublicCertificate(*row, today);
  body["evaluation_scale"] = EvaluationScaleJson(api.registry.scheme());
  body["public_url"] = PublicCertificateUrl(api, call, number);
  if (include) {
    auto history = PublicHistoryPage(api, call, number);
    if (!history) return;
    body["history"] = std::move(*history);
  }
  PublicCache(call, since);
  SendJson(call, 200, body);
  if (shared) {
    call.res.set_header("ETag", BodyTag(call.res.body));
    api.lookups.Keep(number, std::move(**bytes), today.days(), {call.res.body, call.res.get_header_value("ETag")});
  }
}

void GetHistory(Api& api, Call& call) {
  const std::time_t since = PublicNow();
  auto history = PublicHistoryPage(api, call, call.param("certificate_no"));
  if (!history) return;
  PublicCache(call, since);
  SendJson(call, 200, *history);
}

void Search(Api& api, Call& call) {
  const std::time_t since = PublicNow();
  projections::SearchQuery query;
  query.q = call.query("q").value_or("");
  if (query.q.size() > 400) return SendProblem(call, InvalidQuery("q", "must be at most 400 bytes"));
  if (auto status = call.query("status"); status && !status->empty()) {
    query.status = domain::FromWire<domain::CertificateStatus>(*status);
    if (!query.status) return SendProblem(call, InvalidQuery("status", "must be one of: VALID, SUSPENDED, REVOKED, CANCELLED"));
  }
  const auto csv = WantsCsv(call);
  if (!csv) return;
  if (!*csv && !PageQuery(call, &query.page, &query.page_size)) return;
  if (*csv) {
    auto page = PositiveQuery(call, "page", 1, 1'000'000);
    auto size = page ? PositiveQuery(call, "page_size", projections::kDefaultPageSize, projections::kMaxExportPageSize)
                     : std::nullopt;
    if (!size) return;
    query.page = *page;
    query.page_size = *size;
  }
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
  const nlohmann::json scale = EvaluationScaleJson(api.registry.scheme());
  for (const auto& row : result->items) {
    items.push_back(PublicCertificate(row, today));
    items.back()["evaluation_scale"] = scale;
    items.back()["public_url"] = PublicCertificateUrl(api, call, row.number);
  }
  PublicCache(call, since);
  call.res.set_header("Vary", "Accept");
  call.res.set_header("X-Total-Count", std::to_string(result->total));
  if (*csv) {
    call.res.set_header("Content-Disposition",
                        "attachment; filename=\"certificates-" + std::to_string(result->page) + ".csv\"");
    call.res.status = 200;
    call.res.set_content(CsvDocument(SearchColumns(), items), "text/csv; charset=utf-8; header=present");
    return;
  }
  SendJson(call, 200,
           {{"items", items}, {"total", result->total}, {"page", result->page}, {"page_size", result->page_size}});
}

}  // namespace

void AddPublicRoutes(Router& r) {
  // First in the table: the public lookups are the hottest routes.
  r.AddQuick("GET", "/public/v1/certificates/{certificate_no}", QuickGetCertificate, GetCertificate);
  r.Add("GET", "/public/v1/certificates", {}, Search);
  r.Add("GET", "/public/v1/certificates/{certificate_no}/history", {}, GetHistory);
}

}  // namespace certreg::http
