// The work-queue read model's query: files by stage and overdue reasons.
#include "certreg/codec/row_codec.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/query.h"
#include "projections/paging.h"

namespace certreg::projections {

const std::vector<std::string>& StageValues() {
  static const std::vector<std::string> kStages = [] {
    std::vector<std::string> names;
    for (domain::Stage stage : domain::AllStages()) names.emplace_back(domain::ToWire(stage));
    return names;
  }();
  return kStages;
}

Result<WorkQueuePage> WorkQueue(const RowReader& reader, const WorkQueueQuery& query) {
  CERTREG_RETURN_IF_ERROR(internal::CheckPage(query.page, query.page_size));
  std::optional<domain::Stage> stage;
  if (query.stage) {
    stage = domain::FromWire<domain::Stage>(*query.stage);
    if (!stage) return Status::InvalidArgument("stage: unknown value \"" + *query.stage + "\"");
  }
  Result<KeyValues> entries = internal::ScanAll(reader, kWorkQueueCf, "");
  if (!entries.ok()) return entries.status();
  std::vector<WorkQueueItem> matches;
  for (const auto& [key, value] : *entries) {
    Result<WorkQueueRow> row = codec::DecodeWorkQueueRow(value);
    if (!row.ok()) return row.status().WithContext("work queue row of file " + key);
    if (stage && row->stage != *stage) continue;
    WorkQueueItem item{std::move(row).value(), {}};
    item.overdue_reasons = OverdueReasons(item.row, query.today);
    if (query.overdue_only && item.overdue_reasons.empty()) continue;
    matches.push_back(std::move(item));
  }
  return internal::PageOf<WorkQueuePage>(std::move(matches), query.page, query.page_size);
}

}  // namespace certreg::projections
