// Regulators: a file's events and timeline, the global log, its head and
// its verification (api.md, "Regulators — history and the log").
#include <spdlog/spdlog.h>

#include "certreg/app/replay.h"
#include "certreg/common/sha256.h"
#include "http/range_query.h"
#include "http/render.h"
#include "http/router.h"

namespace certreg::http {
namespace {

// The log is read on as it grows: `next` is always there, and a limit of 0
// is allowed (the answer still gives the log's size).
constexpr RangeLimits kLogPage = {.default_limit = 100, .max_limit = 1000, .min_limit = 0};

const std::vector<std::string> kRegulatorCommittee = {"regulator", "committee"};
const std::vector<std::string> kRegulator = {"regulator"};
const std::vector<std::string> kRegulatorAdmin = {"regulator", "admin"};

// The file a request names, by file id or certificate number; answers 404/503 itself.
std::optional<std::string> FileOf(Api& api, Call& call) {
  if (call.params.count("file_id")) {
    const std::string& id = call.param("file_id");
    auto version = api.registry.FileVersion(id);
    if (version.ok()) return id;
    SendStatus(call, version.status());
    return std::nullopt;
  }
  const std::string& number = call.param("certificate_no");
  auto file = api.registry.FileOfCertificate(number);
  if (file.ok()) return *file;
  if (file.status().code() == Status::Code::kNotFound) {
    SendProblem(call, NotFound("certificate " + number));
  } else {
    SendStatus(call, file.status());
  }
  return std::nullopt;
}

// A page of the file's events (README, "Histories in pages"); the ETag is the file's version.
void StreamEvents(Api& api, Call& call) {
  auto range = RangeQuery(call, kEventsPage);
  if (!range) return;
  auto file = FileOf(api, call);
  if (!file) return;
  auto page = api.registry.FileRecordsPage(*file, range->from, range->limit);
  if (!page.ok()) return SendStatus(call, page.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : page->items) items.push_back(EventJson(e));
  nlohmann::json body = {{"file_id", *file}, {"events", std::move(items)}};
  AddPaging(body, range->from, page->next);
  SetVersionTag(call, page->version);
  SendJson(call, 200, body);
}

// A page of the file's timeline: only the page's states are rendered.
void Timeline(Api& api, Call& call) {
  auto range = RangeQuery(call, kTimelinePage);
  if (!range) return;
  auto file = FileOf(api, call);
  if (!file) return;
  auto page = api.registry.TimelinePage(*file, range->from, range->limit);
  if (!page.ok()) return SendStatus(call, page.status());
  nlohmann::json entries = nlohmann::json::array();
  for (const app::TimelineEntry& entry : page->items) {
    entries.push_back({{"version", entry.version},
                       {"type", entry.type},
                       {"effective_date", entry.effective_date.ToString()},
                       {"recorded_at", Instant(entry.recorded_at_micros)},
                       {"actor", {{"name", entry.actor.name}, {"role", entry.actor.role}}},
                       {"state", FileStateJson(entry.state, entry.effective_date)}});
  }
  nlohmann::json body = {{"file_id", *file}, {"timeline", std::move(entries)}};
  AddPaging(body, range->from, page->next);
  SetVersionTag(call, page->version);
  SendJson(call, 200, body);
}

void Log(Api& api, Call& call) {
  auto range = RangeQuery(call, kLogPage);
  if (!range) return;
  auto events = api.registry.LogRecords(range->from, range->limit);
  if (!events.ok()) return SendStatus(call, events.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : *events) items.push_back(EventJson(e));
  const store::LogHead head = api.registry.Head();
  SendJson(call, 200,
           {{"from", range->from}, {"next", range->from + events->size()}, {"size", head.size}, {"events", items}});
}

void Head(Api& api, Call& call) {
  const store::LogHead head = api.registry.Head();
  SendJson(call, 200,
           {{"size", head.size},
            {"head_hash", ToHex(head.hash)},
            {"last_recorded_at", head.size == 0 ? nlohmann::json(nullptr)
                                                : nlohmann::json(Instant(head.last_recorded_at_micros))}});
}

void VerifyLog(Api& api, Call& call) {
  auto report = api.registry.VerifyLog();
  if (!report.ok()) {
    return SendStatus(call, report.status().WithContext("verify"));
  }
  nlohmann::json body = {{"ok", report->ok}, {"checked", report->checked}};
  if (report->first_bad_position) body["first_bad_position"] = *report->first_bad_position;
  if (!report->ok) {
    spdlog::error("request {}: the log does not verify: {}", call.request_id, report->problem);
    body["problem"] = report->problem;
  }
  SendJson(call, 200, body);
}

}  // namespace

void AddRegulatorRoutes(Router& r) {
  r.Add("GET", "/api/v1/certificates/{certificate_no}/events", kRegulatorCommittee, StreamEvents);
  r.Add("GET", "/api/v1/certificates/{certificate_no}/timeline", kRegulatorCommittee, Timeline);
  r.Add("GET", "/api/v1/files/{file_id}/events", kRegulatorCommittee, StreamEvents);
  r.Add("GET", "/api/v1/files/{file_id}/timeline", kRegulatorCommittee, Timeline);
  r.Add("GET", "/api/v1/log", kRegulator, Log);
  r.Add("GET", "/api/v1/log/head", kRegulator, Head);
  r.Add("GET", "/api/v1/log/verify", kRegulatorAdmin, VerifyLog);
}

}  // namespace certreg::http
