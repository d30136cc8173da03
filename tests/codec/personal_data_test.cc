// The personal data in an event's payload: sealed apart from it (no
// plaintext in the payload, a fresh salt each time), read back through its
// reference, empty after erasure, and corruption when tampered with or moved.
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "certreg/codec/domain_codec.h"
#include "codec/event_samples.h"

using namespace certreg;
using namespace certreg::domain;
using namespace certreg::testing;

namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return !needle.empty() && haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("the payload carries no plaintext of the personal data", "[codec][domain][personal]") {
  for (const auto& body : Samples()) {
    CAPTURE(EventTypeName(body));
    auto encoded = codec::EncodePayload(body);
    for (const PersonalData& p : {ApplicantPersonal(), Complainant()}) {
      for (const std::string& plain : {p.legal_representative, p.contact_name, p.phone, p.email}) {
        CAPTURE(plain);
        CHECK_FALSE(Contains(encoded.payload, plain));
      }
    }
    const bool personal = std::holds_alternative<ApplicationSubmitted>(body) ||
                          std::holds_alternative<RecertificationApplied>(body) ||
                          std::holds_alternative<ComplaintReceived>(body);
    REQUIRE(encoded.personal.size() == (personal ? 1u : 0u));
    for (const auto& record : encoded.personal) {
      CHECK(Contains(encoded.payload, record.id));  // the reference is in the payload
      CHECK((Contains(record.record, ApplicantPersonal().phone) || Contains(record.record, Complainant().phone)));
    }
  }
}

TEST_CASE("the same personal data sealed twice gives other ids and commitments", "[codec][domain][personal]") {
  EventBody body = ComplaintReceived{"C-9", "s", Act(), Complainant()};
  auto first = codec::EncodePayload(body);
  auto second = codec::EncodePayload(body);
  REQUIRE(first.personal.size() == 1);
  REQUIRE(second.personal.size() == 1);
  CHECK(first.personal[0].id != second.personal[0].id);
  CHECK(first.payload != second.payload);  // fresh salt, fresh commitment
}

TEST_CASE("after erasure an event decodes with empty personal data", "[codec][domain][personal]") {
  for (const auto& body : Samples()) {
    CAPTURE(EventTypeName(body));
    auto encoded = codec::EncodePayload(body);
    auto erased = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    auto decoded = codec::DecodePayload(encoded.payload, erased);
    REQUIRE(decoded.ok());
    CHECK(*decoded == Erased(body));
  }
}

TEST_CASE("a tampered personal record is corruption", "[codec][domain][personal]") {
  EventBody body = Samples()[0];
  REQUIRE(std::holds_alternative<ApplicationSubmitted>(body));
  auto encoded = codec::EncodePayload(body);
  REQUIRE(encoded.personal.size() == 1);
  PersonalRows personal;
  personal.Add(encoded);
  std::string& record = personal.rows[encoded.personal[0].id];
  const std::size_t at = record.find(ApplicantPersonal().phone);
  REQUIRE(at != std::string::npos);
  record[at + 5] = record[at + 5] == '9' ? '8' : '9';  // another phone number, same length

  auto decoded = codec::DecodePayload(encoded.payload, personal.Lookup());
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.status().code() == Status::Code::kCorruption);
}

TEST_CASE("a personal record stored under another event's reference is corruption", "[codec][domain][personal]") {
  auto first = codec::EncodePayload(ComplaintReceived{"C-1", "s", Act(), Complainant()});
  auto second = codec::EncodePayload(ComplaintReceived{"C-2", "s", Act(), Complainant()});
  PersonalRows personal;
  personal.rows[first.personal[0].id] = second.personal[0].record;  // same plaintext, other salt
  auto decoded = codec::DecodePayload(first.payload, personal.Lookup());
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.status().code() == Status::Code::kCorruption);

  personal.rows[first.personal[0].id] = "not a record";
  decoded = codec::DecodePayload(first.payload, personal.Lookup());
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.status().code() == Status::Code::kCorruption);
}
