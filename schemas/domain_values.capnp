# The values the domain events of domain_events.capnp are made of: the
# enumerations, the application form (Annex A), the scheme reference, the
# evaluation, and the personal data reference and record (domain.md §2).
# Split from domain_events.capnp, whose encoding conventions and forever rules
# apply here too; every type keeps the id it had there (the `@0x…` after its
# name), so generated code and stored bytes are the same as before the split.
@0x97784351585a909e;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("certreg::schema");

# --- values -------------------------------------------------------------------

# §1.1: who applies. Wire: platform_operator live_service_agency
# in_platform_merchant live_salesperson other.
enum OrgType @0xae124d9171502ad1 {
  platformOperator @0;    # 直播平台经营者
  liveServiceAgency @1;   # 直播营销服务机构
  inPlatformMerchant @2;  # 平台内经营者
  liveSalesperson @3;     # 直播营销人员 (a natural person: no USCC, no public address)
  other @4;
}

# §5.3: the kind of an audit. Wire: initial surveillance special recertification.
enum AuditKind @0xb9707a45182d8a2b {
  initial @0;
  surveillance @1;     # annual surveillance (§6.4.2)
  special @2;          # special surveillance
  recertification @3;  # §6.4.3
}

# What a special audit follows. Wire: none major_change complaint other.
enum SpecialTrigger @0xc5726f1879e74757 {
  none @0;         # not a special audit
  majorChange @1;  # §8.2.1 item 2
  complaint @2;    # §6.4.2 item 2
  other @3;
}

# The grade of a finding. Wire: major minor observation.
enum FindingGrade @0xe0fdce6c6f4990c3 {
  major @0;        # 严重不符合项
  minor @1;        # 轻微不符合项
  observation @2;  # 观察项
}

# An audit report's recommendation and a decision's outcome (§6.3.2).
# Wire: approve conditional reject.
enum DecisionOutcome @0xfa919ab465e11c97 {
  approve @0;
  conditional @1;  # approved once the listed minor findings are closed
  reject @2;
}

# The conclusion of a surveillance or special audit. Wire: maintain suspend revoke.
enum SurveillanceConclusion @0xc7ec6f6bb77b5a4f {
  maintain @0;
  suspend @1;
  revoke @2;
}

# Which address the certificate shows (§7.1 item 3). Wire: registered operating.
enum AddressKind @0xb3e2b12f0eb7ee04 {
  registered @0;  # 注册地址
  operating @1;   # 经营地址
}

# Why a certificate is reissued (§7.4.2). Wire: lost damaged.
enum ReissueCause @0x8b83e6c2d3f80f1e {
  lost @0;     # 遗失
  damaged @1;  # 损坏
}

# The decision on an appeal (§8.3.2). Wire: upheld dismissed.
enum AppealOutcome @0xb6411e41129e3582 {
  upheld @0;     # the proceeding closes, status unchanged
  dismissed @1;
}

# The quality-management-system result on the certificate (§7.2.2; from the
# cycle's findings against 5.2.1-1). Wire: conforms conforms_with_minor.
enum QmsResult @0xeafaac55a0f4f6f5 {
  conforms @0;
  conformsWithMinor @1;
}

# --- shared parts ---------------------------------------------------------------

# The scheme an event was decided under (domain.md §5).
struct SchemeRef @0xcc5539de87e30953 {
  id @0 :Text;       # e.g. "CMM-525-0010"
  version @1 :Text;  # e.g. "V1.0"
  sha256 @2 :Text;   # lower-case hex SHA-256 of the scheme file
}

# An act of the holder recorded by a clerk (domain.md §1): the event is
# submitted by the holder.
struct HolderAct @0xa72ba146936872bf {
  receivedOn @0 :Text;  # date; the act's effective date
  channel @1 :Text;     # "email", "post", "in_person", "portal", ... free text
}

# Personal data (domain.md §2) as an event carries it: a reference to a
# PersonalRecord stored in column family `personal_data` under `id`, in the
# same batch as the event. The record may later be erased; the commitment
# still proves what was recorded.
struct PersonalDataRef @0xd31515419d3cf015 {
  id @0 :Text;          # random UUID naming the record; empty: no personal data (commitment empty too)
  commitment @1 :Data;  # 32 bytes: SHA-256(salt || C), see PersonalRecord
}

# The plaintext of one PersonalDataRef: the value stored under its id in
# column family `personal_data`, a one-segment flat message (segment table,
# then the record's canonical encoding, salt included). Never part of an
# event's hashed bytes, never shown to the public (GB/T 35273).
#
# Commitment: SHA-256(salt || C), where `salt` is the content of this record's
# salt field (16 bytes) and C is the canonical Cap'n Proto encoding of this
# record with `salt` unset (null pointer): the single segment, without a
# segment table, that Cap'n Proto's canonicalization produces
# (capnp::canonicalize), root pointer first. The salt keeps the commitment of
# a short value (a phone number) from being found by trying every value.
struct PersonalRecord @0xd5ed5805fcdaa450 {
  salt @0 :Data;                 # 16 random bytes, fresh for every record
  legalRepresentative @1 :Text;  # 法定代表人
  contactName @2 :Text;          # 联系人, or a complainant's name
  phone @3 :Text;
  email @4 :Text;
  address @5 :Text;              # a natural person's address (a live salesperson, §1.1 item 4)
}

