#include "certreg/domain/commands.h"

#include <array>

namespace certreg::domain {
namespace {

// In the order of the Command alternatives.
constexpr std::array<std::string_view, std::variant_size_v<Command>> kNames = {
    "SubmitApplication",        "RequestMaterials",       "SupplementMaterials",      "DecideAcceptance",
    "WithdrawApplication",      "PlanAudit",              "RecordFinding",            "CloseFinding",
    "RecordScores",             "SubmitReport",           "ApproveReport",            "CompleteSurveillanceAudit",
    "ReviewFile",               "DecideCertification",    "NotifyDecision",           "FulfilConditions",
    "IssueCertificate",         "ChangeCertificate",      "ReissueCertificate",       "ReportMajorChange",
    "ReceiveComplaint",         "RecordSurveillanceRefusal", "SuspendCertificate",    "SubmitRectification",
    "VerifyRectification",      "ReinstateCertificate",   "OpenRevocationProceeding", "CloseRevocationProceeding",
    "IssueRevocationNotice",    "FileAppeal",             "DecideAppeal",             "RevokeCertificate",
    "RequestCancellation",      "CancelCertificate",      "AnnounceCancellation",     "ApplyForRecertification"};

}  // namespace

std::string_view CommandName(const Command& command) { return kNames[command.index()]; }

}  // namespace certreg::domain
