// The event types the store deals in: what a writer hands in (NewEvent) and
// what a reader gets back (RecordedEvent). Plain data; no storage types.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "certreg/common/sha256.h"
#include "certreg/common/status.h"

namespace certreg::store {

struct Actor {
  std::string name;      // unique user name; "system" for time-driven events
  std::string role;      // clerk | auditor | committee | regulator | admin | system
  std::string token_id;  // id of the token used, never the secret; empty for system
};

// An event as decided by the domain, before the store gives it a place.
struct NewEvent {
  std::string type;            // wire name, e.g. "ApplicationSubmitted"
  std::string event_id;        // unique, chosen by the caller
  std::string effective_date;  // YYYY-MM-DD
  Actor actor;
  std::string correlation_id;  // shared by the events of one command
  std::string payload;         // a Cap'n Proto message rooted at schema `Payload`, made by the codec
};

// An event as stored: everything the store assigned, plus the stored bytes.
struct RecordedEvent {
  std::uint64_t position = 0;
  std::string stream_id;
  std::uint64_t stream_version = 0;  // 1 for the first event of a stream
  std::string type;
  std::string event_id;
  std::int64_t recorded_at_micros = 0;  // UTC, microseconds since the epoch
  std::string effective_date;
  Actor actor;
  std::string idempotency_key;
  std::string correlation_id;
  Digest prev_hash{};
  Digest hash{};
  std::string raw;  // the stored envelope (flat Cap'n Proto `Event`), payload included
};

// The expected version an append states for its stream.
struct ExpectedVersion {
  enum class Kind { kAny, kNoStream, kExact };
  Kind kind = Kind::kAny;
  std::uint64_t version = 0;  // for kExact: the stream's current version (>= 1)

  static ExpectedVersion Any() { return {Kind::kAny, 0}; }
  static ExpectedVersion NoStream() { return {Kind::kNoStream, 0}; }
  static ExpectedVersion Exactly(std::uint64_t v) { return {Kind::kExact, v}; }
};

// A row the caller wants written in the same atomic batch as its events
// (projection rows, later). `value` absent means delete the key.
struct ExtraWrite {
  std::string column_family;  // must be one of StoreOptions::extra_column_families
  std::string key;
  std::optional<std::string> value;
};

// What the writer fixed for an append, handed to AppendRequest::finish.
struct AppendContext {
  std::uint64_t first_position = 0;
  std::uint64_t first_version = 0;
  std::int64_t recorded_at_micros = 0;  // the same for every event of the append
};

struct AppendRequest {
  std::string stream_id;  // 1..200 bytes, no NUL byte
  ExpectedVersion expected = ExpectedVersion::Any();
  std::vector<NewEvent> events;  // at least one
  std::string idempotency_key;   // empty: none; at most 200 bytes
  // Whose key it is (a user name, at most 200 bytes, no NUL byte): keys of
  // different owners never meet. Empty: the shared key space, which also
  // holds the records written before keys had owners (README, "Key layout").
  std::string idempotency_owner;
  // Identifies the request's content for the idempotency check. Empty: the
  // store hashes the stream id and each event's type and payload.
  std::string fingerprint;
  std::string response;  // opaque bytes kept with the idempotency record and returned on replay
  std::vector<ExtraWrite> extra_writes;
  // Optional: called on the writer thread once the append is accepted and its
  // positions, versions and recorded-at are fixed; the rows it returns join
  // the same batch (read models that show those values). A Status it returns
  // instead refuses the append with that status, nothing of it written. It
  // must be quick, must not call the store, and runs while the caller waits
  // in the append; appends queued one after another are finished in that order.
  std::function<Result<std::vector<ExtraWrite>>(const AppendContext&)> finish;
};

struct AppendResult {
  std::string stream_id;
  std::uint64_t first_position = 0;  // events got first_position, first_position + 1, ...
  std::uint64_t first_version = 0;   // and first_version, first_version + 1, ...
  std::vector<std::string> types;    // the appended event types in order
  std::string response;              // as given by the original request
  bool replayed = false;             // true: an earlier request with the same key did the work

  std::uint64_t last_position() const { return first_position + types.size() - 1; }
  std::uint64_t new_version() const { return first_version + types.size() - 1; }
};

struct LogHead {
  std::uint64_t size = 0;  // number of events; the next position
  Digest hash{};           // hash of the last event; zeros when empty
  std::int64_t last_recorded_at_micros = 0;
};

struct VerifyReport {
  bool ok = true;
  std::uint64_t checked = 0;  // events whose hash was recomputed and matched
  std::optional<std::uint64_t> first_bad_position;
  std::string problem;        // what was wrong at first_bad_position (or with the head)
};

}  // namespace certreg::store
