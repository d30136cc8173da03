// The work-queue row of a file's current state, and its overdue reasons.
#include "projections/work_queue/work_queue_row.h"

#include "certreg/codec/row_codec.h"
#include "certreg/domain/time_rules.h"
#include "certreg/projections/keys.h"

namespace certreg::projections {
namespace internal {

WorkQueueRow BuildWorkQueueRow(const std::string& file_id, const domain::FileState& state) {
  WorkQueueRow row;
  row.file_id = file_id;
  row.holder_name = state.certificate ? state.certificate->holder_name : state.applicant.name;
  row.stage = domain::StageOf(state);
  row.due_on = domain::DueOn(state);
  if (state.certificate) {
    row.certificate_no = state.certificate->number;
    row.status = state.certificate->status;
  }
  row.clocks = domain::OverdueClocks(state);
  row.version = state.version;
  return row;
}

void AddWorkQueueRow(const std::string& file_id, const domain::FileState& state, ProjectionWrites& out) {
  const WorkQueueRow row = BuildWorkQueueRow(file_id, state);
  out.push_back({kWorkQueueCf, WorkQueueKey(file_id), codec::EncodeWorkQueueRow(row)});
}

}  // namespace internal

std::vector<domain::OverdueReason> OverdueReasons(const WorkQueueRow& row, domain::Date today) {
  return domain::OverdueReasons(row.clocks, today);
}

}  // namespace certreg::projections
