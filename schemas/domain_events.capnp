# The domain events (domain.md §3) carried by the `Payload` union of
# event.capnp. The values they are made of (enumerations, the application
# form, the personal data reference and record kept beside the log) are in
# domain_values.capnp, named here by aliases.
# Section numbers (§6.1.3, Annex A, ...) are those of the rule CMM-525-0010.
#
# Forever rules (conventions.md, "Data that lasts"): fields keep their ordinals
# and types; new fields only with the next ordinal; a changed meaning is a new
# event type. Each struct is named by its event's wire name.
#
# Encoding conventions, for every struct of this file:
# - A date is Text "YYYY-MM-DD", a business date in the registry's time zone
#   (domain.md §1.1). A required date is never empty; an optional date is the
#   empty Text when absent.
# - An optional integer is a named union `x :union { notStated :Void;
#   value :Int64; }`: `notStated` (discriminant 0, what an unset union reads
#   as) means absent, `value` carries the number.
# - An enumerant's name is the API wire name in lower camel case (wire
#   `in_platform_merchant` = enumerant `inPlatformMerchant`). Readers map
#   enumerants by name, never by number, and refuse one they do not know.
# - A table keyed by text (indicator -> score, ...) is a List of entries in
#   ascending key order, each key once.
# - Scores are Float64: recorded ones 0-100 with at most one decimal, derived
#   ones rounded half-up to 3 decimals when recorded (domain.md §5).
# - Personal data never appears here as plaintext: events carry a
#   PersonalDataRef, the plaintext is a PersonalRecord stored apart.
@0xd5c8e9cd2006d3b2;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("certreg::schema");

# --- values (domain_values.capnp) ------------------------------------------------

using OrgType = import "domain_values.capnp".OrgType;
using AuditKind = import "domain_values.capnp".AuditKind;
using SpecialTrigger = import "domain_values.capnp".SpecialTrigger;
using FindingGrade = import "domain_values.capnp".FindingGrade;
using DecisionOutcome = import "domain_values.capnp".DecisionOutcome;
using SurveillanceConclusion = import "domain_values.capnp".SurveillanceConclusion;
using AddressKind = import "domain_values.capnp".AddressKind;
using ReissueCause = import "domain_values.capnp".ReissueCause;
using AppealOutcome = import "domain_values.capnp".AppealOutcome;
using QmsResult = import "domain_values.capnp".QmsResult;
using SchemeRef = import "domain_values.capnp".SchemeRef;
using HolderAct = import "domain_values.capnp".HolderAct;
using PersonalDataRef = import "domain_values.capnp".PersonalDataRef;
using PersonalRecord = import "domain_values.capnp".PersonalRecord;
using EvaluationResults = import "domain_values.capnp".EvaluationResults;
using NamedScore = import "domain_values.capnp".NamedScore;
using SheetScores = import "domain_values.capnp".SheetScores;
using ApplicationForm = import "domain_values.capnp".ApplicationForm;
using Applicant = import "domain_values.capnp".Applicant;
using BusinessOverview = import "domain_values.capnp".BusinessOverview;
using StatusAndPlan = import "domain_values.capnp".StatusAndPlan;
using QualityManagementStatus = import "domain_values.capnp".QualityManagementStatus;
using ServiceCapabilityStatus = import "domain_values.capnp".ServiceCapabilityStatus;
using PerformanceIndicator = import "domain_values.capnp".PerformanceIndicator;
using Declarations = import "domain_values.capnp".Declarations;
using Eligibility = import "domain_values.capnp".Eligibility;

# --- 3.1 Application (§6.1, §11.1, Annex A) -----------------------------------

# §6.1.1-§6.1.2: the application; starts the file's stream.
struct ApplicationSubmitted {
  fileId @0 :Text;
  form @1 :ApplicationForm;
  act @2 :HolderAct;
  dueOn @3 :Text;         # date; acceptance deadline: received on + the scheme's acceptance working days
  scheme @4 :SchemeRef;
}

# §6.1.3: every gap at once (一次性告知).
struct MaterialsRequested {
  missing @0 :List(Text);
}