# The §7.2.2 evaluation results a certificate carries (Annex C weights).
struct EvaluationResults @0xb493d18f242968c0 {
  quality @0 :Float64;                 # service area §5.1.1-1
  efficiency @1 :Float64;              # service area §5.1.1-2
  effect @2 :Float64;                  # service area §5.1.1-3
  serviceCharacteristic @3 :Float64;   # Σ service area × weight
  organisation @4 :Float64;            # management area §9.1
  personnel @5 :Float64;               # §9.2
  goods @6 :Float64;                   # §9.3
  liveInformation @7 :Float64;         # §9.4
  consumerProtection @8 :Float64;      # §9.5
  serviceManagement @9 :Float64;       # Σ management area × weight
  qms @10 :QmsResult;                  # quality management system (§5.2.1)
  enhancement @11 :Float64;            # §10.1.2, Σ score × weight
  comprehensive @12 :Float64;          # the three together
}

# One entry of a table keyed by text: indicator, area or enhancement
# indicator -> score.
struct NamedScore @0x949566ce2c449541 {
  name @0 :Text;      # the key, e.g. "9.1.1", "quality", "technical_innovation"
  score @1 :Float64;
}

# The items of one Annex D score sheet, in the sheet's order.
struct SheetScores @0xd0b2c57e1450b241 {
  sheet @0 :Text;           # the sheet's code, e.g. "D.1.1"
  items @1 :List(Float64);  # points per item
}

# --- Annex A: the application form ----------------------------------------------

# The application of Annex A (api.md, "The application body"), its personal
# fields replaced by a reference.
struct ApplicationForm @0xb11b390ea79a1b72 {
  applicant @0 :Applicant;                              # A.1, less the personal fields
  personal @1 :PersonalDataRef;                         # A.1 legal representative, contact name, phone, email
  business @2 :BusinessOverview;                        # A.2
  qualityManagement @3 :QualityManagementStatus;        # A.3
  serviceCapability @4 :ServiceCapabilityStatus;        # A.4
  performanceIndicators @5 :List(PerformanceIndicator); # A.5
  declarations @6 :Declarations;                        # A.6
  appliedOn @7 :Text;                                   # A.6 申请日期; date, empty when not given
  eligibility @8 :Eligibility;                          # §6.1.1
  materials @9 :List(Text);                             # §6.1.2, free text (codes recommended)
  scope @10 :Text;                                      # the requested scope
}

# A.1 basic information, less the personal fields.
struct Applicant @0xc78aedf45e981012 {
  name @0 :Text;               # 申请组织名称
  address @1 :Text;
  uscc @2 :Text;               # 统一社会信用代码 (GB 32100-2015); empty for a live salesperson
  orgType @3 :OrgType;
  foundedOn @4 :Text;          # date, empty when not given
  liveBusinessSince @5 :Text;  # date the live-streaming business started, empty when not given
}

# A.2 business overview.
struct BusinessOverview @0x9e9fef5aa232802c {
  scale @0 :Text;
  serviceScope @1 :Text;
  platforms @2 :List(Text);
  liveModes @3 :List(Text);
  liveHours @4 :Text;
  salespersons :union {        # number of live salespersons
    notStated @5 :Void;
    value @6 :Int64;
  }
  annualTurnoverCny :union {   # annual turnover, yuan
    notStated @7 :Void;
    value @8 :Int64;
  }
  annualLiveSessions :union {  # number of live sessions a year
    notStated @9 :Void;
    value @10 :Int64;
  }
}

# The present state and the plan of one area (A.3, A.4).
struct StatusAndPlan @0xeada99f769668fa4 {
  status @0 :Text;
  plan @1 :Text;
}

# A.3 quality management, six areas.
struct QualityManagementStatus @0xcb72880309c90623 {
  system @0 :StatusAndPlan;
  organisation @1 :StatusAndPlan;
  personnel @2 :StatusAndPlan;
  goods @3 :StatusAndPlan;
  liveInformation @4 :StatusAndPlan;
  consumerProtection @5 :StatusAndPlan;
}

# A.4 service capability.
struct ServiceCapabilityStatus @0x871664b6e876252b {
  quality @0 :StatusAndPlan;
  efficiency @1 :StatusAndPlan;
  effect @2 :StatusAndPlan;
  satisfaction @3 :StatusAndPlan;
  complaintHandlingRate @4 :StatusAndPlan;
  problemResolutionRate @5 :StatusAndPlan;
}

# A.5 one performance indicator.
struct PerformanceIndicator @0xbfe6a817e879abb3 {
  category @0 :Text;
  name @1 :Text;
  target @2 :Text;
  actual @3 :Text;
}

# A.6 the four declarations (all true in an accepted form).
struct Declarations @0xe13a3e96cb206f1c {
  materialsTrue @0 :Bool;
  acceptsAudit @1 :Bool;
  followsRules @2 :Bool;
  continuousImprovement @3 :Bool;
}

# §6.1.1 the five eligibility statements (all true in an accepted form).
struct Eligibility @0xf4e7d58bec7ecc48 {
  legalEntity @0 :Bool;
  qmsEstablished @1 :Bool;
  meetsStandard @2 :Bool;
  noMajorAccident12m @3 :Bool;  # no major quality or safety accident in the last 12 months
  hasResources @4 :Bool;
}
