// Internal to the store: idempotency records. A record answers a retry of
// the append that wrote it: the same owner and key with the same content is
// a replay of its result, with other content a refusal. Keys are the owner's
// (keys.h, IdempotencyKey); records from before keys had owners are found by
// who recorded their first event that is not time-driven
// (RocksEventStore::StoredIdempotency).
#pragma once

#include <string>

#include "certreg/common/sha256.h"
#include "certreg/store/event.h"
#include "store/event_codec.h"

namespace certreg::store {

// The content an idempotency record compares a retry by: the caller's
// fingerprint when given, else the stream id and each event's type and payload.
Digest RequestFingerprint(const AppendRequest& request);
// The same for a caller's fingerprint alone (EventStore::FindIdempotent).
Digest GivenFingerprint(const std::string& fingerprint);

// The actor of time-driven events (Actor: name and role "system"), which
// owns no idempotency key.
bool IsSystemActor(const Actor& actor);

// The result `record` answers, as a replay or as the append that wrote it.
AppendResult ResultOf(const IdempotencyRecord& record, bool replayed);

}  // namespace certreg::store
