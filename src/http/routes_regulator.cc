// Regulators: a file's events and timeline, the global log, its head and
// its verification (api.md, "Regulators — history and the log").
#include <spdlog/spdlog.h>

#include "certreg/app/replay.h"
#include "certreg/common/sha256.h"
#include "http/render.h"
#include "http/router.h"

namespace certreg::http {
namespace {

constexpr std::uint64_t kDefaultLogLimit = 100;
constexpr std::uint64_t kMaxLogLimit = 1000;

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

void StreamEvents(Api& api, Call& call) {
  auto file = FileOf(api, call);
  if (!file) return;
  auto events = api.registry.FileRecords(*file);
  if (!events.ok()) return SendStatus(call, events.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : *events) items.push_back(EventJson(e));
  SetVersionTag(call, events->empty() ? 0 : events->back().header.stream_version);
  SendJson(call, 200, {{"file_id", *file}, {"events", items}});
}

void Timeline(Api& api, Call& call) {
  auto file = FileOf(api, call);
  if (!file) return;
  auto view = api.registry.LoadFile(*file);
  if (!view.ok()) return SendStatus(call, view.status());
  nlohmann::json entries = nlohmann::json::array();
  for (const app::TimelineEntry& entry : app::Timeline(view->events)) {
    entries.push_back({{"version", entry.version},
                       {"type", entry.type},
                       {"effective_date", entry.effective_date.ToString()},
                       {"recorded_at", Instant(entry.recorded_at_micros)},
                       {"actor", {{"name", entry.actor.name}, {"role", entry.actor.role}}},
                       {"state", FileStateJson(entry.state, entry.effective_date, api.registry.scheme())}});
  }
  SetVersionTag(call, view->state.version);
  SendJson(call, 200, {{"file_id", *file}, {"timeline", entries}});
}

std::optional<std::uint64_t> Unsigned(Call& call, const char* name, std::uint64_t fallback, std::uint64_t max) {
  auto value = call.query(name);
  if (!value) return fallback;
  const bool digits = !value->empty() && value->size() <= 19 &&
                      std::all_of(value->begin(), value->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || std::stoull(*value) > max) {
    SendProblem(call, InvalidQuery(name, "must be an integer from 0 to " + std::to_string(max)));
    return std::nullopt;
  }
  return std::stoull(*value);
}

void Log(Api& api, Call& call) {
  auto from = Unsigned(call, "from", 0, UINT64_MAX / 2);
  if (!from) return;
  auto limit = Unsigned(call, "limit", kDefaultLogLimit, kMaxLogLimit);
  if (!limit) return;
  auto events = api.registry.LogRecords(*from, *limit);
  if (!events.ok()) return SendStatus(call, events.status());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : *events) items.push_back(EventJson(e));
  const store::LogHead head = api.registry.Head();
  SendJson(call, 200,
           {{"from", *from}, {"next", *from + events->size()}, {"size", head.size}, {"events", items}});
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
