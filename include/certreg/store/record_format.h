// The log's record format as other rooms see it: a stored event as JSON (the
// regulators' export, `certreg dump --json`), the type name of a payload, and
// the diagnostic payload. The format itself (schemas/event.capnp,
// schemas/store.capnp, the hash chain; README "The event log") belongs to the
// store, which alone encodes and decodes its records.
//
// Every function taking bytes accepts any bytes and answers Corruption for
// what does not decode; none throws. Thread-safe (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "certreg/common/status.h"
#include "certreg/store/event.h"

namespace certreg::store {

// A stored event decoded once for export: its header (raw left empty) and
// the data of its payload's union member as JSON text in the API's
// vocabulary (platforms.md §6: snake_case names, plain numbers, enumerants
// as snake_case wire names, no wrappers; src/store/payload_json.h has the
// rules), e.g. {"grounds": "8.2.1-1", "deadline": "2026-05-01", ...}; "null"
// for a member this version does not know.
struct ExportedEvent {
  RecordedEvent header;
  std::string data_json;
};
Result<ExportedEvent> ExportEvent(std::string_view bytes);

// The stored event `bytes` (RecordedEvent::raw) as one JSON object: header
// fields and `data` (ExportedEvent::data_json; the payload's type is `type`);
// hashes in hex.
Result<std::string> EventToJson(std::string_view bytes);

// The payload type name of a payload message (e.g. "StoreProbe"): the wire
// name of its union member's type. Corruption for bytes that do not decode
// and for a member this version does not know.
Result<std::string> PayloadType(std::string_view payload);

// A diagnostic StoreProbe payload (self-check, benchmarks, crash tests).
std::string EncodeStoreProbe(std::string_view note, std::string_view filler);

}  // namespace certreg::store
