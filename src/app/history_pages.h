// Internal to the app room: pages of a file's history (its stored events, its
// timeline) and of a certificate's Annex B rows, read no further than the
// page. The Registry's *Page calls (certreg/app/registry.h) forward here.
//
// Thread-safe; every reference given must outlive the call.
#pragma once

#include <cstdint>
#include <string>

#include "app/registry_clock.h"
#include "certreg/app/registry.h"
#include "certreg/projections/row_reader.h"

namespace certreg::app {

// NotFound when the file has no events; Corruption when one does not decode.
Result<HistoryPage<store::ExportedEvent>> ReadFileRecordsPage(const store::EventStore& store,
                                                              const std::string& file_id, std::uint64_t from,
                                                              std::size_t limit);
Result<HistoryPage<TimelineEntry>> ReadTimelinePage(const store::EventStore& store, const RegistryClock& clock,
                                                    const std::string& file_id, std::uint64_t from,
                                                    std::size_t limit);

// NotFound for an unknown certificate; Corruption when a row does not decode.
Result<HistoryPage<projections::ChangeRow>> ReadChangeHistoryPage(const projections::RowReader& rows,
                                                                  const std::string& certificate_no,
                                                                  std::uint64_t from, std::size_t limit);
Result<HistoryPage<projections::StatusRow>> ReadStatusHistoryPage(const projections::RowReader& rows,
                                                                  const std::string& certificate_no,
                                                                  std::uint64_t from, std::size_t limit);

}  // namespace certreg::app
