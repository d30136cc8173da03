// Internal to the app room: the rebuild's pass over the log (ReadSide::Rebuild).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/registry_clock.h"
#include "certreg/common/status.h"
#include "certreg/domain/scheme.h"
#include "certreg/projections/project.h"
#include "certreg/store/event_store.h"

namespace certreg::app {

// The rows of every read model, written as a rebuild into emptied tables.
struct FoldedLog {
  // One part per worker; every row of a file is in one part, in the order
  // the file's events wrote them, its current rows last.
  std::vector<projections::ProjectionWrites> parts;
  std::uint64_t events = 0;  // of the files folded
};

// Reads the log's events before `head` once, in order (EventStore::ScanLog),
// on a scanning thread that routes each event of a file of `file_ids`
// (stream "cert-file/<id>") to one of `workers` folding threads by its file
// (the calling thread is one of them). Each worker decodes its events once,
// without personal data (no row holds any), folds them into their files'
// FileProjector with the feed row of each, and adds a file's current rows
// once its stream's last event is folded, dropping its state then (a file
// appended to beyond `head` at the end): only the states of files still
// being folded are held. Events of other streams or files are skipped.
// NotFound when a file of `file_ids` has no events; Corruption for an event
// of a file beyond its stream's version; the errors of the scan, of the
// decode and of reading a stream's version.
Result<FoldedLog> FoldLog(const store::EventStore& store, std::uint64_t head, const std::vector<std::string>& file_ids,
                          const domain::Scheme& scheme, const RegistryClock& clock, std::size_t workers);

}  // namespace certreg::app
