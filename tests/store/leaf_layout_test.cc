// The stored bytes of an event are encoded once: the leaf's canonical words,
// from which the stored bytes are moved (and back, when verifying). Both stay
// byte for byte what encoding the event twice through a MessageBuilder gives
// (the encoding of the stores already written, and of the Go and Python
// verifiers), checked here on many events of every shape.
#include <catch2/catch.hpp>

#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/serialize.h>

#include <random>

#include "certreg/store/merkle.h"
#include "event.capnp.h"
#include "schemas/capnp_bytes.h"
#include "store/event_codec.h"
#include "store/leaf_layout.h"

using namespace certreg;
using namespace certreg::store;

namespace {

struct Reference {
  std::string stored;  // flat, one segment
  std::string leaf;    // canonical words, no segment table
  Digest hash{};
};

// The encoding through a MessageBuilder, canonicalized twice: without the
// hashes for the leaf, then with them for the stored bytes.
Reference Encode(const RecordedEvent& h, const std::string& payload, const Digest& prev) {
  auto words = schema::AlignedCopy(payload);
  capnp::FlatArrayMessageReader payload_reader(words);
  capnp::MallocMessageBuilder message;
  auto ev = message.initRoot<schema::Event>();
  ev.setPosition(h.position);
  ev.setStreamId(h.stream_id);
  ev.setStreamVersion(h.stream_version);
  ev.setType(h.type);
  ev.setEventId(h.event_id);
  ev.setRecordedAtMicros(h.recorded_at_micros);
  ev.setEffectiveDate(h.effective_date);
  auto actor = ev.initActor();
  actor.setName(h.actor.name);
  actor.setRole(h.actor.role);
  actor.setTokenId(h.actor.token_id);
  ev.setIdempotencyKey(h.idempotency_key);
  ev.setCorrelationId(h.correlation_id);
  ev.setPayload(payload_reader.getRoot<schema::Payload>());
  Reference out;
  out.leaf = schema::ToString(capnp::AnyStruct::Reader(ev.asReader()).canonicalize());
  out.hash = ChainHash(prev, merkle::LeafHash(out.leaf));
  ev.setPrevHash(capnp::Data::Reader(prev.data(), prev.size()));
  ev.setHash(capnp::Data::Reader(out.hash.data(), out.hash.size()));
  out.stored = schema::CanonicalFlat(capnp::AnyStruct::Reader(ev.asReader()).canonicalize());
  return out;
}

std::string RandomText(std::mt19937_64& rng, std::size_t max) {
  std::string s(rng() % (max + 1), '\0');
  for (char& c : s) c = static_cast<char>('a' + rng() % 26);
  return s;
}

}  // namespace

TEST_CASE("an event's stored bytes and leaf are those of the encoding through a MessageBuilder, on many events",
          "[codec][event][hash]") {
  std::mt19937_64 rng(16);
  Digest prev{};
  for (int i = 0; i < 2000; ++i) {
    RecordedEvent h;
    // Zero fields too: a data section the canonical form truncates.
    h.position = i % 7 == 0 ? 0 : rng() >> (rng() % 64);
    h.stream_version = i % 5 == 0 ? 0 : rng() % 100000;
    h.recorded_at_micros = i % 3 == 0 ? 0 : static_cast<std::int64_t>(rng() >> 1);
    h.stream_id = RandomText(rng, 40);
    h.type = RandomText(rng, 20);
    h.event_id = RandomText(rng, 36);
    h.effective_date = RandomText(rng, 10);
    h.actor = {RandomText(rng, 12), RandomText(rng, 9), RandomText(rng, 8)};
    h.idempotency_key = RandomText(rng, 30);
    h.correlation_id = RandomText(rng, 30);
    const std::string payload = EncodeStoreProbe(RandomText(rng, 50), RandomText(rng, 600));
    INFO("event " << i);
    const Reference expected = Encode(h, payload, prev);
    Digest hash;
    LeafInfo leaf;
    auto stored = EncodeEvent(h, payload, prev, &hash, &leaf);
    REQUIRE(stored.ok());
    REQUIRE(*stored == expected.stored);
    CHECK(hash == expected.hash);
    CHECK(leaf.hash == merkle::LeafHash(expected.leaf));
    CHECK(leaf.bytes == expected.leaf.size());
    CHECK(LeafFromStored(*stored) == std::optional<std::string>(expected.leaf));
    CHECK(*LeafOf(*stored) == expected.leaf);
    Digest verified_leaf;
    REQUIRE(DecodeVerified(*stored, prev, &verified_leaf).ok());
    CHECK(verified_leaf == leaf.hash);
    prev = hash;
  }
}

TEST_CASE("a payload not at an aligned address encodes the same", "[codec][event]") {
  RecordedEvent h;
  h.stream_id = "s";
  h.type = "StoreProbe";
  const std::string payload = EncodeStoreProbe("note", "filler");
  const std::string shifted = "x" + payload;
  auto aligned = EncodeEvent(h, payload, Digest{}, nullptr);
  auto unaligned = EncodeEvent(h, std::string_view(shifted).substr(1), Digest{}, nullptr);
  REQUIRE(aligned.ok());
  REQUIRE(unaligned.ok());
  CHECK(*aligned == *unaligned);
}

TEST_CASE("bytes of another layout give no leaf, and verification takes the general way", "[codec][event]") {
  CHECK_FALSE(LeafFromStored("").has_value());
  CHECK_FALSE(LeafFromStored(std::string(24, '\0')).has_value());
  CHECK_FALSE(LeafFromStored(std::string(17, 'x')).has_value());
  RecordedEvent h;
  h.type = "StoreProbe";
  auto stored = EncodeEvent(h, EncodeStoreProbe("n", "f"), Digest{}, nullptr);
  REQUIRE(stored.ok());
  std::string two_segments = *stored;
  two_segments[0] = 1;  // a segment count the layout does not have
  CHECK_FALSE(LeafFromStored(two_segments).has_value());
  CHECK(LeafFromStored(*stored).has_value());
}
