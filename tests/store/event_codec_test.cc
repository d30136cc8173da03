#include <catch2/catch.hpp>

#include "store/event_codec.h"

using namespace certreg;

namespace {

store::RecordedEvent Header() {
  store::RecordedEvent h;
  h.position = 41;
  h.stream_id = "cert-file/F-2026-000007";
  h.stream_version = 3;
  h.type = "StoreProbe";
  h.event_id = "4b0c1c9e-8d55-4f6c-9a57-0f3e2d1c0b1a";
  h.recorded_at_micros = 1'772'438'400'000'000;
  h.effective_date = "2026-03-02";
  h.actor = {"wang.fang", "committee", "tok-9"};
  h.idempotency_key = "k-1";
  h.correlation_id = "c-1";
  return h;
}

Digest Prev() {
  Digest d{};
  d.fill(0xab);
  return d;
}

}  // namespace

TEST_CASE("an encoded event decodes to its header and verifies against its chain", "[codec][event]") {
  Digest hash;
  auto bytes = store::EncodeEvent(Header(), store::EncodeStoreProbe("n", "f"), Prev(), &hash);
  REQUIRE(bytes.ok());
  auto event = store::DecodeVerified(*bytes, Prev());
  REQUIRE(event.ok());
  CHECK(event->position == 41);
  CHECK(event->stream_id == "cert-file/F-2026-000007");
  CHECK(event->stream_version == 3);
  CHECK(event->actor.role == "committee");
  CHECK(event->effective_date == "2026-03-02");
  CHECK(event->recorded_at_micros == 1'772'438'400'000'000);
  CHECK(event->prev_hash == Prev());
  CHECK(event->hash == hash);
  CHECK(event->raw == *bytes);
  CHECK(*store::PayloadType(store::EncodeStoreProbe("n", "f")) == "StoreProbe");
}

TEST_CASE("the hash is the RFC 6962 leaf hash chained to the previous hash", "[codec][event][hash]") {
  Digest hash;
  auto bytes = store::EncodeEvent(Header(), store::EncodeStoreProbe("n", "f"), Prev(), &hash);
  REQUIRE(bytes.ok());
  // Same content, other previous hash: another hash; same previous hash: the same.
  Digest other;
  Digest zero{};
  REQUIRE(store::EncodeEvent(Header(), store::EncodeStoreProbe("n", "f"), zero, &other).ok());
  CHECK(other != hash);
  Digest again;
  REQUIRE(store::EncodeEvent(Header(), store::EncodeStoreProbe("n", "f"), Prev(), &again).ok());
  CHECK(again == hash);
  // The chain step is SHA-256(0x01 || prev || leaf).
  Digest leaf{};
  leaf.fill(7);
  std::string input = "\x01" + std::string(reinterpret_cast<const char*>(Prev().data()), 32) +
                      std::string(reinterpret_cast<const char*>(leaf.data()), 32);
  CHECK(store::ChainHash(Prev(), leaf) == Sha256Of(input));
}

TEST_CASE("every single changed byte of a stored event fails verification", "[codec][event][tamper]") {
  auto bytes = store::EncodeEvent(Header(), store::EncodeStoreProbe("note", std::string(50, 'x')), Prev(), nullptr);
  REQUIRE(bytes.ok());
  for (std::size_t offset = 0; offset < bytes->size(); ++offset) {
    for (int flip : {0x01, 0x80}) {
      std::string tampered = *bytes;
      tampered[offset] = static_cast<char>(tampered[offset] ^ flip);
      CAPTURE(offset, flip);
      auto decoded = store::DecodeVerified(tampered, Prev());
      REQUIRE_FALSE(decoded.ok());
      CHECK(decoded.status().code() == Status::Code::kCorruption);
    }
  }
}

TEST_CASE("bad bytes decode to Corruption, never a crash", "[codec][event][defensive]") {
  for (const std::string& junk : {std::string(), std::string("abc"), std::string(8, '\xff'), std::string(64, '\0'),
                                  std::string("\x00\x00\x00\x00\xff\xff\xff\x0f", 8) + std::string(16, 'a')}) {
    CHECK(store::DecodeEvent(junk).status().code() == Status::Code::kCorruption);
    CHECK(store::DecodeVerified(junk, Prev()).status().code() == Status::Code::kCorruption);
    CHECK_FALSE(store::EventToJson(junk).ok());
    CHECK_FALSE(store::DecodeLogHead(junk).ok());
    CHECK_FALSE(store::DecodeIdempotencyRecord(junk).ok());
  }
  CHECK(store::EncodeEvent(Header(), "not a payload", Prev(), nullptr).status().code() ==
        Status::Code::kCorruption);
}

TEST_CASE("the log head and idempotency records round-trip", "[codec][store-records]") {
  store::LogHead head{12, Prev(), 99};
  auto decoded = store::DecodeLogHead(store::EncodeLogHead(head));
  REQUIRE(decoded.ok());
  CHECK(decoded->size == 12);
  CHECK(decoded->hash == Prev());
  CHECK(decoded->last_recorded_at_micros == 99);

  store::IdempotencyRecord record{Prev(), "s", 5, 2, {"A", "B"}, 77, "201"};
  auto back = store::DecodeIdempotencyRecord(store::EncodeIdempotencyRecord(record));
  REQUIRE(back.ok());
  CHECK(back->fingerprint == Prev());
  CHECK(back->types == std::vector<std::string>{"A", "B"});
  CHECK(back->first_position == 5);
  CHECK(back->response == "201");
}
