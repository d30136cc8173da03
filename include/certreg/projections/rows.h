// The rows of the read models (domain.md §6) as plain values: structs over
// domain values, with nothing of their storage. Their stored bytes
// (schemas/projections.capnp; keys in projections/README.md) are the codec's:
// include/certreg/codec/row_codec.h, which includes this header and nothing
// else of the projections. All functions are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreg/domain/date.h"
#include "certreg/domain/events.h"
#include "certreg/domain/time_rules.h"
#include "certreg/domain/values.h"

namespace certreg::projections {

// How a certificate ended (REVOKED or CANCELLED), or why it is SUSPENDED, as
// the public sees it (domain.md §7, Annex B.3).
struct CertificateEnding {
  domain::Date date;            // effective date of the suspension, revocation or cancellation
  std::string grounds;          // grounds code, e.g. "8.2.3-1"
  std::string grounds_text_zh;  // from the scheme; empty for a code the scheme lacks
  std::string grounds_text_en;
  std::optional<domain::Date> announced_on;  // cancellation announced (§8.3.3 step 4)
  friend bool operator==(const CertificateEnding&, const CertificateEnding&) = default;
};

// proj_certificates, Annex B.1. Holds no personal data: for a live
// salesperson (a natural person) the address is withheld, not stored.
struct CertificateRow {
  std::string number;
  std::string holder_name;
  std::vector<std::string> former_names;  // oldest first
  std::string uscc;                       // empty for a live salesperson
  std::string address;                    // empty when address_withheld
  domain::AddressKind address_kind = domain::AddressKind::kRegistered;
  domain::OrgType org_type = domain::OrgType::kOther;
  bool address_withheld = false;
  std::string scope;
  std::string basis, certification_body, category, field, mode;  // the scheme's fixed items
  domain::Date first_issued_on, issue_date, valid_from, valid_until;
  domain::CertificateStatus status = domain::CertificateStatus::kValid;
  domain::Date status_since;
  domain::EvaluationResults evaluation;
  domain::Date next_surveillance_due;
  std::string file_id;
  std::optional<CertificateEnding> revocation;    // set when REVOKED
  std::optional<CertificateEnding> cancellation;  // set when CANCELLED
  bool recertification_open = false;  // a recertification applied for since the last issue or renewal is open
  std::optional<CertificateEnding> suspension;  // set when SUSPENDED (never announced)
  friend bool operator==(const CertificateRow&, const CertificateRow&) = default;
};

// proj_changes, Annex B.2.
struct ChangeRow {
  domain::Date date;    // effective date
  std::string kind;     // holder_name | address | address_kind | scope | reissue | renewal
  std::string content;  // 名称变更, 补发（遗失）, "有效期至 2029-04-19 → 2032-04-19", ...
  std::string before;   // empty for a reissue or when withheld
  std::string after;
  std::string reason;
  std::string approver;
  friend bool operator==(const ChangeRow&, const ChangeRow&) = default;
};

// proj_status_history, Annex B.3.
struct StatusRow {
  domain::Date date;  // effective date
  std::int64_t recorded_at_micros = 0;
  std::optional<domain::CertificateStatus> before;  // nullopt for the issue
  domain::CertificateStatus after = domain::CertificateStatus::kValid;
  std::string reason;
  std::string grounds;  // suspension, revocation, cancellation; else empty
  std::string grounds_text_zh, grounds_text_en;
  std::string approver;    // "system" for time-driven events
  std::string event_type;  // e.g. "CertificateSuspended"
  friend bool operator==(const StatusRow&, const StatusRow&) = default;
};

// proj_surveillance, Annex B.4. Staff and regulators only.
struct SurveillanceRow {
  domain::Date date;  // the audit's start date
  domain::AuditKind kind = domain::AuditKind::kSurveillance;
  domain::SurveillanceConclusion conclusion = domain::SurveillanceConclusion::kMaintain;
  std::string team_leader;
  std::string audit_id;
  friend bool operator==(const SurveillanceRow&, const SurveillanceRow&) = default;
};

// proj_work_queue. Staff only.
struct WorkQueueRow {
  std::string file_id;
  std::string holder_name;
  domain::Stage stage = domain::Stage::kAwaitingAcceptance;  // domain::StageOf, stored as its wire name
  std::optional<domain::Date> due_on;                        // domain::DueOn
  std::string certificate_no;          // empty before the first issue
  std::optional<domain::CertificateStatus> status;
  std::vector<domain::OverdueClock> clocks;  // domain::OverdueClocks; reasons stored as wire names
  std::uint64_t version = 0;  // the file's stream version the row reflects
  friend bool operator==(const WorkQueueRow&, const WorkQueueRow&) = default;
};

// Whether the certificate is in validity on `today`: domain::InValidity on the
// row's status and dates (domain.md §9.9: never for REVOKED or CANCELLED).
bool InValidity(const CertificateRow& row, domain::Date today);

// Whether the certificate is past valid_until with its recertification still
// open (domain.md §9.3): it keeps its status but may not be used, and the
// public answer carries a status note.
bool RecertificationPendingPastExpiry(const CertificateRow& row, domain::Date today);

// The file's overdue reasons on `today`, read from the stored clocks by
// proj_feed: a public event as the change feed shows it (platforms.md §3).
struct FeedRow {
  std::string event_type;      // e.g. "CertificateSuspended"
  std::string certificate_no;
  domain::CertificateStatus status = domain::CertificateStatus::kValid;  // after the event
  domain::Date status_since;   // since when the certificate has that status
  domain::Date effective_date;
  std::int64_t recorded_at_micros = 0;
  friend bool operator==(const FeedRow&, const FeedRow&) = default;
};

// domain::OverdueReasons: equal to those of the state the row was projected
// from, for the scheme it was projected with.
std::vector<domain::OverdueReason> OverdueReasons(const WorkQueueRow& row, domain::Date today);

}  // namespace certreg::projections
