#include <catch2/catch.hpp>

#include "support/process.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "certreg/codec/domain_codec.h"
#include "certreg/common/ids.h"
#include "certreg/store/record_format.h"
#include "store/event_codec.h"
#include "store/keys.h"
#include "support/raw_db.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"
#include "codec/event_samples.h"

using namespace certreg;
using namespace certreg::domain;
using namespace certreg::testing;

namespace {
store::RecordedEvent Header(const EventBody& body) {
  store::RecordedEvent h;
  h.position = 7;
  h.stream_id = "cert-file/F-2026-000007";
  h.stream_version = 2;
  h.type = std::string(EventTypeName(body));
  h.event_id = NewUuid();
  h.recorded_at_micros = 1'772'438'400'000'000;
  h.effective_date = "2026-03-02";
  h.actor = {"li.na", "clerk", "tok-1"};
  h.correlation_id = "c-1";
  return h;
}

std::string Run(const std::string& command) {
  auto out = certreg::testing::RunCommand(command);
  REQUIRE(out.exit_code == 0);
  return out.text;
}

// Round trip of one enum value carried by `make(value)`.
template <typename E, typename Make>
void CheckEveryEnumerant(Make make) {
  int count = 0;
  for (int i = 0; !ToWire(static_cast<E>(i)).empty(); ++i, ++count) {
    EventBody body = make(static_cast<E>(i));
    CAPTURE(ToWire(static_cast<E>(i)));
    auto decoded = codec::DecodePayload(codec::EncodePayload(body).payload, nullptr);
    REQUIRE(decoded.ok());
    CHECK(*decoded == body);
  }
  CHECK(count >= 2);
}

}  // namespace

TEST_CASE("the samples cover every event type", "[codec][domain]") {
  std::set<std::size_t> indices;
  for (const auto& body : Samples()) indices.insert(body.index());
  CHECK(indices.size() == std::variant_size_v<EventBody>);
  CHECK(Samples().size() == std::variant_size_v<EventBody>);
}

TEST_CASE("every domain event survives a round trip through its payload", "[codec][domain]") {
  for (const auto& body : Samples()) {
    CAPTURE(EventTypeName(body));
    PersonalRows personal;
    auto encoded = codec::EncodePayload(body);
    personal.Add(encoded);
    auto decoded = codec::DecodePayload(encoded.payload, personal.Lookup());
    REQUIRE(decoded.ok());
    CHECK(decoded->index() == body.index());
    CHECK(*decoded == body);
  }
}

TEST_CASE("the type name of an encoded payload is the event's wire name", "[codec][domain]") {
  for (const auto& body : Samples()) {
    auto type = store::PayloadType(codec::EncodePayload(body).payload);
    REQUIRE(type.ok());
    CHECK(*type == EventTypeName(body));
  }
  CHECK(*store::PayloadType(store::EncodeStoreProbe("n", "f")) == "StoreProbe");
}

TEST_CASE("optional fields left absent stay absent", "[codec][domain]") {
  ApplicationForm form = Form();
  form.applicant.founded_on.reset();
  form.applicant.live_business_since.reset();
  form.business.salespersons.reset();
  form.business.annual_turnover_cny.reset();
  form.business.annual_live_sessions.reset();
  form.applied_on.reset();
  form.personal = {};
  const std::vector<EventBody> bodies = {
      ApplicationSubmitted{"F-1", form, Act(), D("2026-03-09"), Scheme()},
      FindingRecorded{"A-1", "N-1", "9.1.1", FindingGrade::kObservation, "d", "e", std::nullopt},
      AuditReportSubmitted{"A-1", "c", DecisionOutcome::kApprove, std::nullopt},
      SurveillanceAuditCompleted{"A-2", AuditKind::kSurveillance, D("2027-04-01"),
                                 SurveillanceConclusion::kMaintain, "zhao.lei", std::nullopt},
      CertificationDecided{"A-1", DecisionOutcome::kApprove, "", {}, std::nullopt, D("2026-04-22"), Scheme()},
      AppealDecided{AppealOutcome::kDismissed, "r", std::nullopt},
      CertificateCancelled{"8.2.3-1", "r", "system", std::nullopt},
      ComplaintReceived{"C-1", "s", Act(), {}},
  };
  for (const auto& body : bodies) {
    CAPTURE(EventTypeName(body));
    auto encoded = codec::EncodePayload(body);
    CHECK(encoded.personal.empty());
    auto decoded = codec::DecodePayload(encoded.payload, nullptr);
    REQUIRE(decoded.ok());
    CHECK(*decoded == body);
  }
  // A count of zero is a count, not an absence.
  form.business.salespersons = 0;
  EventBody zero = ApplicationSubmitted{"F-1", form, Act(), D("2026-03-09"), Scheme()};
  auto decoded = codec::DecodePayload(codec::EncodePayload(zero).payload, nullptr);
  REQUIRE(decoded.ok());
  CHECK(std::get<ApplicationSubmitted>(*decoded).form.business.salespersons == std::optional<std::int64_t>(0));
}

