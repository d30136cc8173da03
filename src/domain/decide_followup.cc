// The committee's answers to what surveillance brings up (domain.md §9.6,
// §9.7): maintaining a certification after an audit concluded suspend or
// revoke, and waiving a special audit owed after a major change or complaint.
#include "domain/decide_internal.h"

namespace certreg::domain::internal {

Decision DecideCommand(const MaintainCertification& c, Builder& b) {
  b.Require("reason", c.reason);
  if (auto refused = b.Refusal(RequireLiveCertificate(b, "maintained"))) return *refused;
  const auto& action = b.state().surveillance_action;
  if (!action) return b.RejectState("no surveillance or special audit conclusion awaits the committee's action");
  if (auto conflicted = RequireImpartial(b, {action->audit_id}, "", "answer its conclusion")) return *conflicted;
  b.Emit(CertificationMaintained{action->audit_id, c.reason});
  return b.Done();
}

Decision DecideCommand(const WaiveSpecialAudit& c, Builder& b) {
  b.Require("reason", c.reason);
  if (auto refused = b.Refusal(RequireLiveCertificate(b, "spared a special audit"))) return *refused;
  const auto& owed = b.state().special_audit_owed;
  if (!owed) return b.RejectState("no special audit is owed (no major change or complaint since the last one)");
  b.Emit(SpecialAuditWaived{owed->causes, c.reason});
  return b.Done();
}

}  // namespace certreg::domain::internal
