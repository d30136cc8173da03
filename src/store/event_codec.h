// Internal to the store: the bytes of the log, its own record format. The
// Cap'n Proto envelope of schemas/event.capnp and the store's records of
// schemas/store.capnp (log head, idempotency records), and the hash chain,
// behind plain C++ types. What other rooms may use of it is in
// include/certreg/store/record_format.h.
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
#include "certreg/store/record_format.h"

namespace certreg::store {

// Builds the stored bytes of one event: the header fields of `header` (its
// raw, prev_hash and hash are ignored), the payload message `payload` (rooted
// at schema `Payload`), `prev_hash`, and the hash it computes, also returned
// through `hash_out`. Corruption when `payload` does not decode.
// The event's leaf of the Merkle tree (README, "The verifiable log: the
// tree"): the canonical bytes the chain hashes, those of the event with
// prevHash and hash unset.
struct LeafInfo {
  Digest hash{};          // SHA-256(0x00 || leaf): the tree's leaf hash, also the chain's
  std::size_t bytes = 0;  // the leaf's length
};
Result<std::string> EncodeEvent(const RecordedEvent& header, std::string_view payload, const Digest& prev_hash,
                                Digest* hash_out, LeafInfo* leaf_out = nullptr);

// The leaf bytes of a stored event: the canonical words of the event with
// prevHash and hash unset (without the stored bytes' segment table), exactly
// what the chain hashes. Corruption when `bytes` do not decode.
Result<std::string> LeafOf(std::string_view bytes);

// Decodes the stored bytes of one event; `raw` of the result holds `bytes`.
Result<RecordedEvent> DecodeEvent(std::string_view bytes);

// Decodes the stored bytes of one event and checks them against the chain:
// the bytes are exactly the canonical encoding of what they decode to, the
// stored previous hash is `prev_hash`, and the stored hash is the one
// recomputed from the event's content. Corruption names the failed check.
// Every single changed byte of a stored event fails one of these checks.
// `leaf_hash_out`, when given, gets the event's leaf hash.
Result<RecordedEvent> DecodeVerified(std::string_view bytes, const Digest& prev_hash, Digest* leaf_hash_out = nullptr);

// The chain step: SHA-256(0x01 || prev_hash || leaf_hash).
Digest ChainHash(const Digest& prev_hash, const Digest& leaf_hash);

std::string EncodeLogHead(const LogHead& head);
Result<LogHead> DecodeLogHead(std::string_view bytes);

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

}  // namespace certreg::store