TEST_CASE("every enumerant survives a round trip", "[codec][domain]") {
  CheckEveryEnumerant<OrgType>([](OrgType v) {
    ApplicationForm form = Form();
    form.applicant.org_type = v;
    form.personal = {};
    return EventBody{ApplicationSubmitted{"F-1", form, Act(), D("2026-03-09"), Scheme()}};
  });
  CheckEveryEnumerant<AuditKind>([](AuditKind v) { return EventBody{AuditTeamAssigned{"A-1", v, "l", {}}}; });
  CheckEveryEnumerant<SpecialTrigger>([](SpecialTrigger v) {
    AuditPlanned e;
    e.trigger = v;
    return EventBody{e};
  });
  CheckEveryEnumerant<FindingGrade>(
      [](FindingGrade v) { return EventBody{FindingRecorded{"A", "N", "9.1.1", v, "", "", std::nullopt}}; });
  CheckEveryEnumerant<DecisionOutcome>(
      [](DecisionOutcome v) { return EventBody{AuditReportSubmitted{"A", "c", v, std::nullopt}}; });
  CheckEveryEnumerant<SurveillanceConclusion>([](SurveillanceConclusion v) {
    return EventBody{SurveillanceAuditCompleted{"A", AuditKind::kSurveillance, D("2027-04-01"), v, "l", {}}};
  });
  CheckEveryEnumerant<AddressKind>([](AddressKind v) {
    CertificateIssued e;
    e.address_kind = v;
    return EventBody{e};
  });
  CheckEveryEnumerant<ReissueCause>([](ReissueCause v) { return EventBody{CertificateReissued{v, "a", Act()}}; });
  CheckEveryEnumerant<AppealOutcome>([](AppealOutcome v) { return EventBody{AppealDecided{v, "r", std::nullopt}}; });
  CheckEveryEnumerant<QmsResult>([](QmsResult v) {
    CertificateRenewed e;
    e.evaluation.qms = v;
    return EventBody{e};
  });
}

TEST_CASE("bad payload bytes are corruption, never a crash", "[codec][domain][tamper]") {
  for (const std::string& bad : {std::string(), std::string("abc"), std::string(16, '\xff'), std::string(64, '\0'),
                                 std::string(40, '\x7f')}) {
    auto decoded = codec::DecodePayload(bad, nullptr);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.status().code() == Status::Code::kCorruption);
    CHECK(decoded.status().message().find(".c++") == std::string::npos);  // no kj source locations
  }
  // A store probe is a payload, but no domain event.
  auto probe = codec::DecodePayload(store::EncodeStoreProbe("n", "f"), nullptr);
  REQUIRE_FALSE(probe.ok());
  CHECK(probe.status().code() == Status::Code::kCorruption);

  // Truncated, and every single flipped byte: a value or Corruption, never a crash.
  PersonalRows personal;
  auto encoded = codec::EncodePayload(Samples()[0]);
  personal.Add(encoded);
  const std::string& payload = encoded.payload;
  for (std::size_t size = 8; size < payload.size(); size += 8) {
    auto decoded = codec::DecodePayload(payload.substr(0, size), personal.Lookup());
    if (!decoded.ok()) CHECK(decoded.status().code() == Status::Code::kCorruption);
  }
  int refused = 0;
  for (std::size_t offset = 0; offset < payload.size(); ++offset) {
    for (int flip : {0x01, 0x80}) {
      std::string tampered = payload;
      tampered[offset] = static_cast<char>(tampered[offset] ^ flip);
      auto decoded = codec::DecodePayload(tampered, personal.Lookup());
      if (!decoded.ok()) {
        CAPTURE(offset, flip);
        CHECK(decoded.status().code() == Status::Code::kCorruption);
        ++refused;
      }
    }
  }
  CHECK(refused > 0);
}

TEST_CASE("a domain event decodes from its stored envelope", "[codec][domain][event]") {
  EventBody body = Samples()[0];
  auto encoded = codec::EncodePayload(body);
  PersonalRows personal;
  personal.Add(encoded);
  Digest prev{};
  Digest hash;
  auto envelope = store::EncodeEvent(Header(body), encoded.payload, prev, &hash);
  REQUIRE(envelope.ok());
  REQUIRE(store::DecodeVerified(*envelope, prev).ok());

  auto decoded = codec::DecodeEventBody(*envelope, personal.Lookup());
  REQUIRE(decoded.ok());
  CHECK(*decoded == body);

  // The envelope's type must name its payload.
  store::RecordedEvent lying = Header(body);
  lying.type = "CertificateRevoked";
  auto mismatched = store::EncodeEvent(lying, encoded.payload, prev, nullptr);
  REQUIRE(mismatched.ok());
  auto refused = codec::DecodeEventBody(*mismatched, personal.Lookup());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kCorruption);

  auto bad = codec::DecodeEventBody("not an envelope!", personal.Lookup());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == Status::Code::kCorruption);
}

