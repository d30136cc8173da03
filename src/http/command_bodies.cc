#include "http/command_bodies.h"

#include "http/command_bodies_internal.h"

namespace certreg::http {

ParsedCommand ParseCommandBody(CommandParser parser, const nlohmann::json& body, const PathIds& ids) {
  ParsedCommand out;
  BodyReader reader(body, "", &out.errors);
  out.effective_date = reader.Date("effective_date");
  parser(reader, ids, &out);
  reader.Finish();
  return out;
}

void ReadOwnDate(BodyReader& body, const char* name, ParsedCommand* out) {
  const bool effective_given = body.Has("effective_date");
  std::optional<domain::Date> own = body.Date(name);
  if (!own) return;
  if (!effective_given) {
    out->effective_date = own;
  } else if (out->effective_date && *out->effective_date != *own) {
    body.Invalid(name, "must equal effective_date " + out->effective_date->ToString() + " (send either)");
  }
}

domain::HolderAct ReadHolderAct(BodyReader& body, ParsedCommand* out) {
  ReadOwnDate(body, "received_on", out);
  domain::HolderAct act;
  act.channel = body.Text("channel", Need::kOptional, 100);
  return act;  // received_on is the effective date: ApplyEffectiveDate
}

void ApplyEffectiveDate(domain::Command* command, domain::Date date) {
  std::visit(
      [&](auto& c) {
        if constexpr (requires { c.act.received_on; }) c.act.received_on = date;
        if constexpr (std::is_same_v<std::decay_t<decltype(c)>, domain::NotifyDecision>) c.notified_on = date;
      },
      *command);
}

namespace parsers {
namespace {

std::optional<domain::DecisionOutcome> ReadOutcome(BodyReader& body, const char* name) {
  return body.Enum<domain::DecisionOutcome>(name, Need::kRequired, {"approve", "conditional", "reject"});
}

std::optional<domain::AddressKind> ReadAddressKind(BodyReader& body) {
  return body.Enum<domain::AddressKind>("address_kind", Need::kOptional, {"registered", "operating"});
}

}  // namespace

// --- files -------------------------------------------------------------------

void SubmitApplication(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::SubmitApplication{.form = ReadApplicationForm(body), .act = ReadHolderAct(body, out)};
}

void RequestMaterials(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::RequestMaterials{body.TextList("missing", Need::kRequired)};
}

void SupplementMaterials(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::SupplementMaterials{.supplied = body.TextList("supplied", Need::kRequired),
                                             .act = ReadHolderAct(body, out)};
}

void DecideAcceptance(BodyReader& body, const PathIds&, ParsedCommand* out) {
  // Only a decline needs a reason: a decision that cannot be read is not
  // taken for one, so that the answer names `decision` alone.
  out->command = domain::DecideAcceptance{.accept = body.RawEnum("decision", Need::kRequired, {"accept", "decline"}) !=
                                                    std::optional<std::string>("decline"),
                                          .reason = body.Lines("reason")};
}

void WithdrawApplication(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::WithdrawApplication{.reason = body.Lines("reason"), .act = ReadHolderAct(body, out)};
}

void PlanAudit(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::PlanAudit{
      .kind = body.Enum<domain::AuditKind>("kind", Need::kRequired,
                                           {"initial", "surveillance", "special", "recertification"})
                  .value_or(domain::AuditKind::kInitial),
      .leader = body.Text("leader", Need::kRequired, 64),
      .members = body.TextList("members"),
      .start_date = body.Date("start_date", Need::kRequired),
      .onsite_days = static_cast<int>(body.Integer("onsite_days", Need::kRequired, 0, 365).value_or(0)),
      .sites = body.TextList("sites", Need::kRequired),
      .scope = body.Lines("scope"),
      .content = body.Lines("content"),
      .methods = body.Lines("methods"),
      .trigger = body.Enum<domain::SpecialTrigger>("trigger", Need::kOptional, {"major_change", "complaint", "other"})
                     .value_or(domain::SpecialTrigger::kNone),
      .trigger_ref = body.Text("trigger_ref", Need::kOptional, 200)};
}

void RecordFinding(BodyReader& body, const PathIds& ids, ParsedCommand* out) {
  out->command = domain::RecordFinding{
      .audit_id = ids.audit_id,
      .indicator = body.Text("indicator", Need::kRequired, 40),
      .grade = body.Enum<domain::FindingGrade>("grade", Need::kRequired, {"major", "minor", "observation"})
                   .value_or(domain::FindingGrade::kObservation),
      .description = body.Lines("description"),
      .evidence = body.Lines("evidence"),
      .correction_deadline = body.Date("correction_deadline")};
}

void CloseFinding(BodyReader& body, const PathIds& ids, ParsedCommand* out) {
  out->command = domain::CloseFinding{.finding_id = ids.finding_id,
                                      .corrective_action = body.Lines("corrective_action"),
                                      .verification = body.Lines("verification")};
}

namespace {

// A map of id -> number; the scheme's ranges are checked when the scores are evaluated.
std::map<std::string, double> ReadScoreMap(BodyReader& body, const char* name) {
  std::map<std::string, double> out;
  const nlohmann::json* map = body.Map(name);
  if (map == nullptr) return out;
  for (const auto& [id, value] : map->items()) {
    if (!value.is_number()) {
      body.Invalid(std::string(name) + "." + id, "must be a number");
    } else {
      out[id] = value.get<double>();
    }
  }
  return out;
}

}  // namespace

void RecordScores(BodyReader& body, const PathIds& ids, ParsedCommand* out) {
  domain::RecordScores c;
  c.audit_id = ids.audit_id;
  c.scores.management = ReadScoreMap(body, "management");
  c.scores.service = ReadScoreMap(body, "service");
  c.scores.enhancement = ReadScoreMap(body, "enhancement");
  if (const nlohmann::json* sheets = body.Map("sheets")) {
    for (const auto& [id, value] : sheets->items()) {
      const std::string path = "sheets." + id;
      if (!value.is_object() || !value.contains("items") || !value["items"].is_array() || value.size() != 1) {
        body.Invalid(path, "must be {\"items\": [numbers]}");
        continue;
      }
      std::vector<double> items;
      bool ok = true;
      for (std::size_t i = 0; i < value["items"].size(); ++i) {
        if (!value["items"][i].is_number()) {
          body.Invalid(path + ".items[" + std::to_string(i) + "]", "must be a number");
          ok = false;
        } else {
          items.push_back(value["items"][i].get<double>());
        }
      }
      if (ok) c.scores.sheets[id] = std::move(items);
    }
  }
  out->command = std::move(c);
}

void SubmitReport(BodyReader& body, const PathIds& ids, ParsedCommand* out) {
  domain::SubmitReport c;
  c.audit_id = ids.audit_id;
  c.conclusion = body.Lines("conclusion");
  c.recommendation = ReadOutcome(body, "recommendation").value_or(domain::DecisionOutcome::kReject);
  c.report_sent_on = body.Date("report_sent_on");
  out->command = std::move(c);
}

void ApproveReport(BodyReader&, const PathIds& ids, ParsedCommand* out) {
  out->command = domain::ApproveReport{ids.audit_id};
}

void CompleteSurveillanceAudit(BodyReader& body, const PathIds& ids, ParsedCommand* out) {
  out->command = domain::CompleteSurveillanceAudit{
      .audit_id = ids.audit_id,
      .conclusion =
          body.Enum<domain::SurveillanceConclusion>("conclusion", Need::kRequired, {"maintain", "suspend", "revoke"})
              .value_or(domain::SurveillanceConclusion::kMaintain)};
}

void ReviewFile(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command =
      domain::ReviewFile{.process_conforms = body.Bool("process_conforms", Need::kRequired).value_or(false),
                         .findings_accurate = body.Bool("findings_accurate", Need::kRequired).value_or(false),
                         .conclusion_reasonable = body.Bool("conclusion_reasonable", Need::kRequired).value_or(false),
                         .comments = body.Lines("comments")};
}

void DecideCertification(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command =
      domain::DecideCertification{.outcome = ReadOutcome(body, "outcome").value_or(domain::DecisionOutcome::kReject),
                                  .reason = body.Lines("reason"),
                                  .conditions_deadline = body.Date("conditions_deadline")};
}

void NotifyDecision(BodyReader& body, const PathIds&, ParsedCommand* out) {
  domain::NotifyDecision c;
  ReadOwnDate(body, "notified_on", out);
  c.channel = body.Text("channel", Need::kOptional, 100);
  out->command = std::move(c);
}

void FulfilConditions(BodyReader&, const PathIds&, ParsedCommand* out) { out->command = domain::FulfilConditions{}; }

void IssueCertificate(BodyReader& body, const PathIds&, ParsedCommand* out) {
  ReadOwnDate(body, "issue_date", out);
  out->command = domain::IssueCertificate{ReadAddressKind(body)};
}

// --- certificates --------------------------------------------------------------

void ChangeCertificate(BodyReader& body, const PathIds&, ParsedCommand* out) {
  domain::ChangeCertificate c;
  c.holder_name = body.OptionalText("holder_name", 500);
  c.address = body.OptionalText("address", 1000);
  c.address_kind = ReadAddressKind(body);
  c.scope = body.OptionalText("scope", 2000, TextKind::kLines);
  c.scope_extension = body.Bool("scope_extension");
  c.reason = body.Lines("reason");
  c.approver = body.Text("approver", Need::kOptional, 64);
  c.act = ReadHolderAct(body, out);
  out->command = std::move(c);
}

void ReissueCertificate(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command =
      domain::ReissueCertificate{.cause = body.Enum<domain::ReissueCause>("cause", Need::kRequired, {"lost", "damaged"})
                                              .value_or(domain::ReissueCause::kLost),
                                 .approver = body.Text("approver", Need::kOptional, 64),
                                 .act = ReadHolderAct(body, out)};
}

void ReportMajorChange(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::ReportMajorChange{.description = body.Lines("description"), .act = ReadHolderAct(body, out)};
}

void ReceiveComplaint(BodyReader& body, const PathIds&, ParsedCommand* out) {
  domain::ReceiveComplaint c;
  c.summary = body.Lines("summary");
  c.act = ReadHolderAct(body, out);
  // The complainant is personal data: sealed, never public (domain.md §2).
  if (body.Has("complainant")) {
    BodyReader complainant = body.Object("complainant");
    c.complainant.contact_name = complainant.Text("name", Need::kOptional, 200);
    c.complainant.phone = complainant.Text("phone", Need::kOptional, 40);
    c.complainant.email = complainant.Text("email", Need::kOptional, 254);
    complainant.Finish();
  } else {
    body.Object("complainant");  // named: not an unknown field
  }
  out->command = std::move(c);
}

void RecordSurveillanceRefusal(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::RecordSurveillanceRefusal{body.Lines("details")};
}

void MaintainCertification(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::MaintainCertification{body.Lines("reason")};
}

void WaiveSpecialAudit(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::WaiveSpecialAudit{body.Lines("reason")};
}

void SuspendCertificate(BodyReader& body, const PathIds&, ParsedCommand* out) {
  domain::SuspendCertificate c;
  c.grounds = body.Text("grounds", Need::kOptional, 20);
  c.details = body.Lines("details");
  c.rectification = body.Lines("rectification");
  c.deadline = body.Date("deadline", Need::kRequired);
  c.approver = body.Text("approver", Need::kOptional, 64);
  c.audit_id = body.Text("audit_id", Need::kOptional, 40);
  out->command = std::move(c);
}

void SubmitRectification(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::SubmitRectification{
      .description = body.Lines("description"), .evidence = body.Lines("evidence"), .act = ReadHolderAct(body, out)};
}

void VerifyRectification(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::VerifyRectification{.verified = body.Bool("verified", Need::kRequired).value_or(false),
                                             .approver = body.Text("approver", Need::kOptional, 64)};
}

void ReinstateCertificate(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::ReinstateCertificate{body.Text("approver", Need::kOptional, 64)};
}

void OpenRevocationProceeding(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::OpenRevocationProceeding{.grounds = body.Text("grounds", Need::kOptional, 20),
                                                  .details = body.Lines("details"),
                                                  .audit_id = body.Text("audit_id", Need::kOptional, 40)};
}

void CloseRevocationProceeding(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::CloseRevocationProceeding{body.Lines("reason")};
}

void IssueRevocationNotice(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::IssueRevocationNotice{body.Date("appeal_deadline", Need::kRequired)};
}

void FileAppeal(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::FileAppeal{.grounds = body.Lines("grounds"), .act = ReadHolderAct(body, out)};
}

void DecideAppeal(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::DecideAppeal{
      .outcome = body.Enum<domain::AppealOutcome>("outcome", Need::kRequired, {"upheld", "dismissed"})
                     .value_or(domain::AppealOutcome::kDismissed),
      .reason = body.Lines("reason"),
      .new_deadline = body.Date("new_deadline")};
}

void RevokeCertificate(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command =
      domain::RevokeCertificate{.reason = body.Lines("reason"), .approver = body.Text("approver", Need::kOptional, 64)};
}

void RequestCancellation(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::RequestCancellation{.reason = body.Lines("reason"), .act = ReadHolderAct(body, out)};
}

void CancelCertificate(BodyReader& body, const PathIds&, ParsedCommand* out) {
  domain::CancelCertificate c;
  c.grounds = body.Text("grounds", Need::kOptional, 20);
  c.reason = body.Lines("reason");
  c.approver = body.Text("approver", Need::kOptional, 64);
  // The date the holder was told: its own date, apart from the decision's (§8.3.3).
  c.notified_on = body.Date("notified_on");
  c.audit_id = body.Text("audit_id", Need::kOptional, 40);
  out->command = std::move(c);
}

void AnnounceCancellation(BodyReader&, const PathIds&, ParsedCommand* out) {
  out->command = domain::AnnounceCancellation{};
}

void ApplyForRecertification(BodyReader& body, const PathIds&, ParsedCommand* out) {
  out->command = domain::ApplyForRecertification{.form = ReadApplicationForm(body), .act = ReadHolderAct(body, out)};
}

}  // namespace parsers
}  // namespace certreg::http
