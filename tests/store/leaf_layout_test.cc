// The stored bytes of an event are encoded once: the leaf's canonical words,
// from which the stored bytes are moved (and back, when verifying). Both stay
// byte for byte the canonical encodings a MessageBuilder gives (those of the
// stores already written, and of the Go and Python verifiers): a content has
// one canonical encoding, so the bytes are checked against the canonical
// encoding of what they decode to, on many events of every shape.
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
};

// What `stored` must be, from the bytes themselves: the canonical encoding of
// the event they decode to (a content has exactly one), and the leaf the
// canonical encoding of that event with prevHash and hash unset, through a
// MessageBuilder. Also checks the decoded fields against `h` and `payload`.
Reference Canonical(const std::string& stored, const RecordedEvent& h, const std::string& payload) {
  auto words = schema::AlignedCopy(stored);
  capnp::FlatArrayMessageReader reader(words);
  auto ev = reader.getRoot<schema::Event>();
  CHECK(ev.getPosition() == h.position);
  CHECK(ev.getStreamVersion() == h.stream_version);
  CHECK(ev.getRecordedAtMicros() == h.recorded_at_micros);
  CHECK(schema::ToView(ev.getStreamId()) == h.stream_id);
  CHECK(schema::ToView(ev.getActor().getTokenId()) == h.actor.token_id);
  CHECK(schema::ToView(ev.getCorrelationId()) == h.correlation_id);
  auto payload_words = schema::AlignedCopy(payload);
  capnp::FlatArrayMessageReader payload_reader(payload_words);
  CHECK(schema::ToString(capnp::AnyStruct::Reader(ev.getPayload()).canonicalize()) ==
        schema::ToString(capnp::AnyStruct::Reader(payload_reader.getRoot<schema::Payload>()).canonicalize()));
  Reference out;
  out.stored = schema::CanonicalFlat(capnp::AnyStruct::Reader(ev).canonicalize());
  capnp::MallocMessageBuilder message;
  message.setRoot(ev);
  auto copy = message.getRoot<schema::Event>();
  copy.disownPrevHash();
  copy.disownHash();
  out.leaf = schema::ToString(capnp::AnyStruct::Reader(copy.asReader()).canonicalize());
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
    Digest hash;
    LeafInfo leaf;
    auto stored = EncodeEvent(h, payload, prev, &hash, &leaf);
    REQUIRE(stored.ok());
    const Reference expected = Canonical(*stored, h, payload);
    REQUIRE(*stored == expected.stored);
    CHECK(hash == ChainHash(prev, merkle::LeafHash(expected.leaf)));
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
