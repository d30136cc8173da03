// The time-driven rules of domain.md §4, the work-queue stage and overdue
// reasons: pure functions of (file state, date).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "certreg/domain/file_state.h"
#include "certreg/domain/scheme.h"

namespace certreg::domain {

// The events the time-driven rules append for `state` up to and including
// `today`, in order, each dated the day its condition arose, actor system.
// Empty when nothing is due; running it again on the evolved state gives
// nothing new. A rule fires only for a deadline on or after the recording
// date of the event that set it (history entered late is listed as overdue
// instead, see OverdueReasons).
std::vector<Event> TimeDrivenEvents(const FileState& state, Date today, const Scheme& scheme);

// The work-queue stage (api.md): awaiting_acceptance, awaiting_materials,
// accepted, in_audit, report_submitted, awaiting_review, awaiting_decision,
// awaiting_notice, conditions_pending, awaiting_issue, certified, recertifying, closed.
std::string Stage(const FileState& state);

// The date the file's current step is due, if it has one.
std::optional<Date> DueOn(const FileState& state);

// Why the file is overdue on `today` (api.md's overdue_reasons), in a fixed order.
std::vector<std::string> OverdueReasons(const FileState& state, Date today, const Scheme& scheme);

// Whether `today` lies in the certificate's validity period.
bool InValidity(const CertificateState& certificate, Date today);

}  // namespace certreg::domain
