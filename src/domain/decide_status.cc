// Certificate status (§8): suspension, revocation and cancellation, with the
// status machine of domain.md §4:
//   VALID -> SUSPENDED, SUSPENDED -> VALID, VALID|SUSPENDED -> REVOKED,
//   VALID|SUSPENDED -> CANCELLED; nothing leaves REVOKED or CANCELLED.
#include <algorithm>

#include "certreg/domain/grounds.h"
#include "certreg/domain/time_rules.h"
#include "domain/decide_internal.h"

namespace certreg::domain::internal {
namespace {

bool GroundsIn(const std::vector<GroundsDef>& list, const std::string& code) {
  for (const GroundsDef& g : list) {
    if (g.code == code) return true;
  }
  return false;
}

std::string StatusName(const FileState& s) { return std::string(ToWire(s.certificate->status)); }

// A refusal naming the certificate's status: "certificate N is REVOKED; it cannot be suspended".
Decision WrongStatus(const Builder& b, const std::string& action) {
  return b.Reject("certificate " + b.state().certificate->number + " is " + StatusName(b.state()) +
                  "; it cannot be " + action);
}

std::optional<Decision> RequireStatus(const Builder& b, CertificateStatus status, const std::string& action) {
  if (!b.state().certificate) return b.RejectState("there is no certificate");
  if (b.state().certificate->status != status) return WrongStatus(b, action);
  return std::nullopt;
}

std::optional<Decision> RequireValidOrSuspended(const Builder& b, const std::string& action) {
  if (!b.state().certificate) return b.RejectState("there is no certificate");
  if (b.state().ended()) return WrongStatus(b, action);
  return std::nullopt;
}

// The audits a suspension rests on (domain.md §9.8): the one named; else, on
// grounds 8.2.1-1, the surveillance and special audits whose findings are open
// past their correction deadline; else the audit whose conclusion awaits the
// committee's action (§9.6), which the suspension answers.
std::vector<std::string> SuspensionRestsOn(const Builder& b, const SuspendCertificate& c) {
  const FileState& s = b.state();
  if (!c.audit_id.empty()) return {c.audit_id};
  std::vector<std::string> audits;
  if (c.grounds == grounds::kMinorNotCorrected) {
    for (const auto& [id, finding] : s.findings) {
      auto audit = s.audits.find(finding.audit_id);
      const bool surveillance = audit != s.audits.end() && (audit->second.kind == AuditKind::kSurveillance ||
                                                            audit->second.kind == AuditKind::kSpecial);
      const bool overdue = finding.open && finding.correction_deadline && *finding.correction_deadline < b.effective_date();
      if (surveillance && overdue && std::find(audits.begin(), audits.end(), finding.audit_id) == audits.end()) {
        audits.push_back(finding.audit_id);
      }
    }
  }
  if (audits.empty() && s.surveillance_action) audits.push_back(s.surveillance_action->audit_id);
  return audits;
}

// The audits a revocation proceeding rests on (domain.md §9.8): the one it
// names, and on grounds 8.2.2-5 the one the suspension rests on.
std::vector<std::string> RevocationRestsOn(const FileState& s) {
  std::vector<std::string> audits;
  if (!s.revocation) return audits;
  if (!s.revocation->audit_id.empty()) audits.push_back(s.revocation->audit_id);
  if (s.revocation->grounds == grounds::kRectificationOverdue && s.suspension && !s.suspension->audit_id.empty()) {
    audits.push_back(s.suspension->audit_id);
  }
  return audits;
}

}  // namespace

Decision DecideCommand(const SuspendCertificate& c, Builder& b) {
  if (!GroundsIn(b.scheme().suspension_grounds, c.grounds)) b.Invalid("grounds", "must be one of 8.2.1-1 .. 8.2.1-4");
  b.Require("details", c.details);
  b.Require("rectification", c.rectification);
  b.RequireAfterEffectiveDate("deadline", c.deadline);
  b.Require("approver", c.approver);
  if (b.has_errors()) return b.Done();
  if (!c.audit_id.empty() && b.state().audits.count(c.audit_id) == 0) return b.NotFound("audit " + c.audit_id);
  if (auto refused = RequireStatus(b, CertificateStatus::kValid, "suspended")) return *refused;
  const std::vector<std::string> rests_on = SuspensionRestsOn(b, c);
  if (auto conflicted = RequireImpartial(b, rests_on, c.approver, "suspend on it")) return *conflicted;
  b.Emit(CertificateSuspended{c.grounds, c.details, c.rectification, *c.deadline, c.approver,
                              rests_on.empty() ? std::string() : rests_on.front()});
  return b.Done();
}

Decision DecideCommand(const SubmitRectification& c, Builder& b) {
  b.Require("description", c.description);
  if (auto refused = b.Refusal(RequireStatus(b, CertificateStatus::kSuspended, "rectified"))) return *refused;
  const SuspensionState& suspension = *b.state().suspension;
  if (b.effective_date() > suspension.deadline) {
    return b.RejectState("the rectification deadline " + suspension.deadline.ToString() + " has passed");
  }
  if (suspension.rectification_unverified) return b.RejectState("a rectification awaits verification");
  b.Emit(RectificationSubmitted{c.description, c.evidence, c.act});
  return b.Done();
}

Decision DecideCommand(const VerifyRectification& c, Builder& b) {
  b.Require("approver", c.approver);
  if (auto refused = b.Refusal(RequireStatus(b, CertificateStatus::kSuspended, "verified"))) return *refused;
  if (!b.state().suspension->rectification_unverified) return b.RejectState("no rectification awaits verification");
  b.Emit(RectificationVerified{c.verified, c.approver});
  return b.Done();
}

Decision DecideCommand(const ReinstateCertificate& c, Builder& b) {
  b.Require("approver", c.approver);
  if (auto refused = b.Refusal(RequireStatus(b, CertificateStatus::kSuspended, "reinstated"))) return *refused;
  if (!b.state().suspension->verified_ok) {
    return b.RejectState("reinstatement needs a successful verification of the rectification (§8.3.1)");
  }
  if (b.state().revocation) return b.RejectState("a revocation proceeding is open");
  b.Emit(CertificateReinstated{c.approver});
  return b.Done();
}

Decision DecideCommand(const OpenRevocationProceeding& c, Builder& b) {
  if (!GroundsIn(b.scheme().revocation_grounds, c.grounds)) b.Invalid("grounds", "must be one of 8.2.2-1 .. 8.2.2-5");
  b.Require("details", c.details);
  if (b.has_errors()) return b.Done();
  if (!c.audit_id.empty() && b.state().audits.count(c.audit_id) == 0) return b.NotFound("audit " + c.audit_id);
  if (auto refused = RequireValidOrSuspended(b, "revoked")) return *refused;
  if (b.state().revocation) return b.RejectState("a revocation proceeding is already open");
  const auto& suspension = b.state().suspension;
  if (c.grounds == grounds::kRectificationOverdue) {
    if (!suspension || b.effective_date() <= suspension->deadline) {
      return b.RejectState("grounds 8.2.2-5 need a suspension whose rectification deadline has passed");
    }
  }
  // The audit it rests on (domain.md §9.8): the one named; else the one the
  // suspension rests on (grounds 8.2.2-5); else the audit whose conclusion
  // awaits the committee's action (§9.6), which the proceeding answers.
  std::string audit_id = c.audit_id;
  if (audit_id.empty() && c.grounds == grounds::kRectificationOverdue) audit_id = suspension->audit_id;
  if (audit_id.empty() && b.state().surveillance_action) audit_id = b.state().surveillance_action->audit_id;
  if (auto conflicted = RequireImpartial(b, {audit_id}, "", "open a revocation proceeding on it")) return *conflicted;
  b.Emit(RevocationProceedingOpened{c.grounds, c.details, audit_id});
  return b.Done();
}

Decision DecideCommand(const CloseRevocationProceeding& c, Builder& b) {
  b.Require("reason", c.reason);
  if (auto refused = b.Refusal(RequireValidOrSuspended(b, "changed"))) return *refused;
  if (!b.state().revocation) return b.RejectState("no revocation proceeding is open");
  if (b.state().revocation->appeal_pending) return b.RejectState("an appeal is pending; decide it first");
  if (auto conflicted = RequireImpartial(b, RevocationRestsOn(b.state()), "", "close the proceeding")) {
    return *conflicted;
  }
  b.Emit(RevocationProceedingClosed{c.reason});
  return b.Done();
}

Decision DecideCommand(const IssueRevocationNotice& c, Builder& b) {
  b.RequireAfterEffectiveDate("appeal_deadline", c.appeal_deadline);
  if (auto refused = b.Refusal(RequireValidOrSuspended(b, "revoked"))) return *refused;
  const auto& revocation = b.state().revocation;
  if (!revocation) return b.RejectState("no revocation proceeding is open");
  if (revocation->notice_on) return b.RejectState("the revocation notice was already issued");
  b.Emit(RevocationNoticeIssued{revocation->grounds, revocation->details, *c.appeal_deadline});
  return b.Done();
}

Decision DecideCommand(const FileAppeal& c, Builder& b) {
  b.Require("grounds", c.grounds);
  if (auto refused = b.Refusal(RequireValidOrSuspended(b, "appealed"))) return *refused;
  const auto& revocation = b.state().revocation;
  if (!revocation || !revocation->notice_on) return b.RejectState("there is no revocation notice to appeal");
  if (revocation->appeal_filed_on) return b.RejectState("an appeal was already filed against this notice");
  if (b.effective_date() > *revocation->appeal_deadline) {
    return b.RejectState("the appeal deadline " + revocation->appeal_deadline->ToString() + " has passed");
  }
  b.Emit(AppealFiled{c.grounds, c.act});
  return b.Done();
}

Decision DecideCommand(const DecideAppeal& c, Builder& b) {
  b.Require("reason", c.reason);
  const auto& revocation = b.state().revocation;
  const bool rectification_grounds = revocation && revocation->grounds == grounds::kRectificationOverdue;
  if (c.outcome == AppealOutcome::kUpheld && rectification_grounds) {
    b.RequireAfterEffectiveDate("new_deadline", c.new_deadline);
  } else if (c.new_deadline) {
    b.Invalid("new_deadline", "is only for an appeal upheld on grounds 8.2.2-5");
  }
  if (auto refused = b.Refusal(RequireValidOrSuspended(b, "appealed"))) return *refused;
  if (!revocation || !revocation->appeal_pending) return b.RejectState("no appeal is pending");
  if (auto conflicted = RequireImpartial(b, RevocationRestsOn(b.state()), "", "decide the appeal")) return *conflicted;
  if (rectification_grounds && c.outcome == AppealOutcome::kUpheld &&
      b.state().certificate->status != CertificateStatus::kSuspended) {
    return b.RejectState("a new rectification deadline needs a suspended certificate");
  }
  b.Emit(AppealDecided{c.outcome, c.reason, c.new_deadline});
  return b.Done();
}

Decision DecideCommand(const RevokeCertificate& c, Builder& b) {
  b.Require("reason", c.reason);
  b.Require("approver", c.approver);
  if (auto refused = b.Refusal(RequireValidOrSuspended(b, "revoked"))) return *refused;
  const auto& revocation = b.state().revocation;
  if (!revocation) return b.RejectState("revocation needs an open revocation proceeding (§8.3.2)");
  if (!revocation->notice_on) return b.RejectState("revocation needs a revocation notice first (§8.3.2 step 2)");
  if (revocation->appeal_pending) return b.RejectState("an appeal is pending");
  const bool dismissed = revocation->appeal_outcome == AppealOutcome::kDismissed;
  if (!dismissed && b.effective_date() <= *revocation->appeal_deadline) {
    return b.RejectState("the appeal window is open until " + revocation->appeal_deadline->ToString());
  }
  if (auto conflicted = RequireImpartial(b, RevocationRestsOn(b.state()), c.approver, "revoke on it")) {
    return *conflicted;
  }
  b.Emit(CertificateRevoked{revocation->grounds, c.reason, c.approver});
  return b.Done();
}

Decision DecideCommand(const RequestCancellation& c, Builder& b) {
  b.Require("reason", c.reason);
  if (auto refused = b.Refusal(RequireValidOrSuspended(b, "cancelled"))) return *refused;
  if (b.state().revocation) return b.RejectState("a revocation proceeding is open; cancellation is refused meanwhile");
  if (b.state().cancellation_requested) return b.RejectState("a cancellation request is already pending");
  b.Emit(CancellationRequested{c.reason, c.act});
  return b.Done();
}

Decision DecideCommand(const CancelCertificate& c, Builder& b) {
  if (!GroundsIn(b.scheme().cancellation_grounds, c.grounds)) {
    b.Invalid("grounds", "must be one of 8.2.3-1 .. 8.2.3-4");
  }
  b.Require("reason", c.reason);
  b.Require("approver", c.approver);
  if (c.notified_on && *c.notified_on > b.context().today) b.Invalid("notified_on", "must not be in the future");
  if (b.has_errors()) return b.Done();
  if (!c.audit_id.empty() && b.state().audits.count(c.audit_id) == 0) return b.NotFound("audit " + c.audit_id);
  if (auto refused = RequireValidOrSuspended(b, "cancelled")) return *refused;
  const FileState& s = b.state();
  if (c.grounds == grounds::kHolderRequested && !s.cancellation_requested) {
    return b.RejectState("grounds 8.2.3-2 need the holder's cancellation request");
  }
  if (c.grounds == grounds::kExpired && b.effective_date() <= s.certificate->valid_until) {
    return b.RejectState("grounds 8.2.3-1 need the validity to have ended (valid until " +
                         s.certificate->valid_until.ToString() + ")");
  }
  // 8.2.3-1 says no recertification was applied for (§9.3): one applied for
  // since the last issue or renewal, open or not, makes it untrue.
  if (const CycleState* recert = RecertificationSinceIssue(s); c.grounds == grounds::kExpired && recert != nullptr) {
    return b.RejectState(recert->open() ? "a recertification applied for on " + recert->received_on.ToString() +
                                              " is open: the certificate keeps its status until it is decided"
                                        : "a recertification was applied for on " + recert->received_on.ToString() +
                                              " and not granted: the grounds are 8.2.3-4");
  }
  if (s.revocation) return b.RejectState("a revocation proceeding is open; close it or revoke");
  if (auto conflicted = RequireImpartial(b, {c.audit_id}, c.approver, "cancel on it")) return *conflicted;
  b.Emit(CertificateCancelled{c.grounds, c.reason, c.approver, c.notified_on, c.audit_id});
  return b.Done();
}

Decision DecideCommand(const AnnounceCancellation&, Builder& b) {
  if (!b.state().certificate || !b.state().cancelled) return b.RejectState("the certificate is not cancelled");
  if (b.state().cancelled->announced_on) return b.RejectState("the cancellation was already announced");
  b.Emit(CancellationAnnounced{});
  return b.Done();
}

}  // namespace certreg::domain::internal