# §6.1.3: the holder's supplement; restarts the acceptance clock.
struct MaterialsSupplemented {
  supplied @0 :List(Text);
  act @1 :HolderAct;
  dueOn @2 :Text;  # date; the new acceptance deadline
}

# §6.1.3: the application is accepted.
struct ApplicationAccepted {
  late @0 :Bool;  # answered after the acceptance deadline (flagged, not refused)
}

# §6.1.3: the application is declined.
struct ApplicationDeclined {
  reason @0 :Text;
  late @1 :Bool;  # answered after the acceptance deadline
}

# §6.1: the holder withdraws its application (or an open recertification).
struct ApplicationWithdrawn {
  reason @0 :Text;
  act @1 :HolderAct;
  recertification @2 :Bool;  # true: an open recertification was withdrawn; the certificate runs on
}

# --- 3.2 Audit and evaluation (§5, §6.2, §9, §10, Annexes C and D) ---------------

# §6.2.1 item 1: the audit team.
struct AuditTeamAssigned {
  auditId @0 :Text;
  kind @1 :AuditKind;
  leader @2 :Text;           # user name of the team leader
  members @3 :List(Text);    # user names, leader excluded
}

# §6.2.1 item 2: the audit plan.
struct AuditPlanned {
  auditId @0 :Text;
  kind @1 :AuditKind;
  startDate @2 :Text;        # date
  onsiteDays @3 :Int32;      # §5.3, within the scheme's range for the kind
  sites @4 :List(Text);
  scope @5 :Text;
  content @6 :Text;
  methods @7 :Text;
  trigger @8 :SpecialTrigger;  # special audits only; none otherwise
  triggerRef @9 :Text;         # the complaint or report a special audit follows
  scheme @10 :SchemeRef;
}

# §6.2.2, §9: a finding of an audit.
struct FindingRecorded {
  auditId @0 :Text;
  findingId @1 :Text;
  indicator @2 :Text;           # a finding code of the scheme: 9.1.1..9.5.4, 5.2.1-1, 5.1.1-1.. and refinements
  grade @3 :FindingGrade;
  description @4 :Text;
  evidence @5 :Text;
  correctionDeadline @6 :Text;  # date, empty when none; required for major and minor findings
                                # of surveillance and special audits
}

# §6.2.2: a finding's corrective action and its verification.
struct FindingClosed {
  auditId @0 :Text;
  findingId @1 :Text;
  correctiveAction @2 :Text;
  verification @3 :Text;
}

# §9, §10, Annexes C and D: the scores of an audit, with what was derived from
# them under `scheme` when recorded (a replay never recomputes them).
struct ScoresRecorded {
  auditId @0 :Text;
  management @1 :List(NamedScore);   # §9 indicator -> score
  service @2 :List(NamedScore);      # §5.1 service area -> recorded figure
  sheets @3 :List(SheetScores);      # Annex D sheet -> items
  enhancement @4 :List(NamedScore);  # §10.1.2 enhancement indicator -> score
  areas @5 :List(NamedScore);        # derived: area -> score
  serviceCharacteristic @6 :Float64; # derived
  serviceManagement @7 :Float64;     # derived
  enhancementScore @8 :Float64;      # derived
  comprehensive @9 :Float64;         # derived
  complete @10 :Bool;                # every §9 indicator and every service area has a score (全面)
  allThresholdsMet @11 :Bool;        # complete, and every §9 indicator meets its threshold (score >= threshold)
  scheme @12 :SchemeRef;
}

# §6.2.3: the team leader's report.
struct AuditReportSubmitted {
  auditId @0 :Text;
  conclusion @1 :Text;
  recommendation @2 :DecisionOutcome;
  reportSentOn @3 :Text;  # date sent to the organisation (§10.3.3 item 4); empty when not yet sent
}

# §6.2.3 item 3: the committee approves the report.
struct AuditReportApproved {
  auditId @0 :Text;
}

# §6.4.2, Annex B.4: a surveillance or special audit completed by its team leader.
struct SurveillanceAuditCompleted {
  auditId @0 :Text;
  kind @1 :AuditKind;
  auditDate @2 :Text;                 # date; the audit's start date (B.4 row date)
  conclusion @3 :SurveillanceConclusion;  # a recommendation; never changes the status by itself
  teamLeader @4 :Text;
  nextSurveillanceDue @5 :Text;       # date, empty when unchanged (only annual surveillance moves it)
}

