# The rows of the read models (domain.md §6): the values stored in the
# projection column families. Keys are described in projections/README.md.
#
# Every row is a pure function of a file's events and the scheme
# (projections/project.cc), stored as a one-segment flat message of its
# canonical encoding, so that the rows written command by command and the rows
# of a rebuild from the log are byte-identical.
#
# Forever rules (conventions.md, "Data that lasts"): fields keep their ordinals
# and types; new fields only with the next ordinal. The tables can be rebuilt
# from the log, but readers of an older binary must still read newer rows.
#
# Encoding conventions, as in domain_events.capnp:
# - A date is Text "YYYY-MM-DD", a business date in the registry's time zone;
#   an optional date is the empty Text when absent.
# - An enumerant's name is the API wire name in lower camel case; readers map
#   enumerants by name and refuse one they do not know.
# - An optional enum is a named union whose first member `none :Void` means absent.
# - An optional struct is a null pointer when absent.
#
# No row of the public tables (certificates, changes, status history, public
# index) holds personal data (domain.md §2, §7).
@0xf7ee8c19607adb61;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("certreg::schema");

using Values = import "domain_values.capnp";

# Certificate status (§8.1). Wire: VALID SUSPENDED REVOKED CANCELLED.
enum CertificateStatus {
  valid @0;      # 有效
  suspended @1;  # 暂停
  revoked @2;    # 撤销
  cancelled @3;  # 注销
}

# How a certificate ended (revoked or cancelled), as the public sees it (§8.4).
struct CertificateEnding {
  date @0 :Text;           # date: effective date of the revocation or cancellation
  grounds @1 :Text;        # grounds code, e.g. "8.2.2-3", "8.2.3-1"
  groundsTextZh @2 :Text;  # the grounds' text in the scheme (Chinese); empty for a code the scheme lacks
  groundsTextEn @3 :Text;  # the same in English
  announcedOn @4 :Text;    # date: the cancellation's announcement (§8.3.3 step 4); empty when none yet, always for a revocation
}

# Column family `proj_certificates`, key = certificate number. Annex B.1.
struct CertificateRow {
  number @0 :Text;             # §7.1 item 1, e.g. "CMM-525-2026-00001"
  holderName @1 :Text;         # current name
  formerNames @2 :List(Text);  # earlier names, oldest first (still searchable)
  uscc @3 :Text;               # unified social credit code; empty for a live salesperson
  address @4 :Text;            # the certificate's address; empty when addressWithheld
  addressKind @5 :Values.AddressKind;  # registered | operating (§7.1 item 3)
  orgType @6 :Values.OrgType;  # §1.1 organisation type of the holder (as last applied)
  addressWithheld @7 :Bool;    # true for a live salesperson (a natural person): the address is not stored here
  scope @8 :Text;              # current scope
  basis @9 :Text;              # "GB/T 41247-2023; CMM-525-0010-GBT 41247-2023 (V1.0)" (from the scheme)
  certificationBody @10 :Text; # from the scheme
  category @11 :Text;          # from the scheme
  field @12 :Text;             # from the scheme
  mode @13 :Text;              # from the scheme
  firstIssuedOn @14 :Text;     # date of the first issue
  issueDate @15 :Text;         # date of the latest issue or renewal
  validFrom @16 :Text;         # date
  validUntil @17 :Text;        # date
  status @18 :CertificateStatus;
  statusSince @19 :Text;       # date: effective date of the latest status event
  evaluation @20 :Values.EvaluationResults;  # §7.2.2, of the latest issue or renewal
  nextSurveillanceDue @21 :Text;  # date
  fileId @22 :Text;            # the certification file (stream cert-file/{fileId})
  revocation @23 :CertificateEnding;    # null unless REVOKED
  cancellation @24 :CertificateEnding;  # null unless CANCELLED
  recertificationOpen @25 :Bool;  # a recertification applied for since the last issue or renewal is open (domain.md §9.3)
  suspension @26 :CertificateEnding;    # null unless SUSPENDED: since when and on what grounds (no announcement)
}

