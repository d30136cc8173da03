// Catch-up and rebuild of the read models (certreg/projections) from the log.
//
// The rebuild reads the log once, in order (EventStore::ScanLog), each event
// decoded once (codec::DecodeStoredEvent) and folded into its file's
// FileProjector; then it adds each file's current rows, sorts the tables and
// compares their digest with the stored tables'. No command runs meanwhile,
// so it takes a second thread where that costs no hand-over of memory: the
// stored tables' digest (other column families), the scan of the log (its
// bytes copied into batches for the folding thread, which decodes them), and
// the sort of the largest table.
#include <algorithm>
#include <array>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "app/channel.h"
#include "app/event_mapping.h"
#include "app/read_side.h"
#include "certreg/codec/domain_codec.h"
#include "certreg/common/sha256.h"
#include "certreg/projections/feed.h"
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

// Consecutive stored events of the log (positions are dense), copied as
// they are: each starts 8-byte aligned, so it decodes in place.
struct RawBatch {
  std::uint64_t first_position = 0;
  std::string bytes;              // the events' bytes, one after another
  std::vector<std::size_t> ends;  // where each event's bytes end in `bytes`
};

constexpr std::size_t kBatchBytes = 256 * 1024;  // about 300 events
constexpr std::size_t kQueuedBatches = 8;

// The scanning thread: the log's events before `head` copied into batches
// (reusing the ones handed back through `spare`) and handed over through
// `full`, which it closes when done. Stops when `full` is closed.
Status ScanInBatches(const store::EventStore& store, std::uint64_t head, Channel<RawBatch>& full,
                     Channel<RawBatch>& spare) {
  RawBatch batch;
  batch.bytes.reserve(kBatchBytes + 4096);
  bool open = true;
  Status scanned = store.ScanLog(0, [&](std::uint64_t position, std::string_view bytes) {
    if (position >= head) return false;
    if (batch.ends.empty()) batch.first_position = position;
    batch.bytes.append(bytes);
    batch.ends.push_back(batch.bytes.size());
    if (batch.bytes.size() < kBatchBytes) return true;
    open = full.Push(std::move(batch));
    batch = spare.TryPop().value_or(RawBatch());
    batch.bytes.reserve(kBatchBytes + 4096);
    return open;
  });
  if (open && !batch.ends.empty()) full.Push(std::move(batch));
  full.Close();
  return scanned;
}

// The rows of one table in key order: what applying the writes in their
// order leaves (the last write of a key wins; a deletion leaves nothing).
struct SortedRow {
  std::string_view key;
  std::size_t order;  // of the write among all writes
  const projections::RowWrite* row;
};
using SortedTable = std::vector<SortedRow>;

// Sorts `table` by key, then by order, and keeps the last write of each key
// when it puts a value. Keys are first grouped by their part before the first
// 0x00 byte (a certificate number, a gram, a file id): byte order of those
// parts is the byte order of the keys across groups. Within a group the rest
// of the keys is compared from a copy of its first bytes kept beside the row.
void SortTable(SortedTable& table) {
  struct Entry {
    std::array<char, 24> tail{};  // the key's first bytes after its group's part, zero-padded
    std::uint32_t tail_size = 0;  // of the whole rest of the key
    std::uint32_t index = 0;      // in `table`
    std::uint32_t group = 0;
  };
  std::unordered_map<std::string_view, std::uint32_t> group_of;
  std::vector<std::string_view> heads;  // by group
  std::vector<Entry> unsorted(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    const std::string_view key = table[i].key;
    const std::string_view head = key.substr(0, key.find('\0'));
    auto [it, added] = group_of.try_emplace(head, static_cast<std::uint32_t>(heads.size()));
    if (added) heads.push_back(head);
    Entry& e = unsorted[i];
    const std::string_view rest = key.substr(head.size());
    std::memcpy(e.tail.data(), rest.data(), std::min(rest.size(), e.tail.size()));
    e.tail_size = static_cast<std::uint32_t>(rest.size());
    e.index = static_cast<std::uint32_t>(i);
    e.group = it->second;
  }
  // The groups in key order, and the entries placed group by group.
  std::vector<std::uint32_t> by_head(heads.size());
  for (std::uint32_t g = 0; g < by_head.size(); ++g) by_head[g] = g;
  std::sort(by_head.begin(), by_head.end(), [&](std::uint32_t a, std::uint32_t b) { return heads[a] < heads[b]; });
  std::vector<std::uint32_t> rank(heads.size());
  for (std::uint32_t r = 0; r < by_head.size(); ++r) rank[by_head[r]] = r;
  std::vector<std::size_t> start(heads.size() + 1);  // of each group's entries
  for (const Entry& e : unsorted) ++start[rank[e.group] + 1];
  for (std::size_t r = 1; r < start.size(); ++r) start[r] += start[r - 1];
  std::vector<Entry> entries(unsorted.size());
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  for (const Entry& e : unsorted) entries[next[rank[e.group]]++] = e;

  // Rests of the same group: the copied bytes first, the whole key when they tie.
  const auto compare = [&](const Entry& a, const Entry& b) {
    const std::size_t common = std::min({a.tail_size, b.tail_size, static_cast<std::uint32_t>(a.tail.size())});
    if (int c = std::memcmp(a.tail.data(), b.tail.data(), common); c != 0) return c;
    if (common == a.tail.size()) return table[a.index].key.compare(table[b.index].key);
    return a.tail_size == b.tail_size ? 0 : a.tail_size < b.tail_size ? -1 : 1;
  };
  for (std::size_t r = 0; r + 1 < start.size(); ++r) {
    std::sort(entries.begin() + static_cast<std::ptrdiff_t>(start[r]),
              entries.begin() + static_cast<std::ptrdiff_t>(start[r + 1]), [&](const Entry& a, const Entry& b) {
                const int c = compare(a, b);
                return c != 0 ? c < 0 : table[a.index].order < table[b.index].order;
              });
  }
  SortedTable sorted;
  sorted.reserve(table.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const bool later_write = i + 1 < entries.size() && entries[i + 1].group == entries[i].group &&
                             compare(entries[i + 1], entries[i]) == 0;
    if (later_write) continue;
    const SortedRow& row = table[entries[i].index];
    if (row.row->value) sorted.push_back(row);
  }
  table = std::move(sorted);
}

