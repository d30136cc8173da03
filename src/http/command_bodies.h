// Request bodies of the write endpoints (api.md) -> domain commands.
//
// A parser reads the fields its endpoint takes (and `effective_date`, which
// every write takes), builds the command, and records every shape problem at
// once: wrong types, malformed dates, unknown enum values, unknown fields.
// What the rule requires of the values (required text, scheme ranges, dates
// in order) is the domain's to check when the command is decided.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "certreg/domain/commands.h"

namespace certreg::http {

// Ids taken from the request path.
struct PathIds {
  std::string audit_id;
  std::string finding_id;
};

struct ParsedCommand {
  domain::Command command;
  // The command's business date: `effective_date`, or the body's own date
  // field (received_on, notified_on, issue_date), which must agree with it.
  // Absent: today.
  std::optional<domain::Date> effective_date;
  std::vector<domain::FieldError> errors;  // empty when the body is well formed
};

class BodyReader;
using CommandParser = void (*)(BodyReader& body, const PathIds& ids, ParsedCommand* out);

// Runs `parser` over `body` (any JSON value) and resolves the effective date.
ParsedCommand ParseCommandBody(CommandParser parser, const nlohmann::json& body, const PathIds& ids);

// Fills the command's own date fields (a holder act's received_on, a notice's
// notified_on) with its effective date, once that is known.
void ApplyEffectiveDate(domain::Command* command, domain::Date date);

// One parser per write endpoint, named after its command.
namespace parsers {
void SubmitApplication(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void RequestMaterials(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void SupplementMaterials(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void DecideAcceptance(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void WithdrawApplication(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void PlanAudit(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void RecordFinding(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void CloseFinding(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void RecordScores(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void SubmitReport(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void ApproveReport(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void CompleteSurveillanceAudit(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void ReviewFile(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void DecideCertification(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void NotifyDecision(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void FulfilConditions(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void IssueCertificate(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void ChangeCertificate(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void ReissueCertificate(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void ReportMajorChange(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void ReceiveComplaint(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void RecordSurveillanceRefusal(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void MaintainCertification(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void WaiveSpecialAudit(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void SuspendCertificate(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void SubmitRectification(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void VerifyRectification(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void ReinstateCertificate(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void OpenRevocationProceeding(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void CloseRevocationProceeding(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void IssueRevocationNotice(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void FileAppeal(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void DecideAppeal(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void RevokeCertificate(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void RequestCancellation(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void CancelCertificate(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void AnnounceCancellation(BodyReader& body, const PathIds& ids, ParsedCommand* out);
void ApplyForRecertification(BodyReader& body, const PathIds& ids, ParsedCommand* out);
}  // namespace parsers

}  // namespace certreg::http