TEST_CASE("a stored envelope decodes in one pass to its stream and domain event, other streams skipped",
          "[codec][domain][event]") {
  for (const EventBody& body : Samples()) {
    CAPTURE(EventTypeName(body));
    auto encoded = codec::EncodePayload(body);
    PersonalRows personal;
    personal.Add(encoded);
    auto envelope = store::EncodeEvent(Header(body), encoded.payload, Digest{}, nullptr);
    REQUIRE(envelope.ok());

    auto decoded = codec::DecodeStoredEvent(*envelope, "cert-file/", personal.Lookup());
    REQUIRE(decoded.ok());
    REQUIRE(decoded->has_value());
    const codec::StoredDomainEvent& stored = **decoded;
    CHECK(stored.stream_id == "cert-file/F-2026-000007");
    CHECK(stored.event.body == body);
    CHECK(stored.event.version == 2);
    CHECK(stored.event.recorded_at_micros == 1'772'438'400'000'000);
    CHECK(stored.event.effective_date == *Date::Parse("2026-03-02"));
    CHECK(stored.event.actor == Actor{"li.na", "clerk", "tok-1"});

    // Without a lookup, personal data decodes empty, as after erasure.
    auto unread = codec::DecodeStoredEvent(*envelope, "cert-file/", nullptr);
    REQUIRE(unread.ok());
    REQUIRE(unread->has_value());
    CHECK((*unread)->event.body == Erased(body));

    auto other = codec::DecodeStoredEvent(*envelope, "bench/", nullptr);
    REQUIRE(other.ok());
    CHECK_FALSE(other->has_value());
  }
  auto bad = codec::DecodeStoredEvent("not an envelope!", "", nullptr);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == Status::Code::kCorruption);
}

TEST_CASE("the JSON of an event shows a domain event's payload", "[codec][domain][event]") {
  EventBody body = CertificateSuspended{"8.2.1-1", "未整改", "完成整改", D("2026-09-30"), "chen.jie"};
  auto envelope = store::EncodeEvent(Header(body), codec::EncodePayload(body).payload, Digest{}, nullptr);
  REQUIRE(envelope.ok());
  auto json = store::EventToJson(*envelope);
  REQUIRE(json.ok());
  CHECK_THAT(*json, Catch::Contains("\"type\":\"CertificateSuspended\""));
  CHECK_THAT(*json, Catch::Contains("\"data\":{"));  // the union member's data, in snake_case
  CHECK_THAT(*json, Catch::Contains("\"audit_id\":\"\""));
  CHECK_THAT(*json, Catch::Contains("\"deadline\":\"2026-09-30\""));
}

TEST_CASE("a payload written before the union existed still reads as a store probe", "[codec][event]") {
  // Payload {storeProbe = (note = "old", filler = "ff")} encoded with the schema of commit e6d43a4
  // (`struct Payload { storeProbe @0 :StoreProbe; }`, no union), by `capnp convert json:binary`.
  std::string hex =
      "0000000006000000000000000000010000000000000002000500000022000000050000001a0000006f6c6400000000006666000000000000";
  std::string bytes;
  REQUIRE(FromHex(hex, &bytes));
  auto type = store::PayloadType(bytes);
  REQUIRE(type.ok());
  CHECK(*type == "StoreProbe");
  store::RecordedEvent header = Header(EventBody{ConditionsFulfilled{}});
  header.type = "StoreProbe";
  auto envelope = store::EncodeEvent(header, bytes, Digest{}, nullptr);
  REQUIRE(envelope.ok());
  CHECK_THAT(*store::EventToJson(*envelope), Catch::Contains("\"data\":{\"filler\":\"ff\",\"note\":\"old\"}"));
}

TEST_CASE("a stored domain event decodes with the capnp tool from the schemas alone",
          "[codec][domain][interop]") {
  certreg::testing::TempDir dir;
  EventBody body = CertificateSuspended{"8.2.1-1", "未整改", "完成整改", D("2026-09-30"), "chen.jie"};
  {
    auto store = certreg::testing::OpenStore(dir.path());
    REQUIRE(store != nullptr);
    store::AppendRequest request;
    request.stream_id = "cert-file/F-2026-000007";
    request.expected = store::ExpectedVersion::NoStream();
    request.events.push_back({std::string(EventTypeName(body)), NewUuid(), "2026-09-01",
                              {"chen.jie", "committee", "tok-3"}, "corr-1", codec::EncodePayload(body).payload});
    REQUIRE(store->AppendToStream(request).ok());
  }
  std::string value;
  {
    certreg::testing::RawDb raw(dir.path());
    value = *raw.Get("events", store::keys::EventKey(0));
  }
  const std::string blob = dir.Sub("event.bin");
  std::ofstream(blob, std::ios::binary) << value;

  const std::string json =
      Run("capnp convert binary:json --short " CERTREG_SOURCE_DIR "/schemas/event.capnp Event < " + blob);
  CHECK_THAT(json, Catch::Contains("\"type\":\"CertificateSuspended\""));
  CHECK_THAT(json, Catch::Contains("\"certificateSuspended\":{\"grounds\":\"8.2.1-1\""));
  CHECK_THAT(json, Catch::Contains("\"deadline\":\"2026-09-30\""));
  CHECK_THAT(json, Catch::Contains("\"approver\":\"chen.jie\""));
}
