#include "app/history_pages.h"

#include <algorithm>

#include "app/event_mapping.h"
#include "certreg/codec/row_codec.h"
#include "certreg/projections/keys.h"

namespace certreg::app {
namespace {

constexpr std::size_t kChunk = 512;  // events or rows read from the store at a time

// A page of the file: its version read first, and the versions the page
// covers, [from + 1, *last] (none when *last == from).
template <typename T>
Result<HistoryPage<T>> StartFilePage(const store::EventStore& store, const std::string& file_id, std::uint64_t from,
                                     std::size_t limit, std::uint64_t* last) {
  auto version = store.StreamVersion(Registry::StreamOf(file_id));
  if (!version.ok()) return version.status();
  if (*version == 0) return Status::NotFound("file " + file_id);
  HistoryPage<T> page;
  page.version = *version;
  *last = from + (from >= *version ? 0 : std::min<std::uint64_t>(limit, *version - from));
  if (*last < *version) page.next = *last;  // item i is version i + 1
  return page;
}

// Visits the stored bytes of the file's events of versions [first, last], a chunk at a time.
template <typename Visit>
Status ForEachStored(const store::EventStore& store, const std::string& file_id, std::uint64_t first,
                     std::uint64_t last, Visit visit) {
  for (std::uint64_t version = first; version <= last;) {
    auto chunk = store.ReadStreamBytes(Registry::StreamOf(file_id), version,
                                       static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, last - version + 1)));
    if (!chunk.ok()) return chunk.status();
    if (chunk->empty()) break;
    for (const std::string& bytes : *chunk) {
      CERTREG_RETURN_IF_ERROR(visit(bytes).WithContext("file " + file_id));
    }
    version += chunk->size();
  }
  return Status::Ok();
}

// The rows of `column_family` under the certificate `number` from index `from`.
template <typename Row, typename Decode>
Result<HistoryPage<Row>> RowsPage(const projections::RowReader& rows, const char* column_family,
                                  const std::string& number, std::uint64_t from, std::size_t limit, Decode decode) {
  auto certificate = rows.Get(projections::kCertificatesCf, projections::CertificateKey(number));
  if (!certificate.ok()) return certificate.status();
  if (!certificate->has_value()) return Status::NotFound("certificate " + number);
  const std::string prefix = projections::HistoryPrefix(number);
  HistoryPage<Row> page;
  std::string cursor = prefix;
  for (std::uint64_t index = 0;;) {
    auto chunk = rows.Scan(column_family, cursor, prefix, kChunk);
    if (!chunk.ok()) return chunk.status();
    for (const auto& [key, value] : *chunk) {
      if (index >= from) {
        if (page.items.size() == limit) {
          page.next = index;
          return page;
        }
        Result<Row> row = decode(value);
        if (!row.ok()) return row.status().WithContext(std::string(column_family) + " of certificate " + number);
        page.items.push_back(std::move(row).value());
      }
      ++index;
    }
    if (chunk->size() < kChunk) return page;
    cursor = chunk->back().first + std::string(1, '\0');
  }
}

}  // namespace

Result<HistoryPage<store::ExportedEvent>> ReadFileRecordsPage(const store::EventStore& store,
                                                              const std::string& file_id, std::uint64_t from,
                                                              std::size_t limit) {
  std::uint64_t last = 0;
  auto page = StartFilePage<store::ExportedEvent>(store, file_id, from, limit, &last);
  if (!page.ok()) return page.status();
  page->items.reserve(last - from);
  CERTREG_RETURN_IF_ERROR(ForEachStored(store, file_id, from + 1, last, [&](const std::string& bytes) {
    auto exported = store::ExportEvent(bytes);
    if (!exported.ok()) return exported.status();
    page->items.push_back(std::move(exported).value());
    return Status::Ok();
  }));
  return page;
}

Result<HistoryPage<TimelineEntry>> ReadTimelinePage(const store::EventStore& store, const RegistryClock& clock,
                                                    const std::string& file_id, std::uint64_t from,
                                                    std::size_t limit) {
  std::uint64_t last = 0;
  auto page = StartFilePage<TimelineEntry>(store, file_id, from, limit, &last);
  if (!page.ok()) return page.status();
  page->items.reserve(last - from);
  domain::FileState state;
  CERTREG_RETURN_IF_ERROR(ForEachStored(store, file_id, 1, last, [&](const std::string& bytes) {
    auto event = ToDomainEvent(bytes, store, clock);
    if (!event.ok()) return event.status();
    state = domain::Evolve(std::move(state), *event);
    if (event->version > from) page->items.push_back(TimelineEntryOf(*event, state));
    return Status::Ok();
  }));
  return page;
}

Result<HistoryPage<projections::ChangeRow>> ReadChangeHistoryPage(const projections::RowReader& rows,
                                                                  const std::string& certificate_no,
                                                                  std::uint64_t from, std::size_t limit) {
  return RowsPage<projections::ChangeRow>(rows, projections::kChangesCf, certificate_no, from, limit,
                                          codec::DecodeChangeRow);
}

Result<HistoryPage<projections::StatusRow>> ReadStatusHistoryPage(const projections::RowReader& rows,
                                                                  const std::string& certificate_no,
                                                                  std::uint64_t from, std::size_t limit) {
  return RowsPage<projections::StatusRow>(rows, projections::kStatusHistoryCf, certificate_no, from, limit,
                                          codec::DecodeStatusRow);
}

}  // namespace certreg::app
