// The certificate events (domain.md §3.4). Each struct is named by its wire
// name and carries it as kName. Part of the catalogue: include
// certreg/domain/events.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/domain/events_application.h"

namespace certreg::domain {

// --- 3.4 Certificate ---------------------------------------------------------

struct CertificateIssued {
  static constexpr std::string_view kName = "CertificateIssued";
  std::string certificate_no;
  std::string holder_name;
  std::string address;
  AddressKind address_kind = AddressKind::kRegistered;
  std::string uscc;
  std::string scope;
  std::string basis;
  Date valid_from;
  Date valid_until;
  Date issue_date;
  Date first_issued_on;
  std::string certification_body;
  std::string category, field, mode;
  EvaluationResults evaluation;
  Date next_surveillance_due;
  std::string audit_id;  // the audit the decision rests on
  SchemeRef scheme;
  friend bool operator==(const CertificateIssued&, const CertificateIssued&) = default;
};

// One changed item of an Annex B.2 row.
struct ChangedItem {
  std::string field;  // holder_name | address | address_kind | scope
  std::string before;
  std::string after;
  friend bool operator==(const ChangedItem&, const ChangedItem&) = default;
};

struct CertificateChanged {
  static constexpr std::string_view kName = "CertificateChanged";
  std::vector<ChangedItem> changes;
  std::string reason;
  std::string approver;
  HolderAct act;
  friend bool operator==(const CertificateChanged&, const CertificateChanged&) = default;
};

struct CertificateReissued {
  static constexpr std::string_view kName = "CertificateReissued";
  ReissueCause cause = ReissueCause::kLost;
  std::string approver;
  HolderAct act;
  friend bool operator==(const CertificateReissued&, const CertificateReissued&) = default;
};

struct MajorChangeReported {
  static constexpr std::string_view kName = "MajorChangeReported";
  std::string report_id;
  std::string description;
  HolderAct act;
  friend bool operator==(const MajorChangeReported&, const MajorChangeReported&) = default;
};

struct ComplaintReceived {
  static constexpr std::string_view kName = "ComplaintReceived";
  std::string complaint_id;
  std::string summary;
  HolderAct act;             // received_on and channel of the complaint
  PersonalData complainant;  // personal; may be empty
  friend bool operator==(const ComplaintReceived&, const ComplaintReceived&) = default;
};

struct SurveillanceRefused {
  static constexpr std::string_view kName = "SurveillanceRefused";
  std::string details;
  friend bool operator==(const SurveillanceRefused&, const SurveillanceRefused&) = default;
};

// domain.md §9.6: the committee keeps the certificate as it is after a
// surveillance or special audit concluded suspend or revoke.
struct CertificationMaintained {
  static constexpr std::string_view kName = "CertificationMaintained";
  std::string audit_id;  // the audit whose conclusion is answered
  std::string reason;
  friend bool operator==(const CertificationMaintained&, const CertificationMaintained&) = default;
};

// domain.md §9.7: the committee decides that no special audit is needed for
// the major changes and complaints reported since the last one was planned.
struct SpecialAuditWaived {
  static constexpr std::string_view kName = "SpecialAuditWaived";
  std::vector<std::string> causes;  // the report (R…) and complaint (C…) ids waived
  std::string reason;
  friend bool operator==(const SpecialAuditWaived&, const SpecialAuditWaived&) = default;
};

struct CertificateSuspended {
  static constexpr std::string_view kName = "CertificateSuspended";
  std::string grounds;  // 8.2.1-1 .. 8.2.1-4
  std::string details;
  std::string rectification;  // what must be rectified
  Date deadline;
  std::string approver;
  std::string audit_id = {};  // the audit the suspension rests on (domain.md §9.8); empty: none
  friend bool operator==(const CertificateSuspended&, const CertificateSuspended&) = default;
};

struct RectificationSubmitted {
  static constexpr std::string_view kName = "RectificationSubmitted";
  std::string description;
  std::string evidence;
  HolderAct act;
  friend bool operator==(const RectificationSubmitted&, const RectificationSubmitted&) = default;
};

struct RectificationVerified {
  static constexpr std::string_view kName = "RectificationVerified";
  bool verified = false;
  std::string approver;
  friend bool operator==(const RectificationVerified&, const RectificationVerified&) = default;
};

struct CertificateReinstated {
  static constexpr std::string_view kName = "CertificateReinstated";
  std::string approver;
  friend bool operator==(const CertificateReinstated&, const CertificateReinstated&) = default;
};

struct RevocationProceedingOpened {
  static constexpr std::string_view kName = "RevocationProceedingOpened";
  std::string grounds;  // 8.2.2-1 .. 8.2.2-5
  std::string details;
  std::string audit_id;  // the audit it rests on, if any: its team may not decide the appeal
  friend bool operator==(const RevocationProceedingOpened&, const RevocationProceedingOpened&) = default;
};

struct RevocationNoticeIssued {
  static constexpr std::string_view kName = "RevocationNoticeIssued";
  std::string grounds;
  std::string details;
  Date appeal_deadline;
  friend bool operator==(const RevocationNoticeIssued&, const RevocationNoticeIssued&) = default;
};

struct AppealFiled {
  static constexpr std::string_view kName = "AppealFiled";
  std::string grounds;  // the holder's grounds, free text
  HolderAct act;
  friend bool operator==(const AppealFiled&, const AppealFiled&) = default;
};

struct AppealDecided {
  static constexpr std::string_view kName = "AppealDecided";
  AppealOutcome outcome = AppealOutcome::kDismissed;
  std::string reason;
  std::optional<Date> new_deadline;  // upheld on grounds 8.2.2-5: the new rectification deadline
  friend bool operator==(const AppealDecided&, const AppealDecided&) = default;
};

struct RevocationProceedingClosed {
  static constexpr std::string_view kName = "RevocationProceedingClosed";
  std::string reason;
  friend bool operator==(const RevocationProceedingClosed&, const RevocationProceedingClosed&) = default;
};

struct CertificateRevoked {
  static constexpr std::string_view kName = "CertificateRevoked";
  std::string grounds;  // the proceeding's grounds
  std::string reason;
  std::string approver;
  friend bool operator==(const CertificateRevoked&, const CertificateRevoked&) = default;
};

struct CancellationRequested {
  static constexpr std::string_view kName = "CancellationRequested";
  std::string reason;
  HolderAct act;
  friend bool operator==(const CancellationRequested&, const CancellationRequested&) = default;
};

struct CertificateCancelled {
  static constexpr std::string_view kName = "CertificateCancelled";
  std::string grounds;  // 8.2.3-1 .. 8.2.3-4
  std::string reason;
  std::string approver;
  std::optional<Date> notified_on;
  std::string audit_id = {};  // the audit the cancellation rests on (domain.md §9.8); empty: none
  friend bool operator==(const CertificateCancelled&, const CertificateCancelled&) = default;
};

struct CancellationAnnounced {
  static constexpr std::string_view kName = "CancellationAnnounced";
  friend bool operator==(const CancellationAnnounced&, const CancellationAnnounced&) = default;
};

struct RecertificationApplied {
  static constexpr std::string_view kName = "RecertificationApplied";
  ApplicationForm form;
  HolderAct act;
  Date due_on;  // acceptance deadline
  SchemeRef scheme;
  friend bool operator==(const RecertificationApplied&, const RecertificationApplied&) = default;
};

struct CertificateRenewed {
  static constexpr std::string_view kName = "CertificateRenewed";
  std::string certificate_no;
  Date previous_valid_until;
  Date valid_from;
  Date valid_until;
  Date issue_date;
  EvaluationResults evaluation;
  Date next_surveillance_due;
  std::string audit_id;
  SchemeRef scheme;
  // The recertified items (domain.md §9.4): the recertification application's
  // holder name and address, the address kind, the scope as audited. Empty
  // holder_name: a renewal recorded before they were carried (the certificate
  // keeps its items).
  std::string holder_name;
  std::string address;
  AddressKind address_kind = AddressKind::kRegistered;
  std::string scope;
  std::vector<ChangedItem> changes;  // what differs from the previous certificate: Annex B.2 rows
  friend bool operator==(const CertificateRenewed&, const CertificateRenewed&) = default;
};

}  // namespace certreg::domain
