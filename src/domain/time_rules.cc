// Time-driven rules (domain.md §4).
#include "certreg/domain/time_rules.h"

#include <algorithm>

#include "certreg/domain/grounds.h"

namespace certreg::domain {
namespace {

Event SystemEvent(EventBody body, Date effective, Date today) {
  return Event{std::move(body), effective, Actor::System(), today, 0, 0};
}

// A conditional approval past its deadline, unfulfilled, lapses; the lapse is
// notified like a decision, within the scheme's notice working days of it.
std::optional<Event> LapseDue(const FileState& s, Date today, const Scheme& scheme, const WorkingCalendar& calendar) {
  const CycleState* cycle = s.current_cycle();
  if (cycle == nullptr || !cycle->decision || cycle->decision->outcome != DecisionOutcome::kConditional ||
      cycle->conditions_fulfilled || cycle->lapsed || cycle->withdrawn) {
    return std::nullopt;
  }
  const Date deadline = *cycle->decision->conditions_deadline;
  if (today <= deadline || deadline < cycle->decision->recorded_on) return std::nullopt;
  // Dated as TimeDrivenEvents records it: never before the file's latest date.
  const Date lapsed_on = std::max(deadline.AddDays(1), s.last_effective_date);
  return SystemEvent(ConditionalApprovalLapsed{.conditions_deadline = deadline,
                                               .notice_due_on =
                                                   calendar.AddWorkingDays(lapsed_on, scheme.notice_working_days)},
                     deadline.AddDays(1), today);
}

// Expiry (domain.md §9.3), from valid_until + 1 day: cancelled 8.2.3-1 when
// no recertification was applied for since the last issue or renewal; 8.2.3-4
// when one was and closed without a renewal (dated the later of the expiry and
// its close), or is still open 6 months after valid_until. Nothing while a
// revocation proceeding is open; once it is closed or its appeal upheld, the
// cancellation follows on that day. History entered late (valid_until already
// past when recorded) is listed as overdue `expiry` instead.
std::optional<Event> ExpiryDue(const FileState& s, Date today, const Scheme& scheme) {
  if (!s.certificate || s.ended() || s.revocation) return std::nullopt;
  const CertificateState& c = *s.certificate;
  if (c.ExpiredWhenRecorded()) return std::nullopt;
  const Date expired_on = c.valid_until.AddDays(1);
  Date on = expired_on;
  CertificateCancelled cancelled{
      .grounds = grounds::kOtherCancellation, .reason = {}, .approver = "system", .notified_on = std::nullopt};
  if (const CycleState* recert = RecertificationSinceIssue(s); recert == nullptr) {
    cancelled.grounds = grounds::kExpired;
    cancelled.reason = "有效期届满，未申请再认证";
  } else if (recert->open()) {
    on = c.valid_until.AddMonths(scheme.recertification_grace_months).AddDays(1);
    cancelled.reason = "再认证未在期满后" + std::to_string(scheme.recertification_grace_months) + "个月内完成";
  } else {
    on = std::max(expired_on, recert->closed_on.value_or(expired_on));
    cancelled.reason = "再认证未获批准";
  }
  if (c.proceeding_ended_on) on = std::max(on, *c.proceeding_ended_on);
  if (on > today) return std::nullopt;
  return SystemEvent(std::move(cancelled), on, today);
}

// SUSPENDED past the rectification deadline with nothing submitted by it, or
// whose last verification failed after it: a revocation proceeding (8.2.2-5).
std::optional<Event> RectificationDue(const FileState& s, Date today) {
  if (!s.certificate || s.certificate->status != CertificateStatus::kSuspended || !s.suspension || s.revocation ||
      s.suspension->revocation_opened_for_deadline) {
    return std::nullopt;
  }
  const SuspensionState& sp = *s.suspension;
  if (today <= sp.deadline || sp.deadline < sp.deadline_recorded_on || sp.rectification_unverified || sp.verified_ok) {
    return std::nullopt;
  }
  const bool submitted_in_time = sp.last_rectification_on && *sp.last_rectification_on <= sp.deadline;
  std::optional<Date> on;
  if (!submitted_in_time) {
    on = sp.deadline.AddDays(1);
  } else if (sp.last_verification == false && sp.last_verification_on) {
    on = std::max(sp.deadline.AddDays(1), *sp.last_verification_on);
  }
  if (!on || *on > today) return std::nullopt;
  return SystemEvent(RevocationProceedingOpened{grounds::kRectificationOverdue,
                                                "rectification not completed by " + sp.deadline.ToString() +
                                                    " (§8.2.2 item 5)",
                                                ""},
                     *on, today);
}

// The next time-driven event due by `today`: the one whose condition arose
// first, so the outcome does not depend on when the sweep runs.
std::optional<Event> NextDue(const FileState& s, Date today, const Scheme& scheme, const WorkingCalendar& calendar) {
  std::optional<Event> next = LapseDue(s, today, scheme, calendar);
  for (std::optional<Event> due : {RectificationDue(s, today), ExpiryDue(s, today, scheme)}) {
    if (due && (!next || due->effective_date < next->effective_date)) next = std::move(due);
  }
  return next;
}

}  // namespace

std::vector<Event> TimeDrivenEvents(const FileState& state, Date today, const Scheme& scheme,
                                    const WorkingCalendar& calendar) {
  std::vector<Event> out;
  FileState s = state;
  // Each rule fires at most once per condition; a handful of steps suffices.
  for (int step = 0; step < 8; ++step) {
    std::optional<Event> next = NextDue(s, today, scheme, calendar);
    if (!next) break;
    // Effective dates never decrease within a file.
    next->effective_date = std::max(next->effective_date, s.last_effective_date);
    s = Evolve(std::move(s), *next);
    out.push_back(std::move(*next));
  }
  return out;
}

namespace {

// VALID or SUSPENDED: not ended.
bool Live(CertificateStatus status) {
  return status == CertificateStatus::kValid || status == CertificateStatus::kSuspended;
}

}  // namespace

bool InValidity(CertificateStatus status, Date valid_from, Date valid_until, Date today) {
  return Live(status) && valid_from <= today && today <= valid_until;
}

bool InValidity(const CertificateState& c, Date today) {
  return InValidity(c.status, c.valid_from, c.valid_until, today);
}

const CycleState* RecertificationSinceIssue(const FileState& s) {
  const CycleState* cycle = s.current_cycle();
  if (!s.certificate || cycle == nullptr || !cycle->recertification || cycle->certificate_issued) return nullptr;
  return cycle;
}

bool RecertificationOpen(const FileState& s) {
  const CycleState* recert = RecertificationSinceIssue(s);
  return recert != nullptr && recert->open();
}

bool RecertificationPendingPastExpiry(CertificateStatus status, Date valid_until, bool recertification_open,
                                      Date today) {
  return Live(status) && recertification_open && today > valid_until;
}

}  // namespace certreg::domain
