// The time-driven rules of domain.md §4, the work-queue stage and overdue
// reasons: pure functions of (file state, date). The work queue
// (projections/) stores StageOf, DueOn and OverdueClocks and reads the
// reasons of a day with the same OverdueReasons.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/domain/calendar.h"
#include "certreg/domain/file_state.h"
#include "certreg/domain/scheme.h"
#include "certreg/domain/values.h"

namespace certreg::domain {

// The events the time-driven rules append for `state` up to and including
// `today`, in order, each dated the day its condition arose, actor system,
// recorded on `today` (a caller deciding a back-dated command re-stamps them
// with the day it records them).
// Empty when nothing is due; running it again on the evolved state gives
// nothing new. A rule fires only for a deadline on or after the recording
// date of the event that set it (history entered late is listed as overdue
// instead, see OverdueReasons).
// The scheme and the working calendar give the periods the events carry
// (e.g. a notice due date).
std::vector<Event> TimeDrivenEvents(const FileState& state, Date today, const Scheme& scheme,
                                    const WorkingCalendar& calendar);

// The work-queue stage of a file (api.md). Wire, in this order:
// awaiting_acceptance awaiting_materials accepted in_audit report_submitted
// awaiting_review awaiting_decision awaiting_notice conditions_pending
// awaiting_issue certified recertifying closed.
enum class Stage {
  kAwaitingAcceptance, kAwaitingMaterials, kAccepted, kInAudit, kReportSubmitted, kAwaitingReview, kAwaitingDecision,
  kAwaitingNotice, kConditionsPending, kAwaitingIssue, kCertified, kRecertifying, kClosed,
};

// Why a file is overdue (api.md's overdue_reasons). Wire, in this order:
// acceptance notice conditions finding_correction rectification surveillance
// surveillance_action special_audit appeal_window_elapsed expiry.
// (The scheme's own validity is a registry-level warning, domain.md §9.10.)
enum class OverdueReason {
  kAcceptance, kNotice, kConditions, kFindingCorrection, kRectification, kSurveillance, kSurveillanceAction,
  kSpecialAudit, kAppealWindowElapsed, kExpiry,
};

std::string_view ToWire(Stage v);
std::string_view ToWire(OverdueReason v);
template <> std::optional<Stage> FromWire<Stage>(std::string_view name);
template <> std::optional<OverdueReason> FromWire<OverdueReason>(std::string_view name);

// Every stage, in api.md's order.
const std::vector<Stage>& AllStages();

Stage StageOf(const FileState& state);

// The date the file's current step is due, if it has one: an open
// application's acceptance, a decision's or lapse's notice, a conditional
// approval's conditions; for a live certificate what is owed at once (the
// surveillance_action, special_audit and expiry clocks, the earliest), else
// the rectification deadline, the appeal deadline, the next surveillance.
std::optional<Date> DueOn(const FileState& state);

// One clock of a file: overdue for `reason` on every day after `due_on`.
struct OverdueClock {
  OverdueReason reason = OverdueReason::kAcceptance;
  Date due_on;
  friend bool operator==(const OverdueClock&, const OverdueClock&) = default;
};

// The one rule of a clock: overdue on `today` exactly when today > due_on.
bool IsOverdue(const OverdueClock& clock, Date today);

// The running clocks of `state`, in api.md's order of overdue reasons (at
// most one a reason). A function of the state alone, so the work queue
// stores them and reads the reasons of any day from them.
std::vector<OverdueClock> OverdueClocks(const FileState& state);

// Why the file is overdue on `today`, in api.md's order: the clocks of
// OverdueClocks overdue on `today`.
std::vector<OverdueReason> OverdueReasons(const std::vector<OverdueClock>& clocks, Date today);
std::vector<OverdueReason> OverdueReasons(const FileState& state, Date today);

// domain.md §9.9, the one rule of validity: true only for a VALID or
// SUSPENDED certificate with valid_from <= today <= valid_until; false for
// REVOKED and CANCELLED whatever their dates. The certificate read model
// (projections/certificates) calls the same function.
bool InValidity(CertificateStatus status, Date valid_from, Date valid_until, Date today);
bool InValidity(const CertificateState& certificate, Date today);

// The recertification applied for since the certificate was last issued or
// renewed (domain.md §9.3's "in this cycle"), open or closed; nullptr when
// none was, or when there is no certificate.
const CycleState* RecertificationSinceIssue(const FileState& state);

// Whether a recertification applied for since the last issue or renewal is
// still open (neither declined, withdrawn, rejected, lapsed nor renewed).
bool RecertificationOpen(const FileState& state);

// domain.md §9.3: a VALID or SUSPENDED certificate past valid_until whose
// recertification is still open keeps its status but may not be used; the
// public answer carries a status note saying so.
bool RecertificationPendingPastExpiry(CertificateStatus status, Date valid_until, bool recertification_open,
                                      Date today);

}  // namespace certreg::domain
