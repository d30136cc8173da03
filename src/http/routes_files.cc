// /api/v1/applications and /api/v1/files/... (api.md, "Files").
#include <spdlog/spdlog.h>

#include "certreg/domain/decider.h"
#include "certreg/domain/time_rules.h"
#include "certreg/projections/query.h"
#include "http/render.h"
#include "http/router.h"
#include "http/write_command.h"

namespace certreg::http {
namespace {

// Loads a file for a read; answers 404 or 503 itself and returns nullopt then.
std::optional<app::FileView> LoadForRead(Api& api, Call& call, const std::string& file_id) {
  auto view = api.registry.LoadFile(file_id);
  if (view.ok()) return std::move(view).value();
  if (view.status().code() == Status::Code::kNotFound) {
    SendProblem(call, NotFound("file " + file_id));
  } else {
    SendStatus(call, view.status().WithContext("loading file " + file_id));
  }
  return std::nullopt;
}

// The latest application form of a file (the application or a recertification).
const domain::ApplicationForm* LatestForm(const app::FileView& view) {
  const domain::ApplicationForm* form = nullptr;
  for (const domain::Event& e : view.events) {
    if (const auto* s = std::get_if<domain::ApplicationSubmitted>(&e.body)) form = &s->form;
    if (const auto* r = std::get_if<domain::RecertificationApplied>(&e.body)) form = &r->form;
  }
  return form;
}

void GetFile(Api& api, Call& call) {
  auto view = LoadForRead(api, call, call.param("file_id"));
  if (!view) return;
  nlohmann::json body = FileStateJson(view->state, api.registry.Today());
  const domain::ApplicationForm* form = LatestForm(*view);
  body["application"] = form ? ApplicationFormJson(*form) : nlohmann::json(nullptr);
  SetVersionTag(call, view->state.version);
  SendJson(call, 200, body);
}

void ListFiles(Api& api, Call& call) {
  projections::WorkQueueQuery query;
  query.today = api.registry.Today();
  if (auto stage = call.query("stage"); stage && !stage->empty()) {
    if (!domain::FromWire<domain::Stage>(*stage)) {
      std::string allowed;
      for (const auto& s : projections::StageValues()) allowed += (allowed.empty() ? "" : ", ") + s;
      return SendProblem(call, InvalidQuery("stage", "must be one of: " + allowed));
    }
    query.stage = *stage;
  }
  if (auto overdue = call.query("overdue")) {
    if (*overdue != "true" && *overdue != "false") return SendProblem(call, InvalidQuery("overdue", "must be true or false"));
    query.overdue_only = *overdue == "true";
  }
  if (!PageQuery(call, &query.page, &query.page_size)) return;
  auto result = api.registry.WorkQueue(query);
  if (!result.ok()) return SendStatus(call, result.status().WithContext("work queue"));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : result->items) items.push_back(WorkQueueItemJson(item));
  SendJson(call, 200,
           {{"items", items},
            {"total", result->total},
            {"page", result->page},
            {"page_size", result->page_size},
            {"warnings", WarningsJson(api.registry.Warnings())}});
}

void GetEvaluation(Api& api, Call& call) {
  auto view = LoadForRead(api, call, call.param("file_id"));
  if (!view) return;
  const std::string& audit_id = call.param("audit_id");
  auto audit = view->state.audits.find(audit_id);
  if (audit == view->state.audits.end()) return SendProblem(call, NotFound("audit " + audit_id));
  SetVersionTag(call, view->state.version);
  if (!audit->second.scores) {
    return SendStatus(call, Status::StateConflict("no scores have been recorded for audit " + audit_id + " yet",
                                                  domain::DescribeState(view->state)));
  }
  const domain::ScoresRecorded& s = *audit->second.scores;
  domain::ScoresInput input{s.management, s.service, s.sheets, s.enhancement};
  const bool full = audit->second.kind == domain::AuditKind::kInitial ||
                    audit->second.kind == domain::AuditKind::kRecertification;
  auto evaluated = domain::Evaluate(api.registry.scheme(), input, full);
  if (auto* evaluation = std::get_if<domain::Evaluation>(&evaluated)) {
    nlohmann::json body = ScoresEvaluationJson(*evaluation, api.registry.scheme());
    body["audit_id"] = audit_id;
    body["scheme"] = {{"id", s.scheme.id}, {"version", s.scheme.version}};
    return SendJson(call, 200, body);
  }
  // Scores recorded under another scheme that this one no longer accepts.
  spdlog::warn("request {}: audit {} scores no longer evaluate under the loaded scheme", call.request_id, audit_id);
  SendProblem(call, Internal());
}

// One member of the file state's `list` ("audits", "findings"), as GET of the
// file renders it, found by its `key`; answers 200 with the file's version tag,
// or 404 naming `what` when the file has none with that id. The Location of a
// planned audit or a recorded finding points here.
void GetFilePart(Api& api, Call& call, const char* list, const char* key, const std::string& what) {
  auto view = LoadForRead(api, call, call.param("file_id"));
  if (!view) return;
  const std::string& id = call.param(key);
  const nlohmann::json state = FileStateJson(view->state, api.registry.Today());
  for (const nlohmann::json& part : state.at(list)) {
    if (part.at(key) != id) continue;
    SetVersionTag(call, view->state.version);
    return SendJson(call, 200, part);
  }
  SendProblem(call, NotFound(what + " " + id));
}

void GetAudit(Api& api, Call& call) { GetFilePart(api, call, "audits", "audit_id", "audit"); }
void GetFinding(Api& api, Call& call) { GetFilePart(api, call, "findings", "finding_id", "finding"); }

}  // namespace

