// Internal to the projections: the staff work-queue read model, one row per
// file (closed ones too) under its file id in proj_work_queue, built as a pure
// function of the file's state; read by query.h's WorkQueue.
#pragma once

#include <string>

#include "certreg/domain/file_state.h"
#include "certreg/projections/project.h"
#include "certreg/projections/rows.h"

namespace certreg::projections::internal {

// The stage, due date and clocks as the domain reads them (domain::StageOf,
// DueOn, OverdueClocks).
WorkQueueRow BuildWorkQueueRow(const std::string& file_id, const domain::FileState& state);

// Appends the work-queue row of `state` to `out`.
void AddWorkQueueRow(const std::string& file_id, const domain::FileState& state, ProjectionWrites& out);

}  // namespace certreg::projections::internal
