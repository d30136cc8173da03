// Internal to the app room: domain events <-> the store's events, and the
// column families the registry keeps beside the log.
#pragma once

#include <string_view>
#include <vector>

#include "app/registry_clock.h"
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
inline constexpr char kReadModelFormatKey[] = "format";  // in proj_meta: projections::kReadModelFormat they were written in

// Turns decided events into store events; the sealed personal records go to
// `writes` (column family personal_data). `correlation_id` groups them.
std::vector<store::NewEvent> ToNewEvents(const std::vector<domain::Event>& events, const std::string& correlation_id,
                                         std::vector<store::ExtraWrite>* writes);

// Decodes the stored bytes of an event for the domain, in one pass (personal
// data from the store, empty when erased); recorded_on in the registry's time zone.
Result<domain::Event> ToDomainEvent(std::string_view stored, const store::EventStore& store,
                                    const RegistryClock& clock);

}  // namespace certreg::app
