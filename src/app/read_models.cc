// Catch-up and rebuild of the read models (certreg/projections) from the log.
//
// The rebuild reads the log once, in order (EventStore::ScanLog), each event
// decoded once (codec::DecodeStoredEvent) and folded into its file's
// FileProjector; then it adds each file's current rows, sorts the tables and
// compares their digest with the stored tables'. No command runs meanwhile:
// the stored tables' digest (other column families) is computed on a thread
// of its own, and the largest table is sorted beside the others.
#include <algorithm>
#include <future>
#include <map>
#include <thread>
#include <unordered_map>

#include "app/event_mapping.h"
#include "certreg/app/certification_service.h"
#include "certreg/codec/domain_codec.h"
#include "certreg/common/sha256.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/project.h"

namespace certreg::app {
namespace {

constexpr std::size_t kPage = 10'000;
constexpr char kStreamPrefix[] = "cert-file/";

// SHA-256 over every (table, key, value), tables in the order given, rows in
// key order: each piece as its size (8 bytes, host order) and its bytes.
class TableDigest {
 public:
  void Add(std::string_view table, std::string_view key, std::string_view value) {
    for (std::string_view part : {table, key, value}) {
      const std::uint64_t size = part.size();
      buffer_.append(reinterpret_cast<const char*>(&size), sizeof(size));
      buffer_.append(part);
    }
    if (buffer_.size() >= kFlushBytes) Flush();
  }
  std::string Finish() {
    Flush();
    return ToHex(sha_.Finish());
  }

 private:
  static constexpr std::size_t kFlushBytes = 1 << 16;  // hashed in pieces of about this size
  void Flush() {
    sha_.Add(buffer_);
    buffer_.clear();
  }
  Sha256 sha_;
  std::string buffer_;
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

// Lets an unordered_map keyed by std::string be searched with a string_view.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

// Runs `a` on a new thread and `b` on this one; returns when both are done.
template <typename A, typename B>
void RunBoth(A a, B b) {
  std::thread other(std::move(a));
  b();
  other.join();
}

// The digest of the stored rows of `families`, in that order.
Result<std::string> StoredDigest(const store::EventStore& store, const std::vector<std::string>& families) {
  TableDigest digest;
  for (const std::string& family : families) {
    for (std::string from;;) {
      auto rows = store.ScanExtra(family, from, kPage);
      if (!rows.ok()) return rows.status();
      for (const auto& [key, value] : *rows) digest.Add(family, key, value);
      if (rows->size() < kPage) break;
      from = rows->back().first + std::string(1, '\0');
    }
  }
  return digest.Finish();
}

// The rows of one table in key order: what applying the writes in their
// order leaves (the last write of a key wins; a deletion leaves nothing).
struct SortedRow {
  std::string_view key;
  std::size_t order;  // of the write among all writes
  const projections::RowWrite* row;
};
using SortedTable = std::vector<SortedRow>;

void SortTable(SortedTable& table) {
  std::sort(table.begin(), table.end(), [](const SortedRow& a, const SortedRow& b) {
    const int c = a.key.compare(b.key);
    return c != 0 ? c < 0 : a.order < b.order;
  });
  std::size_t kept = 0;
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (i + 1 < table.size() && table[i + 1].key == table[i].key) continue;  // a later write of the key
    if (table[i].row->value) table[kept++] = table[i];
  }
  table.resize(kept);
}

// One SortedTable per family of `families`, from `writes` in order; the
// writes must outlive the tables. The largest table is sorted beside the others.
std::vector<SortedTable> SortTables(const std::vector<std::string>& families,
                                    const projections::ProjectionWrites& writes) {
  std::vector<std::size_t> family_of(writes.size());
  std::vector<std::size_t> sizes(families.size());
  for (std::size_t i = 0; i < writes.size(); ++i) {
    family_of[i] = std::find(families.begin(), families.end(), writes[i].column_family) - families.begin();
    if (family_of[i] < families.size()) ++sizes[family_of[i]];
  }
  std::vector<SortedTable> tables(families.size());
  for (std::size_t f = 0; f < families.size(); ++f) tables[f].reserve(sizes[f]);
  for (std::size_t i = 0; i < writes.size(); ++i) {
    if (family_of[i] < families.size()) tables[family_of[i]].push_back({writes[i].key, i, &writes[i]});
  }
  const std::size_t largest =
      std::max_element(tables.begin(), tables.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); }) -
      tables.begin();
  RunBoth([&] { SortTable(tables[largest]); },
          [&] {
            for (std::size_t f = 0; f < tables.size(); ++f) {
              if (f != largest) SortTable(tables[f]);
            }
          });
  return tables;
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
  const std::vector<std::string> families = projections::ProjectionColumnFamilies();
  auto old_digest = std::async(std::launch::async, [&] { return StoredDigest(store_, families); });

  auto ids = AllFileIds();
  if (!ids.ok()) return ids.status();
  std::unordered_map<std::string, projections::FileProjector, StringHash, std::equal_to<>> projectors;
  projectors.reserve(ids->size());
  for (const std::string& id : *ids) projectors.try_emplace(id);

  // The log in its order, each event of a file folded into the file's
  // projector, decoded without personal data (no row holds any).
  projections::ProjectionWrites writes;
  writes.reserve(ids->size() * 30);  // a certified file makes about thirty rows
  Status failure;
  CERTREG_RETURN_IF_ERROR(store_.ScanLog(0, [&](std::uint64_t position, std::string_view bytes) {
    if (position >= head) return false;
    auto decoded = codec::DecodeStoredEvent(bytes, kStreamPrefix, nullptr);
    if (!decoded.ok()) {
      failure = decoded.status().WithContext("event " + std::to_string(position));
      return false;
    }
    if (!decoded->has_value()) return true;  // another stream
    auto projector = projectors.find(std::string_view((*decoded)->stream_id).substr(sizeof(kStreamPrefix) - 1));
    if (projector == projectors.end()) return true;  // not a file of the registry
    domain::Event& event = (*decoded)->event;
    event.recorded_on = DateOf(event.recorded_at_micros);
    projector->second.Add(event, scheme_, writes);
    ++report.events;
    return true;
  }));
  CERTREG_RETURN_IF_ERROR(failure);

  // Each file's current rows.
  for (const std::string& id : *ids) {
    const projections::FileProjector& projector = projectors.find(id)->second;
    if (!projector.state().exists) return Status::NotFound("file " + id);
    projector.Finish(id, scheme_, writes);
  }
  report.files = ids->size();

  const std::vector<SortedTable> rebuilt = SortTables(families, writes);
  TableDigest new_digest;
  for (std::size_t f = 0; f < families.size(); ++f) {
    for (const SortedRow& row : rebuilt[f]) new_digest.Add(families[f], row.key, *row.row->value);
    report.rows += rebuilt[f].size();
  }
  auto old = old_digest.get();
  if (!old.ok()) return old.status();
  report.old_digest = *old;
  report.new_digest = new_digest.Finish();
  report.identical = report.old_digest == report.new_digest;
  if (!report.identical) {
    std::vector<store::ExtraWrite> replacement;
    replacement.reserve(report.rows + 1);
    for (std::size_t f = 0; f < families.size(); ++f) {
      for (const SortedRow& row : rebuilt[f]) replacement.push_back({families[f], row.row->key, row.row->value});
    }
    replacement.push_back({kReadModelMetaCf, kAppliedKey, std::to_string(head)});
    CERTREG_RETURN_IF_ERROR(store_.WriteExtra(families, replacement));
  }
  return report;
}

}  // namespace certreg::app
