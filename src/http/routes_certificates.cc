// /api/v1/certificates/{certificate_no}/... (api.md, "Certificates — staff").

#include "certreg/app/replay.h"
#include "certreg/projections/query.h"
#include "http/render.h"
#include "http/router.h"
#include "http/write_command.h"

namespace certreg::http {
namespace {

void GetCertificate(Api& api, Call& call) {
  const std::string& number = call.param("certificate_no");
  auto file = api.registry.FileOfCertificate(number);
  if (!file.ok()) {
    if (file.status().code() == Status::Code::kNotFound) return SendProblem(call, NotFound("certificate " + number));
    return SendStatus(call, file.status());
  }
  auto view = api.registry.LoadFile(*file);
  if (!view.ok()) {
    return SendStatus(call, view.status().WithContext("loading file " + *file));
  }
  domain::FileState state = view->state;
  domain::Date today = api.registry.Today();
  nlohmann::json as_of_json = nullptr;
  auto as_of = call.query("as_of");
  if (as_of) {
    auto parsed = app::ParseAsOf(*as_of, call.query("axis").value_or(""), api.registry.time_zone());
    if (!parsed.ok()) return SendStatus(call, parsed.status());
    state = app::StateAsOf(view->events, *parsed);
    today = parsed->date;
    as_of_json = {{"axis", parsed->axis == app::Axis::kEffective ? "effective" : "recorded"},
                  {"date", parsed->date.ToString()}};
    if (parsed->instant_micros) as_of_json["instant"] = Instant(*parsed->instant_micros);
  } else if (auto axis = call.query("axis"); axis && *axis != "effective" && *axis != "recorded") {
    return SendProblem(call, InvalidQuery("axis", "must be effective or recorded"));
  }
  nlohmann::json file_json = FileStateJson(state, today);
  nlohmann::json body = {{"certificate_no", number},
                         {"as_of", as_of_json},
                         {"certificate", state.certificate && file_json.is_object() ? file_json["certificate"]
                                                                                    : nlohmann::json(nullptr)},
                         {"file", file_json}};
  // Annex B.4 for staff, current (the rows are not kept per instant).
  if (!as_of) {
    auto surveillance = api.registry.SurveillanceHistory(number);
    if (surveillance.ok()) {
      body["surveillance"] = nlohmann::json::array();
      for (const auto& row : *surveillance) body["surveillance"].push_back(SurveillanceJson(row));
    }
  }
  SetVersionTag(call, view->state.version);
  SendJson(call, 200, body);
}

}  // namespace

void AddCertificateRoutes(Router& r) {
  using namespace parsers;
  const std::string c = "/api/v1/certificates/{certificate_no}";
  auto write = [](CommandParser parser) { return WriteHandler(WriteTarget::kCertificate, parser); };
  r.Add("GET", c, kStaffReaders, GetCertificate);
  r.Add("POST", c + "/changes", kClerk, write(ChangeCertificate));
  r.Add("POST", c + "/reissue", kClerk, write(ReissueCertificate));
  r.Add("POST", c + "/major-change", kClerk, write(ReportMajorChange));
  r.Add("POST", c + "/complaints", kClerk, write(ReceiveComplaint));
  r.Add("POST", c + "/surveillance-refusal", kClerk, write(RecordSurveillanceRefusal));
  r.Add("POST", c + "/maintenance", kCommittee, write(MaintainCertification));
  r.Add("POST", c + "/special-audit-waiver", kCommittee, write(WaiveSpecialAudit));
  r.Add("POST", c + "/suspension", kCommittee, write(SuspendCertificate));
  r.Add("POST", c + "/rectification", kClerk, write(SubmitRectification));
  r.Add("POST", c + "/rectification/verification", kCommittee, write(VerifyRectification));
  r.Add("POST", c + "/reinstatement", kCommittee, write(ReinstateCertificate));
  r.Add("POST", c + "/revocation-proceeding", kCommittee, write(OpenRevocationProceeding));
  r.Add("POST", c + "/revocation-proceeding/closure", kCommittee, write(CloseRevocationProceeding));
  r.Add("POST", c + "/revocation-notice", kClerk, write(IssueRevocationNotice));
  r.Add("POST", c + "/appeal", kClerk, write(FileAppeal));
  r.Add("POST", c + "/appeal/decision", kCommittee, write(DecideAppeal));
  r.Add("POST", c + "/revocation", kCommittee, write(RevokeCertificate));
  r.Add("POST", c + "/cancellation-request", kClerk, write(RequestCancellation));
  r.Add("POST", c + "/cancellation", kCommittee, write(CancelCertificate));
  r.Add("POST", c + "/cancellation/announcement", kClerk, write(AnnounceCancellation));
  r.Add("POST", c + "/recertification", kClerk, write(ApplyForRecertification));
}

}  // namespace certreg::http
