# The envelope of every event in the log (column family `events`).
#
# Forever rules: fields keep their ordinals and types; new fields and new
# payload kinds only with the next ordinal; a changed meaning is a new type.
@0x90b7c8256d5bc474;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("certreg::schema");

struct Actor {
  name @0 :Text;     # the user name (unique); "system" for time-driven events
  role @1 :Text;     # clerk | auditor | committee | regulator | admin | system
  tokenId @2 :Text;  # the id (not the secret) of the token used; empty for system
}

struct Event {
  position @0 :UInt64;        # global position, dense from 0
  streamId @1 :Text;          # e.g. "cert-file/F-2026-000001"
  streamVersion @2 :UInt64;   # 1 for a stream's first event, dense
  type @3 :Text;              # wire name of the payload, e.g. "ApplicationSubmitted"
  eventId @4 :Text;           # unique id chosen by the writer (random UUID)
  recordedAtMicros @5 :Int64; # server clock, microseconds since 1970-01-01T00:00:00Z, never decreasing along the log
  effectiveDate @6 :Text;     # business date YYYY-MM-DD (registry time zone)
  actor @7 :Actor;
  idempotencyKey @8 :Text;    # empty when the request carried none
  correlationId @9 :Text;     # groups the events of one command / request
  payload @10 :Payload;
  prevHash @11 :Data;         # hash of the event at position - 1; 32 zero bytes at position 0
  hash @12 :Data;             # SHA-256(0x01 || prevHash || SHA-256(0x00 || leaf)), leaf = canonical bytes
                              # of this Event with prevHash and hash unset (see README, "Hash chain")
}

# The domain facts. One member per event type; the member name is the type's
# wire name with a lower-case first letter. Cap'n Proto needs two members for
# a union: storeProbe becomes the union's first member (retroactive
# unionisation keeps its wire format) when the first domain event arrives.
struct Payload {
  storeProbe @0 :StoreProbe;
}

# A diagnostic event used by the store's self-check, its benchmarks and its
# crash tests. It carries no domain meaning; the registry never writes one
# into a data directory that holds certification files.
struct StoreProbe {
  note @0 :Text;
  filler @1 :Text;
}
