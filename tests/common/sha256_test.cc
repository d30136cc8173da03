#include <catch2/catch.hpp>

#include "certreg/common/sha256.h"

using namespace certreg;

TEST_CASE("SHA-256 matches the FIPS 180-2 test vector for \"abc\"", "[common][sha256]") {
  CHECK(ToHex(Sha256Of("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(ToHex(Sha256().Add("a").Add("bc").Finish()) == ToHex(Sha256Of("abc")));
}

TEST_CASE("hex round-trips and rejects malformed input", "[common][hex]") {
  std::string bytes;
  REQUIRE(FromHex("00ff7A", &bytes));
  CHECK(bytes == std::string("\x00\xff\x7a", 3));
  CHECK(ToHex(bytes) == "00ff7a");
  CHECK_FALSE(FromHex("abc", &bytes));
  CHECK_FALSE(FromHex("zz", &bytes));
}