# Column family `proj_changes`, key = number ‖ 0x00 ‖ version (8 bytes BE) ‖
# item (2 bytes BE). Annex B.2: one row per changed item, reissue or renewal.
struct ChangeRow {
  date @0 :Text;      # date: the event's effective date
  kind @1 :Text;      # holder_name | address | address_kind | scope | reissue | renewal
  content @2 :Text;   # 名称变更 | 地址变更 | 地址类型变更 | 范围变更 | 补发（遗失） | 补发（损坏） | 有效期至 A → B
  before @3 :Text;    # the value before; empty for a reissue, or when withheld (a live salesperson's address)
  after @4 :Text;     # the value after; likewise
  reason @5 :Text;    # 变更原因; empty when the event records none (reissue)
  approver @6 :Text;  # 批准人; the recording user's name when the event names none (renewal)
}

# Column family `proj_status_history`, key = number ‖ 0x00 ‖ version (8 bytes
# BE). Annex B.3: one row per status event.
struct StatusRow {
  date @0 :Text;               # date: the event's effective date
  recordedAtMicros @1 :Int64;  # the event's recorded-at instant, microseconds since 1970-01-01T00:00:00Z
  before :union {              # the status before; none for the issue
    none @2 :Void;
    value @3 :CertificateStatus;
  }
  after @4 :CertificateStatus;
  reason @5 :Text;             # 状态变更原因 (free text of the event, or a fixed text for issue and reinstatement)
  grounds @6 :Text;            # grounds code for a suspension, revocation or cancellation; else empty
  groundsTextZh @7 :Text;      # the grounds' text in the scheme; empty when none
  groundsTextEn @8 :Text;
  approver @9 :Text;           # 批准人; "system" for time-driven events
  eventType @10 :Text;         # wire name of the event, e.g. "CertificateSuspended"
}

# Column family `proj_surveillance`, key = number ‖ 0x00 ‖ version (8 bytes
# BE). Annex B.4: one row per completed surveillance or special audit. Staff
# and regulators only: the team leader is a surveillance team member (§7).
struct SurveillanceRow {
  date @0 :Text;                           # date: the audit's start date
  kind @1 :Values.AuditKind;               # surveillance | special
  conclusion @2 :Values.SurveillanceConclusion;
  teamLeader @3 :Text;                     # user name of the team leader
  auditId @4 :Text;                        # e.g. "A2"
}

# A clock of the work queue: the file is overdue for `reason` on any day after `dueOn`.
struct OverdueClock {
  reason @0 :Text;  # an api.md overdue reason: acceptance notice conditions finding_correction rectification
                    # surveillance appeal_window_elapsed
  dueOn @1 :Text;   # date
}

# Column family `proj_work_queue`, key = file id. Staff only.
struct WorkQueueRow {
  fileId @0 :Text;
  holderName @1 :Text;       # the certificate's current name, else the name as applied
  stage @2 :Text;            # api.md stage, domain::Stage
  dueOn @3 :Text;            # date, domain::DueOn; empty when none
  certificateNo @4 :Text;    # empty before the first issue
  status :union {            # the certificate's status; none before the first issue
    none @5 :Void;
    value @6 :CertificateStatus;
  }
  clocks @7 :List(OverdueClock);  # in api.md's order of overdue reasons; domain::OverdueReasons at read time
  retiredSchemeExpired @8 :Bool;  # no longer written (the scheme's validity is a registry-level warning)
  version @9 :UInt64;        # the file's stream version the row reflects
}

# Column family `proj_feed`, key = BE8(global log position). The change feed
# (platforms.md §3): one row per public event (domain::IsPublicEvent), with
# the certificate's number and status after it, even for events that name
# only the file. Public: no personal data.
struct FeedRow {
  eventType @0 :Text;          # wire name of the event, e.g. "CertificateSuspended"
  certificateNo @1 :Text;
  status @2 :CertificateStatus;  # the certificate's status after the event
  statusSince @3 :Text;        # date: since when it has that status
  effectiveDate @4 :Text;      # date: the event's effective date
  recordedAtMicros @5 :Int64;  # the event's recorded-at instant, microseconds since 1970-01-01T00:00:00Z
}