void DigestTable(const std::string& family, const SortedTable& table, TableDigest& digest) {
  for (const SortedRow& row : table) digest.Add(family, row.key, *row.row->value);
}

// One SortedTable per family of `families`, from `writes` in order, added to
// `digest` in that order; the writes must outlive the tables. The largest
// table is sorted beside the others, and the tables before it are digested
// meanwhile.
std::vector<SortedTable> SortAndDigest(const std::vector<std::string>& families,
                                       const projections::ProjectionWrites& writes, TableDigest& digest) {
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
  const std::size_t largest = std::max_element(sizes.begin(), sizes.end()) - sizes.begin();
  RunBoth([&] { SortTable(tables[largest]); },
          [&] {
            for (std::size_t f = 0; f < tables.size(); ++f) {
              if (f != largest) SortTable(tables[f]);
            }
            for (std::size_t f = 0; f < largest; ++f) DigestTable(families[f], tables[f], digest);
          });
  for (std::size_t f = largest; f < tables.size(); ++f) DigestTable(families[f], tables[f], digest);
  return tables;
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
  std::unordered_map<std::string, projections::FileProjector, StringHash, std::equal_to<>> projectors;
  projectors.reserve(ids->size());
  for (const std::string& id : *ids) projectors.try_emplace(id);

  // The log in its order, each event of a file folded into the file's
  // projector, decoded without personal data (no row holds any).
  projections::ProjectionWrites writes;
  writes.reserve(ids->size() * 30);  // a certified file makes about thirty rows
  Status failure;
  auto fold = [&](std::uint64_t position, std::string_view bytes) {
    auto decoded = codec::DecodeStoredEvent(bytes, kStreamPrefix, nullptr);
    if (!decoded.ok()) {
      failure = decoded.status().WithContext("event " + std::to_string(position));
      return false;
    }
    if (!decoded->has_value()) return true;  // another stream
    auto projector = projectors.find(std::string_view((*decoded)->stream_id).substr(sizeof(kStreamPrefix) - 1));
    if (projector == projectors.end()) return true;  // not a file of the registry
    domain::Event& event = (*decoded)->event;
    event.recorded_on = clock_.DateOf(event.recorded_at_micros);
    projector->second.Add(event, scheme_, writes);
    if (auto row = projections::FeedRowWrite(position, event, projector->second.state())) writes.push_back(*row);
    ++report.events;
    return true;
  };
  Channel<RawBatch> full(kQueuedBatches), spare(kQueuedBatches + 2);
  Status scanned;
  std::thread scanner([&] { scanned = ScanInBatches(store_, head, full, spare); });
  while (std::optional<RawBatch> batch = full.Pop()) {
    bool go_on = true;
    for (std::size_t i = 0, begin = 0; go_on && i < batch->ends.size(); begin = batch->ends[i++]) {
      go_on = fold(batch->first_position + i, std::string_view(batch->bytes).substr(begin, batch->ends[i] - begin));
    }
    if (!go_on) break;
    batch->bytes.clear();
    batch->ends.clear();
    spare.Push(std::move(*batch));
  }
  full.Close();  // stops the scanner early after a failure
  spare.Close();
  scanner.join();
  CERTREG_RETURN_IF_ERROR(scanned);
  CERTREG_RETURN_IF_ERROR(failure);

  // Each file's current rows; its state is dropped at once, so that the
  // rows reuse its memory.
  for (const std::string& id : *ids) {
    auto projector = projectors.find(id);
    if (!projector->second.state().exists) return Status::NotFound("file " + id);
    projector->second.Finish(id, scheme_, writes);
    projectors.erase(projector);
  }
  report.files = ids->size();

  TableDigest new_digest;
  const std::vector<SortedTable> rebuilt = SortAndDigest(families, writes, new_digest);
  for (const SortedTable& table : rebuilt) report.rows += table.size();
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
    replacement.push_back(FormatRow());
    CERTREG_RETURN_IF_ERROR(store_.WriteExtra(families, replacement));
  } else {
    CERTREG_RETURN_IF_ERROR(store_.WriteExtra({}, {FormatRow()}));
  }
  return report;
}

}  // namespace certreg::app
