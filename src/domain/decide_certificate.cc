// Certificate management (§7.4) and the facts later decisions cite (§6.4.2,
// §8.2.1 item 2, §8.2.2 item 4).
#include "domain/decide_internal.h"

namespace certreg::domain::internal {
namespace {

// Why the special audits of `scope` since the last decision do not allow
// extending the certificate to it (domain.md §9.5, §7.4.1, §6.4.2-3), or
// nullopt when one passed: completed with conclusion `maintain`, no open major
// finding, the pass mark of every indicator it assessed met. When none passed, the reason
// names what failed in one of them.
std::optional<std::string> ScopeExtensionRefusal(const FileState& s, const Scheme& scheme, const std::string& scope) {
  const CycleState* last_decided = nullptr;
  for (const CycleState& cycle : s.cycles) {
    if (cycle.decision) last_decided = &cycle;
  }
  const Date since = last_decided ? last_decided->decision->decided_on : Date();
  std::optional<std::string> why = "extending the scope needs a completed special audit of the new scope since the "
                                   "last decision";
  for (const auto& [id, audit] : s.audits) {
    if (audit.kind != AuditKind::kSpecial || audit.start_date < since || audit.scope != scope) continue;
    const std::string name = "special audit " + id + " of the new scope ";
    bool major_open = false;
    for (const auto& [finding_id, finding] : s.findings) {
      if (finding.audit_id == id && finding.open && finding.grade == FindingGrade::kMajor) major_open = true;
    }
    if (!audit.completed) {
      why = name + "is not completed";
    } else if (audit.conclusion != SurveillanceConclusion::kMaintain) {
      why = name + "concluded " + std::string(ToWire(*audit.conclusion)) + ", not maintain";
    } else if (major_open) {
      why = name + "has an open major finding";
    } else if (!audit.scores || !AssessedIndicatorsPass(scheme, audit.scores->management)) {
      why = name + "did not meet the §9 pass mark of every indicator it assessed";
    } else {
      return std::nullopt;
    }
  }
  return why;
}

}  // namespace

Decision DecideCommand(const ChangeCertificate& c, Builder& b) {
  b.Require("reason", c.reason);
  b.Require("approver", c.approver);
  if (!c.holder_name && !c.address && !c.address_kind && !c.scope) {
    b.Invalid("holder_name", "at least one of holder_name, address, address_kind and scope must change");
  }
  if (c.holder_name) b.Require("holder_name", *c.holder_name);
  if (c.address) b.Require("address", *c.address);
  if (c.scope) b.Require("scope", *c.scope);
  if (c.scope && !c.scope_extension) {
    b.Invalid("scope_extension", "is required with scope: true when it extends the scope, false when it reduces it");
  }
  if (auto refused = b.Refusal(RequireLiveCertificate(b, "changed"))) return *refused;
  if ((c.address || c.address_kind) && b.state().applicant.org_type == OrgType::kLiveSalesperson) {
    b.Invalid("address", "a live salesperson's certificate carries no address (it is personal data)");
    return b.Done();
  }

  const CertificateState& certificate = *b.state().certificate;
  std::vector<ChangedItem> changes;
  auto add = [&](const char* field, const std::string& before, const std::optional<std::string>& after) {
    if (after && *after != before) changes.push_back({field, before, *after});
  };
  add("holder_name", certificate.holder_name, c.holder_name);
  add("address", certificate.address, c.address);
  if (c.address_kind) {
    add("address_kind", std::string(ToWire(certificate.address_kind)), std::string(ToWire(*c.address_kind)));
  }
  add("scope", certificate.scope, c.scope);
  if (changes.empty()) {
    b.Invalid("holder_name", "nothing differs from the certificate");
    return b.Done();
  }
  if (c.scope && *c.scope != certificate.scope && *c.scope_extension) {
    if (std::optional<std::string> why = ScopeExtensionRefusal(b.state(), b.scheme(), *c.scope)) return b.RejectState(*why);
  }
  b.Emit(CertificateChanged{changes, c.reason, c.approver, c.act});
  return b.Done();
}

Decision DecideCommand(const ReissueCertificate& c, Builder& b) {
  b.Require("approver", c.approver);
  if (auto refused = b.Refusal(RequireLiveCertificate(b, "reissued"))) return *refused;
  b.Emit(CertificateReissued{c.cause, c.approver, c.act});
  return b.Done();
}

Decision DecideCommand(const ReportMajorChange& c, Builder& b) {
  b.Require("description", c.description);
  if (auto refused = b.Refusal(RequireLiveCertificate(b, "reported on"))) return *refused;
  b.Emit(MajorChangeReported{"R" + std::to_string(b.state().report_count + 1), c.description, c.act});
  return b.Done();
}

Decision DecideCommand(const ReceiveComplaint& c, Builder& b) {
  b.Require("summary", c.summary);
  if (auto refused = b.Refusal(RequireLiveCertificate(b, "complained about"))) return *refused;
  b.Emit(ComplaintReceived{"C" + std::to_string(b.state().complaint_count + 1), c.summary, c.act, c.complainant});
  return b.Done();
}

Decision DecideCommand(const RecordSurveillanceRefusal& c, Builder& b) {
  b.Require("details", c.details);
  if (auto refused = b.Refusal(RequireLiveCertificate(b, "audited"))) return *refused;
  b.Emit(SurveillanceRefused{c.details});
  return b.Done();
}

}  // namespace certreg::domain::internal