# --- 3.3 Decision (§6.3) ---------------------------------------------------------

# §6.3.1: the committee's review of the three points.
struct CommitteeReviewed {
  auditId @0 :Text;
  processConforms @1 :Bool;
  findingsAccurate @2 :Bool;
  conclusionReasonable @3 :Bool;
  comments @4 :Text;
}

# §6.3.2: the certification decision.
struct CertificationDecided {
  auditId @0 :Text;
  outcome @1 :DecisionOutcome;
  reason @2 :Text;
  conditionalFindings @3 :List(Text);  # conditional: every minor finding open at decision time
  conditionsDeadline @4 :Text;         # date, empty unless conditional
  noticeDueOn @5 :Text;                # date; decision date + the scheme's notice working days (§6.3.3)
  scheme @6 :SchemeRef;
}

# §6.3.3: the decision is notified to the organisation.
struct DecisionNotified {
  notifiedOn @0 :Text;  # date
  channel @1 :Text;
  late @2 :Bool;        # after the notice deadline
}

# §6.3.2 item 2: every listed finding closed by the deadline; completes the approval.
struct ConditionsFulfilled {
}

# §6.3.2 item 2 [choice]: a conditional approval's deadline passed unfulfilled.
struct ConditionalApprovalLapsed {
  conditionsDeadline @0 :Text;  # date
  noticeDueOn @1 :Text;         # optional date: the lapse is notified like a decision (domain.md §9.2)
}

# --- 3.4 Certificate (§6.4, §7, §8, Annex B) ---------------------------------------

# §6.4.1, §7.1, §7.2: the certificate is issued.
struct CertificateIssued {
  certificateNo @0 :Text;       # §7.1 item 1, e.g. "CMM-525-2026-00001"
  holderName @1 :Text;
  address @2 :Text;
  addressKind @3 :AddressKind;
  uscc @4 :Text;                # empty for a live salesperson
  scope @5 :Text;
  basis @6 :Text;               # "GB/T 41247-2023; CMM-525-0010-GBT 41247-2023 (V1.0)"
  validFrom @7 :Text;           # date
  validUntil @8 :Text;          # date
  issueDate @9 :Text;           # date
  firstIssuedOn @10 :Text;      # date
  certificationBody @11 :Text;
  category @12 :Text;
  field @13 :Text;
  mode @14 :Text;
  evaluation @15 :EvaluationResults;  # §7.2.2
  nextSurveillanceDue @16 :Text;      # date
  auditId @17 :Text;                  # the audit the decision rests on
  scheme @18 :SchemeRef;
}

# One changed item of an Annex B.2 row.
struct ChangedItem {
  field @0 :Text;   # holder_name | address | address_kind | scope
  before @1 :Text;
  after @2 :Text;
}

# §7.4.1, Annex B.2: name, address or scope changed.
struct CertificateChanged {
  changes @0 :List(ChangedItem);
  reason @1 :Text;
  approver @2 :Text;
  act @3 :HolderAct;
}

# §7.4.2: reissued, same number.
struct CertificateReissued {
  cause @0 :ReissueCause;
  approver @1 :Text;
  act @2 :HolderAct;
}

# §8.2.1 item 2: the holder reports a major change.
struct MajorChangeReported {
  reportId @0 :Text;
  description @1 :Text;
  act @2 :HolderAct;
}

# §6.4.2 item 2: a complaint about the holder.
struct ComplaintReceived {
  complaintId @0 :Text;
  summary @1 :Text;
  act @2 :HolderAct;                 # received on and channel of the complaint
  complainant @3 :PersonalDataRef;   # the complainant; id empty when anonymous
}

# §8.2.2 item 4: the holder refused surveillance.
struct SurveillanceRefused {
  details @0 :Text;
}

# §8.2.1, §8.3.1 step 1: suspended, with the rectification required.
struct CertificateSuspended {
  grounds @0 :Text;         # 8.2.1-1 .. 8.2.1-4
  details @1 :Text;
  rectification @2 :Text;   # what must be rectified
  deadline @3 :Text;        # date; the rectification deadline
  approver @4 :Text;
  auditId @5 :Text;         # the audit the suspension rests on (domain.md §9.8); empty: none
}

