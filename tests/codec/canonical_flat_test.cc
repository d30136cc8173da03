// schema::CanonicalFlatOf (src/schemas/capnp_bytes.h), the stored form of
// rows and personal records, against what it replaces,
// CanonicalFlat(capnp::canonicalize(root)): the same bytes for rows with and
// without their fields, with lists, unions, text in several scripts, and
// with the space of overwritten values left in the builder's segment.
#include <capnp/message.h>

#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "projections.capnp.h"
#include "schemas/capnp_bytes.h"

namespace certreg::testing {
namespace {

using schema::CanonicalFlat;
using schema::CanonicalFlatOf;

template <typename Reader>
void CheckSameAsCapnp(Reader root) {
  const std::string expected = CanonicalFlat(capnp::canonicalize(root));
  const std::string got = CanonicalFlatOf(root);
  REQUIRE(got.size() == expected.size());
  CHECK(got == expected);
}

std::string RandomText(std::mt19937& random) {
  static const char* const kPieces[] = {"", "a", "CMM-525-2026-00001", "杭州市余杭区文一西路", "名称变更", "x y\tz",
                                        "0123456789abcdef0123456789abcdef0123456789"};
  std::string out;
  const int pieces = std::uniform_int_distribution<int>(0, 3)(random);
  for (int i = 0; i < pieces; ++i) out += kPieces[std::uniform_int_distribution<int>(0, 6)(random)];
  return out;
}

TEST_CASE("rows in their stored form are the bytes capnp::canonicalize gives", "[codec][canonical]") {
  std::mt19937 random(20261206);
  for (int round = 0; round < 300; ++round) {
    INFO("round " << round);
    {
      capnp::MallocMessageBuilder message;
      auto row = message.initRoot<schema::CertificateRow>();
      row.setNumber(RandomText(random));
      row.setHolderName(RandomText(random));
      auto former = row.initFormerNames(std::uniform_int_distribution<unsigned>(0, 3)(random));
      for (unsigned i = 0; i < former.size(); ++i) former.set(i, RandomText(random));
      row.setUscc(RandomText(random));
      if (round % 3 == 0) row.setAddress(RandomText(random));
      row.setAddressKind(round % 2 ? schema::AddressKind::OPERATING : schema::AddressKind::REGISTERED);
      row.setAddressWithheld(round % 5 == 0);
      row.setScope(RandomText(random));
      if (round % 4 == 0) row.setHolderName(RandomText(random));  // the first name's bytes left behind
      CheckSameAsCapnp(row.asReader());
    }
    {
      capnp::MallocMessageBuilder message;
      auto row = message.initRoot<schema::ChangeRow>();
      row.setDate(round % 7 ? "2026-12-06" : "");
      row.setKind(RandomText(random));
      row.setContent(RandomText(random));
      row.setBefore(RandomText(random));
      row.setAfter(RandomText(random));
      row.setReason(RandomText(random));
      row.setApprover(RandomText(random));
      CheckSameAsCapnp(row.asReader());
    }
    {
      capnp::MallocMessageBuilder message;
      auto row = message.initRoot<schema::WorkQueueRow>();
      row.setFileId(RandomText(random));
      row.setStage(RandomText(random));
      if (round % 2) {
        row.getStatus().setValue(schema::CertificateStatus::SUSPENDED);
      } else {
        row.getStatus().setNone();
      }
      auto clocks = row.initClocks(std::uniform_int_distribution<unsigned>(0, 3)(random));
      for (auto clock : clocks) {
        clock.setReason(RandomText(random));
        clock.setDueOn(RandomText(random));
      }
      row.setVersion(static_cast<std::uint64_t>(round) * 977);
      CheckSameAsCapnp(row.asReader());
    }
  }
}

TEST_CASE("an empty row's stored form is its root pointer alone", "[codec][canonical]") {
  capnp::MallocMessageBuilder message;
  auto row = message.initRoot<schema::FeedRow>();
  CheckSameAsCapnp(row.asReader());
  CHECK(CanonicalFlatOf(row.asReader()).size() == 16);  // the segment table, then the root pointer
}

}  // namespace
}  // namespace certreg::testing
