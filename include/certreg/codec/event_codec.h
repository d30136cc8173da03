// Bytes of the log: the Cap'n Proto envelope of schemas/event.capnp and the
// store's own records of schemas/store.capnp, behind plain C++ types.
//
// Decoding is defensive: every function taking bytes accepts any bytes and
// answers Corruption for what does not decode (reader limits are set); none
// throws or crashes on bad input. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/common/sha256.h"
#include "certreg/common/status.h"
#include "certreg/store/event.h"

namespace certreg::codec {

// Builds the stored bytes of one event: the header fields of `header` (its
// raw, prev_hash and hash are ignored), the payload message `payload` (rooted
// at schema `Payload`), `prev_hash`, and the hash it computes, also returned
// through `hash_out`. Corruption when `payload` does not decode.
Result<std::string> EncodeEvent(const store::RecordedEvent& header, std::string_view payload, const Digest& prev_hash,
                                Digest* hash_out);

// Decodes the stored bytes of one event; `raw` of the result holds `bytes`.
Result<store::RecordedEvent> DecodeEvent(std::string_view bytes);

// Decodes the stored bytes of one event and checks them against the chain:
// the bytes are exactly the canonical encoding of what they decode to, the
// stored previous hash is `prev_hash`, and the stored hash is the one
// recomputed from the event's content. Corruption names the failed check.
// Every single changed byte of a stored event fails one of these checks.
Result<store::RecordedEvent> DecodeVerified(std::string_view bytes, const Digest& prev_hash);

// The chain step: SHA-256(0x01 || prev_hash || leaf_hash).
Digest ChainHash(const Digest& prev_hash, const Digest& leaf_hash);

// The event as one JSON object (header fields and the payload; hashes in hex).
Result<std::string> EventToJson(std::string_view bytes);

// The payload type name of a payload message (e.g. "StoreProbe"): the wire
// name of its union member's type. Corruption for bytes that do not decode
// and for a member this version does not know.
Result<std::string> PayloadType(std::string_view payload);

// A diagnostic StoreProbe payload (self-check, benchmarks, crash tests).
std::string EncodeStoreProbe(std::string_view note, std::string_view filler);

std::string EncodeLogHead(const store::LogHead& head);
Result<store::LogHead> DecodeLogHead(std::string_view bytes);

struct IdempotencyRecord {
  Digest fingerprint{};
  std::string stream_id;
  std::uint64_t first_position = 0;
  std::uint64_t first_version = 0;
  std::vector<std::string> types;
  std::int64_t recorded_at_micros = 0;
  std::string response;
};
std::string EncodeIdempotencyRecord(const IdempotencyRecord& record);
Result<IdempotencyRecord> DecodeIdempotencyRecord(std::string_view bytes);

}  // namespace certreg::codec