# §8.3.1 step 2: the holder submits its rectification.
struct RectificationSubmitted {
  description @0 :Text;
  evidence @1 :Text;
  act @2 :HolderAct;
}

# §8.3.1 step 3: the rectification is verified.
struct RectificationVerified {
  verified @0 :Bool;  # false: failed; the certificate stays suspended
  approver @1 :Text;
}

# §8.3.1 step 4: reinstated.
struct CertificateReinstated {
  approver @0 :Text;
}

# §8.2.2, §8.3.2 step 1: a revocation proceeding opens.
struct RevocationProceedingOpened {
  grounds @0 :Text;  # 8.2.2-1 .. 8.2.2-5
  details @1 :Text;
  auditId @2 :Text;  # the audit the proceeding rests on (e.g. a special audit concluding revoke); empty: none
}

# §8.3.2 steps 2-3: the revocation notice.
struct RevocationNoticeIssued {
  grounds @0 :Text;
  details @1 :Text;
  appealDeadline @2 :Text;  # date
}

# §8.3.2: the holder appeals.
struct AppealFiled {
  grounds @0 :Text;  # the holder's grounds, free text
  act @1 :HolderAct;
}

# §8.3.2: the appeal is decided.
struct AppealDecided {
  outcome @0 :AppealOutcome;
  reason @1 :Text;
  newDeadline @2 :Text;  # date, empty when none; upheld on grounds 8.2.2-5: the new rectification deadline
}

# §8.3.2 step 4: the proceeding closes without revocation.
struct RevocationProceedingClosed {
  reason @0 :Text;
}

# §8.2.2, §8.3.2 step 4: revoked (final).
struct CertificateRevoked {
  grounds @0 :Text;  # the proceeding's grounds
  reason @1 :Text;
  approver @2 :Text;
}

# §8.2.3 item 2: the holder asks for cancellation.
struct CancellationRequested {
  reason @0 :Text;
  act @1 :HolderAct;
}

# §8.2.3, §8.3.3 steps 2-3: cancelled (final).
struct CertificateCancelled {
  grounds @0 :Text;      # 8.2.3-1 .. 8.2.3-4
  reason @1 :Text;
  approver @2 :Text;
  notifiedOn @3 :Text;   # date, empty when not yet notified
  auditId @4 :Text;      # the audit the cancellation rests on (domain.md §9.8); empty: none
}

# §8.3.3 step 4: the cancellation is announced.
struct CancellationAnnounced {
}

# §6.4.3: the holder applies for recertification with an updated Annex A.
struct RecertificationApplied {
  form @0 :ApplicationForm;
  act @1 :HolderAct;
  dueOn @2 :Text;   # date; acceptance deadline
  scheme @3 :SchemeRef;
}

# §6.4.3: the certificate is renewed, same number.
struct CertificateRenewed {
  certificateNo @0 :Text;
  previousValidUntil @1 :Text;   # date
  validFrom @2 :Text;            # date
  validUntil @3 :Text;           # date
  issueDate @4 :Text;            # date
  evaluation @5 :EvaluationResults;
  nextSurveillanceDue @6 :Text;  # date
  auditId @7 :Text;
  scheme @8 :SchemeRef;
  # The recertified items (domain.md §9.4). holderName is empty on renewals
  # recorded before they were carried: the certificate keeps its items.
  holderName @9 :Text;
  address @10 :Text;
  addressKind @11 :AddressKind;
  scope @12 :Text;
  changes @13 :List(ChangedItem);  # what differs from the previous certificate (Annex B.2)
}

# domain.md §9.6: the committee keeps the certificate as it is after a
# surveillance or special audit concluded suspend or revoke.
struct CertificationMaintained {
  auditId @0 :Text;  # the audit whose conclusion is answered
  reason @1 :Text;
}

# domain.md §9.7, §6.4.2 item 2: no special audit is needed for the major
# changes and complaints reported since the last one was planned.
struct SpecialAuditWaived {
  causes @0 :List(Text);  # the report and complaint ids waived
  reason @1 :Text;
}
