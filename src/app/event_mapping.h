// Internal to the app room: domain events <-> the store's events.
#pragma once

#include <functional>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/domain/events.h"
#include "certreg/store/event_store.h"

namespace certreg::app {

inline constexpr char kPersonalDataCf[] = "personal_data";          // sealed record id -> PersonalRecord
inline constexpr char kCountersCf[] = "counters";                   // counter name -> last value (decimal)
inline constexpr char kFilesCf[] = "files";                         // file id -> "" (every file, for sweeps)
inline constexpr char kCertificateFilesCf[] = "certificate_files";  // certificate number -> file id
inline constexpr char kReadModelMetaCf[] = "proj_meta";              // "applied" -> events the read models hold
inline constexpr char kAppliedKey[] = "applied";

// Turns decided events into store events; the sealed personal records go to
// `writes` (column family personal_data). `correlation_id` groups them.
std::vector<store::NewEvent> ToNewEvents(const std::vector<domain::Event>& events, const std::string& correlation_id,
                                         std::vector<store::ExtraWrite>* writes);

// Decodes a stored event for the domain; personal data from the store (empty when erased).
Result<domain::Event> ToDomainEvent(const store::RecordedEvent& recorded, const store::EventStore& store,
                                    const std::function<domain::Date(std::int64_t)>& date_of);

}  // namespace certreg::app
