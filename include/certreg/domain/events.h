// The complete event catalogue of domain.md §3: one struct per event type,
// named by its wire name, which it also carries as kName. Events are facts:
// every field the rule names, every derived date that starts a clock, and the
// scheme that gave it meaning.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "certreg/domain/events_application.h"
#include "certreg/domain/events_certificate.h"

namespace certreg::domain {

using EventBody = std::variant<
    ApplicationSubmitted, MaterialsRequested, MaterialsSupplemented, ApplicationAccepted, ApplicationDeclined,
    ApplicationWithdrawn, AuditTeamAssigned, AuditPlanned, FindingRecorded, FindingClosed, ScoresRecorded,
    AuditReportSubmitted, AuditReportApproved, SurveillanceAuditCompleted, CommitteeReviewed, CertificationDecided,
    DecisionNotified, ConditionsFulfilled, ConditionalApprovalLapsed, CertificateIssued, CertificateChanged,
    CertificateReissued, MajorChangeReported, ComplaintReceived, SurveillanceRefused, CertificationMaintained,
    SpecialAuditWaived, CertificateSuspended,
    RectificationSubmitted, RectificationVerified, CertificateReinstated, RevocationProceedingOpened,
    RevocationNoticeIssued, AppealFiled, AppealDecided, RevocationProceedingClosed, CertificateRevoked,
    CancellationRequested, CertificateCancelled, CancellationAnnounced, RecertificationApplied, CertificateRenewed>;

// The wire name of an event body's type: its struct's kName, e.g. "CertificateSuspended".
std::string_view EventTypeName(const EventBody& body);

// Whether events of this type (a wire name) are public events: those the
// public record (Annex B.1 to B.3) is made from, whose payloads hold nothing
// the public may not see (trust.md §4): CertificateIssued, CertificateRenewed,
// CertificateChanged, CertificateReissued, CertificateSuspended,
// CertificateReinstated, CertificateRevoked, CertificateCancelled,
// CancellationAnnounced.
bool IsPublicEvent(std::string_view type_name);

// Who recorded an event.
struct Actor {
  std::string name;      // user name; "system" for time-driven events
  std::string role;      // clerk | auditor | committee | regulator | admin | system
  std::string token_id;  // empty for system
  friend bool operator==(const Actor&, const Actor&) = default;
  static Actor System() { return Actor{"system", "system", ""}; }
};

// An event as the domain sees it: the body plus what the envelope says about it.
struct Event {
  EventBody body;
  Date effective_date;
  Actor actor;
  Date recorded_on;                     // the recording date in the registry's time zone (today, for a new one)
  std::int64_t recorded_at_micros = 0;  // 0 for an event not yet recorded
  std::uint64_t version = 0;            // stream version; 0 for an event not yet recorded
};

}  // namespace certreg::domain
