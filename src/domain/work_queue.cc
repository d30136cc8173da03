// The work-queue reading of a file (api.md): its stage, due date, and the
// clocks from which the overdue reasons of any day are read.
#include <algorithm>
#include <array>
#include <utility>

#include "certreg/domain/time_rules.h"
#include "domain/wire_names.h"

namespace certreg::domain {
namespace {

constexpr internal::WireNames<Stage, 13> kStages{{
    {Stage::kAwaitingAcceptance, "awaiting_acceptance"},
    {Stage::kAwaitingMaterials, "awaiting_materials"},
    {Stage::kAccepted, "accepted"},
    {Stage::kInAudit, "in_audit"},
    {Stage::kReportSubmitted, "report_submitted"},
    {Stage::kAwaitingReview, "awaiting_review"},
    {Stage::kAwaitingDecision, "awaiting_decision"},
    {Stage::kAwaitingNotice, "awaiting_notice"},
    {Stage::kConditionsPending, "conditions_pending"},
    {Stage::kAwaitingIssue, "awaiting_issue"},
    {Stage::kCertified, "certified"},
    {Stage::kRecertifying, "recertifying"},
    {Stage::kClosed, "closed"},
}};

constexpr internal::WireNames<OverdueReason, 10> kReasons{{
    {OverdueReason::kAcceptance, "acceptance"},
    {OverdueReason::kNotice, "notice"},
    {OverdueReason::kConditions, "conditions"},
    {OverdueReason::kFindingCorrection, "finding_correction"},
    {OverdueReason::kRectification, "rectification"},
    {OverdueReason::kSurveillance, "surveillance"},
    {OverdueReason::kSurveillanceAction, "surveillance_action"},
    {OverdueReason::kSpecialAudit, "special_audit"},
    {OverdueReason::kAppealWindowElapsed, "appeal_window_elapsed"},
    {OverdueReason::kExpiry, "expiry"},
}};

// The earliest correction deadline of the open findings of surveillance and
// special audits: the one that makes the file overdue first.
std::optional<Date> EarliestCorrectionDeadline(const FileState& s) {
  std::optional<Date> earliest;
  for (const auto& [id, finding] : s.findings) {
    auto audit = s.audits.find(finding.audit_id);
    const bool surveillance = audit != s.audits.end() && (audit->second.kind == AuditKind::kSurveillance ||
                                                          audit->second.kind == AuditKind::kSpecial);
    if (surveillance && finding.open && finding.correction_deadline) {
      earliest = earliest ? std::min(*earliest, *finding.correction_deadline) : *finding.correction_deadline;
    }
  }
  return earliest;
}

}  // namespace

std::string_view ToWire(Stage v) { return internal::NameOf(kStages, v); }
std::string_view ToWire(OverdueReason v) { return internal::NameOf(kReasons, v); }
template <> std::optional<Stage> FromWire<Stage>(std::string_view name) { return internal::ValueOf(kStages, name); }
template <> std::optional<OverdueReason> FromWire<OverdueReason>(std::string_view name) {
  return internal::ValueOf(kReasons, name);
}

const std::vector<Stage>& AllStages() {
  static const std::vector<Stage> kAll = [] {
    std::vector<Stage> all;
    for (const auto& [stage, name] : kStages) all.push_back(stage);
    return all;
  }();
  return kAll;
}

Stage StageOf(const FileState& s) {
  const CycleState* cycle = s.current_cycle();
  if (cycle != nullptr && cycle->open()) {
    if (cycle->recertification) return Stage::kRecertifying;
    if (!cycle->accepted.has_value()) {
      return cycle->materials_outstanding ? Stage::kAwaitingMaterials : Stage::kAwaitingAcceptance;
    }
    auto audit = s.audits.find(cycle->audit_id);
    if (!cycle->decision) {
      if (audit == s.audits.end()) return Stage::kAccepted;
      if (!audit->second.report_submitted) return Stage::kInAudit;
      if (!audit->second.report_approved) return Stage::kReportSubmitted;
      if (!cycle->review || cycle->review->version <= audit->second.report_approved_version) {
        return Stage::kAwaitingReview;
      }
      return Stage::kAwaitingDecision;
    }
    if (!cycle->notified_on) return Stage::kAwaitingNotice;
    if (cycle->decision->outcome == DecisionOutcome::kConditional && !cycle->conditions_fulfilled) {
      return Stage::kConditionsPending;
    }
    return Stage::kAwaitingIssue;
  }
  if (s.certificate && !s.ended()) return Stage::kCertified;
  // A rejection or a lapse is notified like an approval (domain.md §9.2),
  // also once the certificate ended.
  if (cycle != nullptr && cycle->NoticeDue()) return Stage::kAwaitingNotice;
  return Stage::kClosed;
}

std::optional<Date> DueOn(const FileState& s) {
  const CycleState* cycle = s.current_cycle();
  if (cycle != nullptr && cycle->open() && !cycle->accepted.has_value() && !cycle->materials_outstanding) {
    return cycle->due_on;
  }
  // The notice owed for any decision or lapse, also of a closed cycle (domain.md §9.2).
  if (cycle != nullptr) {
    if (std::optional<Date> notice = cycle->NoticeDue()) return notice;
  }
  if (cycle != nullptr && cycle->open() && cycle->decision &&
      cycle->decision->outcome == DecisionOutcome::kConditional && !cycle->conditions_fulfilled) {
    return cycle->decision->conditions_deadline;
  }
  if (s.certificate && !s.ended()) {
    // What is owed at once comes first: the committee's action on an audit's
    // conclusion, a special audit, a certificate entered late past its
    // validity (domain.md §9.3, §9.6, §9.7).
    std::optional<Date> at_once;
    for (const OverdueClock& clock : OverdueClocks(s)) {
      const bool owed_at_once = clock.reason == OverdueReason::kSurveillanceAction ||
                                clock.reason == OverdueReason::kSpecialAudit || clock.reason == OverdueReason::kExpiry;
      if (owed_at_once && (!at_once || clock.due_on < *at_once)) at_once = clock.due_on;
    }
    if (at_once) return at_once;
    if (s.suspension) return s.suspension->deadline;
    if (s.revocation && s.revocation->appeal_deadline) return s.revocation->appeal_deadline;
    return s.certificate->next_surveillance_due;
  }
  return std::nullopt;
}

bool IsOverdue(const OverdueClock& clock, Date today) { return today > clock.due_on; }

std::vector<OverdueClock> OverdueClocks(const FileState& s) {
  std::vector<OverdueClock> out;
  const CycleState* cycle = s.current_cycle();
  if (cycle != nullptr && cycle->open() && !cycle->accepted.has_value() && !cycle->materials_outstanding) {
    out.push_back({.reason = OverdueReason::kAcceptance, .due_on = cycle->due_on});
  }
  // Every decision, reject and lapse included, until notified (domain.md §9.2).
  if (std::optional<Date> notice = cycle != nullptr ? cycle->NoticeDue() : std::nullopt) {
    out.push_back({.reason = OverdueReason::kNotice, .due_on = *notice});
  }
  if (cycle != nullptr && cycle->open()) {
    // A conditional approval always has a deadline (DecideCertification requires one).
    if (cycle->decision && cycle->decision->outcome == DecisionOutcome::kConditional && !cycle->conditions_fulfilled &&
        cycle->decision->conditions_deadline) {
      out.push_back({.reason = OverdueReason::kConditions, .due_on = *cycle->decision->conditions_deadline});
    }
  }
  if (s.certificate && !s.ended()) {
    if (std::optional<Date> correction = EarliestCorrectionDeadline(s)) {
      out.push_back({.reason = OverdueReason::kFindingCorrection, .due_on = *correction});
    }
    if (s.suspension && !s.revocation) {
      out.push_back({.reason = OverdueReason::kRectification, .due_on = s.suspension->deadline});
    }
    out.push_back({.reason = OverdueReason::kSurveillance, .due_on = s.certificate->next_surveillance_due});
    // Due at once (domain.md §9.6, §9.7 [choice]): due the day the audit
    // concluded or the first change or complaint was received, overdue from
    // the next day until the committee acts.
    if (s.surveillance_action) {
      out.push_back({.reason = OverdueReason::kSurveillanceAction, .due_on = s.surveillance_action->since});
    }
    if (s.special_audit_owed) {
      out.push_back({.reason = OverdueReason::kSpecialAudit, .due_on = s.special_audit_owed->since});
    }
    if (s.revocation && s.revocation->appeal_deadline && !s.revocation->appeal_pending) {
      out.push_back({.reason = OverdueReason::kAppealWindowElapsed, .due_on = *s.revocation->appeal_deadline});
    }
    // Entered late, already expired: the expiry rule does not fire (domain.md
    // §4), staff cancel or renew it (§9.3).
    if (s.certificate->ExpiredWhenRecorded()) {
      out.push_back({.reason = OverdueReason::kExpiry, .due_on = s.certificate->valid_until});
    }
  }
  return out;
}

std::vector<OverdueReason> OverdueReasons(const std::vector<OverdueClock>& clocks, Date today) {
  std::vector<OverdueReason> out;
  for (const OverdueClock& clock : clocks) {
    if (IsOverdue(clock, today)) out.push_back(clock.reason);
  }
  return out;
}

std::vector<OverdueReason> OverdueReasons(const FileState& state, Date today) {
  return OverdueReasons(OverdueClocks(state), today);
}

}  // namespace certreg::domain