void AddFileRoutes(Router& r) {
  using namespace parsers;
  const std::string f = "/api/v1/files/{file_id}";
  r.Add("POST", "/api/v1/applications", kClerk, WriteHandler(WriteTarget::kNewFile, SubmitApplication));
  r.Add("GET", "/api/v1/files", kStaffReaders, ListFiles);
  r.Add("GET", f, kStaffReaders, GetFile);
  r.Add("POST", f + "/materials-request", kClerk, WriteHandler(WriteTarget::kFile, RequestMaterials));
  r.Add("POST", f + "/materials", kClerk, WriteHandler(WriteTarget::kFile, SupplementMaterials));
  r.Add("POST", f + "/acceptance", kClerk, WriteHandler(WriteTarget::kFile, DecideAcceptance));
  r.Add("POST", f + "/withdrawal", kClerk, WriteHandler(WriteTarget::kFile, WithdrawApplication));
  r.Add("POST", f + "/audits", kAuditor, WriteHandler(WriteTarget::kFile, PlanAudit));
  r.Add("GET", f + "/audits/{audit_id}", kStaffReaders, GetAudit);
  r.Add("GET", f + "/findings/{finding_id}", kStaffReaders, GetFinding);
  r.Add("POST", f + "/audits/{audit_id}/findings", kAuditor, WriteHandler(WriteTarget::kFile, RecordFinding));
  r.Add("POST", f + "/findings/{finding_id}/closure", kAuditor, WriteHandler(WriteTarget::kFile, CloseFinding));
  r.Add("PUT", f + "/audits/{audit_id}/scores", kAuditor, WriteHandler(WriteTarget::kFile, RecordScores));
  r.Add("GET", f + "/audits/{audit_id}/evaluation", kStaffReaders, GetEvaluation);
  r.Add("POST", f + "/audits/{audit_id}/report", kAuditor, WriteHandler(WriteTarget::kFile, SubmitReport));
  r.Add("POST", f + "/audits/{audit_id}/report/approval", kCommittee, WriteHandler(WriteTarget::kFile, ApproveReport));
  r.Add("POST", f + "/audits/{audit_id}/completion", kAuditor,
        WriteHandler(WriteTarget::kFile, CompleteSurveillanceAudit));
  r.Add("POST", f + "/review", kCommittee, WriteHandler(WriteTarget::kFile, ReviewFile));
  r.Add("POST", f + "/decision", kCommittee, WriteHandler(WriteTarget::kFile, DecideCertification));
  r.Add("POST", f + "/decision/notice", kClerk, WriteHandler(WriteTarget::kFile, NotifyDecision));
  r.Add("POST", f + "/conditions-fulfilled", kCommittee, WriteHandler(WriteTarget::kFile, FulfilConditions));
  r.Add("POST", f + "/certificate", kClerk, WriteHandler(WriteTarget::kFile, IssueCertificate));
}

}  // namespace certreg::http
