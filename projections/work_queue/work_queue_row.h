// Internal to the projections: the staff work-queue read model, one row per
// file (closed ones too) under its file id in proj_work_queue, built as a pure
// function of the file's state and the scheme; read by query.h's WorkQueue.
#pragma once

#include <string>

#include "certreg/domain/file_state.h"
#include "certreg/domain/scheme.h"
#include "certreg/projections/project.h"
#include "certreg/projections/rows.h"

namespace certreg::projections::internal {

// The stage, due date and clocks as the domain reads them (domain::StageOf,
// DueOn, OverdueClocks); the scheme gives the rule period of scheme_expired.
WorkQueueRow BuildWorkQueueRow(const std::string& file_id, const domain::FileState& state,
                               const domain::Scheme& scheme);

// Appends the work-queue row of `state` to `out`.
void AddWorkQueueRow(const std::string& file_id, const domain::FileState& state, const domain::Scheme& scheme,
                     ProjectionWrites& out);

}  // namespace certreg::projections::internal
