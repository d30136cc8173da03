// Domain events <-> the `Payload` union of schemas/event.capnp.
//
// Personal data (domain.md §2) never enters the payload as plaintext: each
// non-empty PersonalData becomes a reference {id, commitment} in the payload,
// with commitment = SHA-256(salt || the record's canonical bytes), and the
// plaintext goes into a separate sealed record to be stored in the column
// family `personal_data` under its id, in the same batch as the event. When
// the record is later erased, the event still decodes, with empty personal data.
// Thread-safe; decoding never throws or crashes on bad bytes.
// The exact commitment (the canonical bytes are those of the record with its
// salt unset) and the encoding conventions are written down in
// schemas/domain_events.capnp.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/domain/events.h"

namespace certreg::codec {

struct SealedPersonalRecord {
  std::string id;      // random, unique
  std::string record;  // bytes of schema `PersonalRecord` (plaintext and salt)
};

struct EncodedPayload {
  std::string payload;                        // a message rooted at `Payload`
  std::vector<SealedPersonalRecord> personal; // one per non-empty PersonalData in the body
};

EncodedPayload EncodePayload(const domain::EventBody& body);

// Returns the sealed record stored under `id`, or nullopt when it was erased.
// An empty PersonalLookup (nullptr) finds nothing: personal data decodes empty.
using PersonalLookup = std::function<std::optional<std::string>(const std::string& id)>;

// Decodes the payload of a stored event envelope (RecordedEvent::raw).
// Corruption when the bytes do not decode, the payload is not a domain event,
// or a found personal record does not match its commitment; also when the
// envelope's type is not the wire name of its payload's event, or its
// effective date is not a date (DecodeStoredEvent's body).
Result<domain::EventBody> DecodeEventBody(std::string_view envelope, const PersonalLookup& lookup);

// A stored event envelope decoded for the domain in one pass, for readers of
// the whole log (a rebuild): the event with everything the envelope says
// (version, recorded-at, effective date, actor) except recorded_on, which
// depends on the registry's time zone.
struct StoredDomainEvent {
  std::string stream_id;
  domain::Event event;
};

// The envelope's event when its stream id starts with `stream_prefix`;
// nullopt, with nothing else decoded, for an event of another stream. The
// errors of DecodeEventBody, and Corruption for a bad effective date.
Result<std::optional<StoredDomainEvent>> DecodeStoredEvent(std::string_view envelope, std::string_view stream_prefix,
                                                           const PersonalLookup& lookup);

// The stream id of a stored event envelope, nothing else decoded: what a
// reader of the whole log needs to route an event before it decodes it.
// Corruption when the bytes do not decode.
Result<std::string> StoredStreamId(std::string_view envelope);

// The same from a bare `Payload` message (as EncodePayload made it).
Result<domain::EventBody> DecodePayload(std::string_view payload, const PersonalLookup& lookup);

}  // namespace certreg::codec
