# Records the event store keeps beside the log (see README, "Key layout").
@0x93544bedc4323e9a;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("certreg::schema");

# Column family `meta`, key "head": the log's head, rewritten by every batch.
struct LogHead {
  size @0 :UInt64;              # number of events = next position
  hash @1 :Data;                # hash of the event at size - 1; 32 zero bytes when empty
  lastRecordedAtMicros @2 :Int64;
}

# Column family `idempotency`, key = the idempotency key.
struct IdempotencyRecord {
  fingerprint @0 :Data;         # SHA-256 of the request's content
  streamId @1 :Text;
  firstPosition @2 :UInt64;
  firstVersion @3 :UInt64;
  types @4 :List(Text);         # event types in order; positions are firstPosition + i
  recordedAtMicros @5 :Int64;
  response @6 :Data;            # opaque bytes the caller asked to keep (e.g. an HTTP status), may be empty
}
