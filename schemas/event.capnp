# The envelope of every event in the log (column family `events`).
#
# Forever rules: fields keep their ordinals and types; new fields and new
# payload kinds only with the next ordinal; a changed meaning is a new type.
@0x90b7c8256d5bc474;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("certreg::schema");

using Domain = import "domain_events.capnp";

struct Actor {
  name @0 :Text;     # the user name (unique); "system" for time-driven events
  role @1 :Text;     # clerk | auditor | committee | regulator | admin | system
  tokenId @2 :Text;  # the id (not the secret) of the token used; empty for system
}

struct Event {
  position @0 :UInt64;        # global position, dense from 0
  streamId @1 :Text;          # e.g. "cert-file/F-2026-000001"
  streamVersion @2 :UInt64;   # 1 for a stream's first event, dense
  type @3 :Text;              # wire name of the payload, e.g. "ApplicationSubmitted"
  eventId @4 :Text;           # unique id chosen by the writer (random UUID)
  recordedAtMicros @5 :Int64; # server clock, microseconds since 1970-01-01T00:00:00Z, never decreasing along the log
  effectiveDate @6 :Text;     # business date YYYY-MM-DD (registry time zone)
  actor @7 :Actor;
  idempotencyKey @8 :Text;    # empty when the request carried none
  correlationId @9 :Text;     # groups the events of one command / request
  payload @10 :Payload;
  prevHash @11 :Data;         # hash of the event at position - 1; 32 zero bytes at position 0
  hash @12 :Data;             # SHA-256(0x01 || prevHash || SHA-256(0x00 || leaf)), leaf = canonical bytes
                              # of this Event with prevHash and hash unset (see README, "Hash chain")
}

# The domain facts. One member per event type; the member's type is named by
# the event's wire name (Event.type), the member by the same name with a
# lower-case first letter. storeProbe was the struct's only field before the
# union existed; moving it into the union as its first member (retroactive
# unionisation) keeps the wire format of the payloads written before: their
# discriminant reads as 0, storeProbe. The domain events (domain.md §3) follow
# in the order of the catalogue; new types only with the next ordinal.
struct Payload {
  union {
    storeProbe @0 :StoreProbe;
    applicationSubmitted @1 :Domain.ApplicationSubmitted;
    materialsRequested @2 :Domain.MaterialsRequested;
    materialsSupplemented @3 :Domain.MaterialsSupplemented;
    applicationAccepted @4 :Domain.ApplicationAccepted;
    applicationDeclined @5 :Domain.ApplicationDeclined;
    applicationWithdrawn @6 :Domain.ApplicationWithdrawn;
    auditTeamAssigned @7 :Domain.AuditTeamAssigned;
    auditPlanned @8 :Domain.AuditPlanned;
    findingRecorded @9 :Domain.FindingRecorded;
    findingClosed @10 :Domain.FindingClosed;
    scoresRecorded @11 :Domain.ScoresRecorded;
    auditReportSubmitted @12 :Domain.AuditReportSubmitted;
    auditReportApproved @13 :Domain.AuditReportApproved;
    surveillanceAuditCompleted @14 :Domain.SurveillanceAuditCompleted;
    committeeReviewed @15 :Domain.CommitteeReviewed;
    certificationDecided @16 :Domain.CertificationDecided;
    decisionNotified @17 :Domain.DecisionNotified;
    conditionsFulfilled @18 :Domain.ConditionsFulfilled;
    conditionalApprovalLapsed @19 :Domain.ConditionalApprovalLapsed;
    certificateIssued @20 :Domain.CertificateIssued;
    certificateChanged @21 :Domain.CertificateChanged;
    certificateReissued @22 :Domain.CertificateReissued;
    majorChangeReported @23 :Domain.MajorChangeReported;
    complaintReceived @24 :Domain.ComplaintReceived;
    surveillanceRefused @25 :Domain.SurveillanceRefused;
    certificateSuspended @26 :Domain.CertificateSuspended;
    rectificationSubmitted @27 :Domain.RectificationSubmitted;
    rectificationVerified @28 :Domain.RectificationVerified;
    certificateReinstated @29 :Domain.CertificateReinstated;
    revocationProceedingOpened @30 :Domain.RevocationProceedingOpened;
    revocationNoticeIssued @31 :Domain.RevocationNoticeIssued;
    appealFiled @32 :Domain.AppealFiled;
    appealDecided @33 :Domain.AppealDecided;
    revocationProceedingClosed @34 :Domain.RevocationProceedingClosed;
    certificateRevoked @35 :Domain.CertificateRevoked;
    cancellationRequested @36 :Domain.CancellationRequested;
    certificateCancelled @37 :Domain.CertificateCancelled;
    cancellationAnnounced @38 :Domain.CancellationAnnounced;
    recertificationApplied @39 :Domain.RecertificationApplied;
    certificateRenewed @40 :Domain.CertificateRenewed;
    certificationMaintained @41 :Domain.CertificationMaintained;
    specialAuditWaived @42 :Domain.SpecialAuditWaived;
  }
}

# A diagnostic event used by the store's self-check, its benchmarks and its
# crash tests. It carries no domain meaning; the registry never writes one
# into a data directory that holds certification files.
struct StoreProbe {
  note @0 :Text;
  filler @1 :Text;
}
