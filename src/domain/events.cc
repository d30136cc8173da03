#include "certreg/domain/events.h"

#include <array>

namespace certreg::domain {
namespace {

// In the order of the EventBody alternatives.
constexpr std::array<std::string_view, std::variant_size_v<EventBody>> kNames = {
    "ApplicationSubmitted",     "MaterialsRequested",     "MaterialsSupplemented",   "ApplicationAccepted",
    "ApplicationDeclined",      "ApplicationWithdrawn",   "AuditTeamAssigned",       "AuditPlanned",
    "FindingRecorded",          "FindingClosed",          "ScoresRecorded",          "AuditReportSubmitted",
    "AuditReportApproved",      "SurveillanceAuditCompleted", "CommitteeReviewed",   "CertificationDecided",
    "DecisionNotified",         "ConditionsFulfilled",    "ConditionalApprovalLapsed", "CertificateIssued",
    "CertificateChanged",       "CertificateReissued",    "MajorChangeReported",     "ComplaintReceived",
    "SurveillanceRefused",      "CertificateSuspended",   "RectificationSubmitted",  "RectificationVerified",
    "CertificateReinstated",    "RevocationProceedingOpened", "RevocationNoticeIssued", "AppealFiled",
    "AppealDecided",            "RevocationProceedingClosed", "CertificateRevoked",  "CancellationRequested",
    "CertificateCancelled",     "CancellationAnnounced",  "RecertificationApplied",  "CertificateRenewed"};

}  // namespace

std::string_view EventTypeName(const EventBody& body) { return kNames[body.index()]; }

}  // namespace certreg::domain
