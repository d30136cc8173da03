// Decide: the rule CMM-525-0010 as a pure function from a command and a
// file's state to the events that record it, or a rejection.
#pragma once

#include <string>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/domain/calendar.h"
#include "certreg/domain/commands.h"
#include "certreg/domain/file_state.h"
#include "certreg/domain/scheme.h"
#include "certreg/domain/scoring.h"

namespace certreg::domain {

// Everything a decision needs besides the command and the state. The scheme
// and the calendar must outlive the call.
struct CommandContext {
  std::string file_id;      // the file the command is for (a new id for SubmitApplication)
  Date today;               // the registry's date now
  Date effective_date;      // the command's business date (domain.md §1.1); defaults to today
  Actor actor;
  const Scheme* scheme = nullptr;
  const WorkingCalendar* calendar = nullptr;
  // The number for a first issue (IssueCertificate on a file without a
  // certificate); allocated by the caller, never reused.
  std::string new_certificate_no;
};

// Decides `command` on `state`: the events that record the decision
// (effective_date, actor and recorded_on set; version and recorded_at not
// yet), none when the command repeats what already happened, or why nothing
// is recorded:
//   kInvalidArgument  a field is missing, malformed or out of range
//                     (field_errors() lists every one)
//   kRejected         valid, but the file's history forbids it now
//                     (current_state() names where it is, as DescribeState)
//   kForbidden        this user may not do it (e.g. a team-leader-only act);
//                     sub-code kConflictOfInterest for a committee member who
//                     sat on the audit team (§11.2.1, §11.3.1)
//   kNotFound         the file, audit or finding does not exist
// Pure: no I/O, no clock, no logging.
Result<std::vector<Event>> Decide(const Command& command, const FileState& state, const CommandContext& context);

// The file's current state in words, for refusals: the certificate status
// when there is a certificate, else the work-queue stage.
std::string DescribeState(const FileState& state);

}  // namespace certreg::domain
