// Catch-up and rebuild of the read models (certreg/projections) from the log.
#include <map>
#include <set>

#include "app/event_mapping.h"
#include "certreg/app/certification_service.h"
#include "certreg/common/sha256.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/project.h"
#include "certreg/projections/row_reader.h"

namespace certreg::app {
namespace {

constexpr std::size_t kPage = 10'000;
constexpr char kStreamPrefix[] = "cert-file/";

// SHA-256 over every (table, key, value), tables in the order given, rows in key order.
class TableDigest {
 public:
  void Add(const std::string& table, const std::string& key, const std::string& value) {
    for (const std::string* part : {&table, &key, &value}) {
      const std::uint64_t size = part->size();
      sha_.Add(&size, sizeof(size)).Add(*part);
    }
  }
  std::string Finish() { return ToHex(sha_.Finish()); }

 private:
  Sha256 sha_;
};

std::uint64_t ParseCount(const std::optional<std::string>& text) {
  if (!text || text->empty()) return 0;
  return std::stoull(*text);
}

std::vector<store::ExtraWrite> ToExtraWrites(projections::ProjectionWrites rows) {
  std::vector<store::ExtraWrite> writes;
  writes.reserve(rows.size());
  for (auto& row : rows) writes.push_back({std::move(row.column_family), std::move(row.key), std::move(row.value)});
  return writes;
}

}  // namespace

Result<std::uint64_t> CertificationService::CatchUpReadModels() {
  auto applied_row = store_.GetExtra(kReadModelMetaCf, kAppliedKey);
  if (!applied_row.ok()) return applied_row.status();
  const std::uint64_t applied = ParseCount(*applied_row);
  const std::uint64_t head = store_.Head().size;
  if (applied >= head) return std::uint64_t{0};

  // The files with events after the checkpoint, and the first such version of each.
  std::map<std::string, std::uint64_t> first_new_version;
  for (std::uint64_t position = applied; position < head;) {
    auto page = store_.ReadAll(position, kPage);
    if (!page.ok()) return page.status();
    if (page->empty()) break;
    for (const store::RecordedEvent& e : *page) {
      if (e.stream_id.rfind(kStreamPrefix, 0) == 0) {
        first_new_version.emplace(e.stream_id.substr(sizeof(kStreamPrefix) - 1), e.stream_version);
      }
      position = e.position + 1;
    }
  }
  std::vector<store::ExtraWrite> writes;
  for (const auto& [file_id, first_version] : first_new_version) {
    auto view = LoadFile(file_id);
    if (!view.ok()) return view.status();
    std::vector<domain::Event> earlier, later;
    for (domain::Event& e : view->events) (e.version < first_version ? earlier : later).push_back(std::move(e));
    const domain::FileState before = domain::Fold(earlier);
    for (auto& w : ToExtraWrites(projections::ProjectFile(file_id, before, view->state, later, scheme_))) {
      writes.push_back(std::move(w));
    }
  }
  writes.push_back({kReadModelMetaCf, kAppliedKey, std::to_string(head)});
  CERTREG_RETURN_IF_ERROR(store_.WriteExtra({}, writes));
  return head - applied;
}

Result<RebuildReport> CertificationService::RebuildReadModels() {
  RebuildReport report;
  const std::uint64_t head = store_.Head().size;
  auto ids = AllFileIds();
  if (!ids.ok()) return ids.status();
  projections::MemoryTables rebuilt;
  for (const std::string& id : *ids) {
    auto view = LoadFile(id);
    if (!view.ok()) return view.status();
    ++report.files;
    report.events += view->events.size();
    rebuilt.Apply(projections::ProjectHistory(id, view->events, scheme_));
  }

  TableDigest old_digest, new_digest;
  const std::vector<std::string> families = projections::ProjectionColumnFamilies();
  for (const std::string& family : families) {
    for (std::string from;;) {
      auto rows = store_.ScanExtra(family, from, kPage);
      if (!rows.ok()) return rows.status();
      for (const auto& [key, value] : *rows) old_digest.Add(family, key, value);
      if (rows->size() < kPage) break;
      from = rows->back().first + std::string(1, '\0');
    }
  }
  std::vector<store::ExtraWrite> writes;
  for (const std::string& family : families) {
    auto table = rebuilt.tables().find(family);
    if (table == rebuilt.tables().end()) continue;
    for (const auto& [key, value] : table->second) {
      new_digest.Add(family, key, value);
      writes.push_back({family, key, value});
    }
  }
  report.rows = writes.size();
  report.old_digest = old_digest.Finish();
  report.new_digest = new_digest.Finish();
  report.identical = report.old_digest == report.new_digest;
  if (!report.identical) {
    writes.push_back({kReadModelMetaCf, kAppliedKey, std::to_string(head)});
    CERTREG_RETURN_IF_ERROR(store_.WriteExtra(families, writes));
  }
  return report;
}

}  // namespace certreg::app
