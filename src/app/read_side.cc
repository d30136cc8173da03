// Catch-up and rebuild of the read models (certreg/projections) from the log.
//
// The rebuild reads the log once, in order, each event decoded once and
// folded into its file's FileProjector on one of two folding threads
// (FoldLog, rebuild_fold.h); then it sorts the tables and compares their
// digest with the stored tables' (SortAndDigest, rebuild_tables.h). No
// command runs meanwhile, so the stored tables' digest is computed beside it.
#include <charconv>
#include <future>
#include <map>

#include "app/event_mapping.h"
#include "app/read_side.h"
#include "app/rebuild_fold.h"
#include "app/rebuild_tables.h"
#include "certreg/projections/feed.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/project.h"

namespace certreg::app {
namespace {

constexpr std::size_t kPage = 10'000;
constexpr std::size_t kFoldWorkers = 2;  // the files are folded on two threads
constexpr char kStreamPrefix[] = "cert-file/";

std::vector<store::ExtraWrite> ToExtraWrites(projections::ProjectionWrites rows) {
  std::vector<store::ExtraWrite> writes;
  writes.reserve(rows.size());
  for (auto& row : rows) writes.push_back({std::move(row.column_family), std::move(row.key), std::move(row.value)});
  return writes;
}

}  // namespace

Result<std::uint64_t> ReadSide::Applied() const {
  auto row = store_.GetExtra(kReadModelMetaCf, kAppliedKey);
  if (!row.ok()) return row.status();
  if (!row->has_value() || (*row)->empty()) return std::uint64_t{0};
  std::uint64_t applied = 0;
  const std::string& text = **row;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), applied);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Status::Corruption("the read models' checkpoint is not a count: " + text);
  }
  return applied;
}

Result<bool> ReadSide::CurrentFormat() const {
  auto row = store_.GetExtra(kReadModelMetaCf, kReadModelFormatKey);
  if (!row.ok()) return row.status();
  return row->has_value() && **row == std::to_string(projections::kReadModelFormat);
}

store::ExtraWrite ReadSide::FormatRow() const {
  return {kReadModelMetaCf, kReadModelFormatKey, std::to_string(projections::kReadModelFormat)};
}

Result<std::uint64_t> ReadSide::CatchUp() {
  auto checkpoint = Applied();
  if (!checkpoint.ok()) return checkpoint.status();
  const std::uint64_t applied = *checkpoint;
  const std::uint64_t head = store_.Head().size;
  auto current = CurrentFormat();
  if (!current.ok()) return current.status();
  if (!*current) {  // an empty store too: its rebuild writes the format alone
    auto rebuilt = Rebuild();
    if (!rebuilt.ok()) return rebuilt.status();
    return rebuilt->events;
  }
  if (applied >= head) return std::uint64_t{0};

  // The files with events after the checkpoint: the first such version of each, and their positions.
  std::map<std::string, std::pair<std::uint64_t, std::vector<std::uint64_t>>> new_events;
  for (std::uint64_t position = applied; position < head;) {
    auto page = store_.ReadAll(position, kPage);
    if (!page.ok()) return page.status();
    if (page->empty()) break;
    for (const store::RecordedEvent& e : *page) {
      position = e.position + 1;
      if (e.stream_id.rfind(kStreamPrefix, 0) != 0) continue;
      auto& [first, positions] = new_events[e.stream_id.substr(sizeof(kStreamPrefix) - 1)];
      if (positions.empty()) first = e.stream_version;
      positions.push_back(e.position);
    }
  }
  std::vector<store::ExtraWrite> writes;
  for (const auto& [file_id, news] : new_events) {
    auto view = files_.Load(file_id);
    if (!view.ok()) return view.status();
    std::vector<domain::Event> earlier, later;
    for (domain::Event& e : view->events) (e.version < news.first ? earlier : later).push_back(std::move(e));
    const domain::FileState before = domain::Fold(earlier);
    projections::ProjectionWrites rows = projections::ProjectFile(file_id, before, view->state, later, scheme_);
    for (auto& row : projections::FeedRows(before, later, news.second)) rows.push_back(std::move(row));
    for (auto& w : ToExtraWrites(std::move(rows))) writes.push_back(std::move(w));
  }
  writes.push_back({kReadModelMetaCf, kAppliedKey, std::to_string(head)});
  CERTREG_RETURN_IF_ERROR(store_.WriteExtra({}, writes));
  return head - applied;
}

Result<RebuildReport> ReadSide::Rebuild() {
  RebuildReport report;
  const std::uint64_t head = store_.Head().size;
  const std::vector<std::string> families = projections::ProjectionColumnFamilies();
  auto old_digest = std::async(std::launch::async, [&] { return StoredDigest(store_, families); });

  auto ids = files_.AllFileIds();
  if (!ids.ok()) return ids.status();
  auto folded = FoldLog(store_, head, *ids, scheme_, clock_, kFoldWorkers);
  if (!folded.ok()) return folded.status();
  report.events = folded->events;
  report.files = ids->size();

  TableDigest new_digest;
  const std::vector<SortedTable> rebuilt = SortAndDigest(families, folded->parts, new_digest);
  for (const SortedTable& table : rebuilt) report.rows += table.size();
  auto old = old_digest.get();
  if (!old.ok()) return old.status();
  report.old_digest = *old;
  report.new_digest = new_digest.Finish();
  report.identical = report.old_digest == report.new_digest;
  if (!report.identical) {
    // The rows' bytes are moved, not copied: a rebuild of millions of rows
    // would otherwise hold them twice.
    std::vector<store::ExtraWrite> replacement;
    replacement.reserve(report.rows + 1);
    for (std::size_t f = 0; f < families.size(); ++f) {
      for (const SortedRow& row : rebuilt[f]) {
        replacement.push_back({families[f], std::move(row.row->key), std::move(row.row->value)});
      }
    }
    replacement.push_back({kReadModelMetaCf, kAppliedKey, std::to_string(head)});
    replacement.push_back(FormatRow());
    CERTREG_RETURN_IF_ERROR(store_.WriteExtra(families, replacement));
  } else {
    CERTREG_RETURN_IF_ERROR(store_.WriteExtra({}, {FormatRow()}));
  }
  return report;
}

}  // namespace certreg::app
