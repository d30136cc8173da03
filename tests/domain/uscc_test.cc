#include <catch2/catch.hpp>

#include "certreg/domain/uscc.h"

using certreg::domain::IsValidUscc;
using certreg::domain::UsccCheckCharacter;

TEST_CASE("published unified social credit codes pass the GB 32100-2015 check", "[domain][uscc]") {
  for (const char* code : {"91350100M000100Y43", "91440300708461136T", "91110108551385082Q"}) {
    CAPTURE(code);
    CHECK(IsValidUscc(code));
  }
  CHECK(UsccCheckCharacter("91350100M000100Y4") == '3');
}

TEST_CASE("a weighted sum that is a multiple of 31 gives the check character 0", "[domain][uscc]") {
  // Σ(value × weight) mod 31 = 0, so 31 − 0 = 31, which the standard writes as 0.
  CHECK(UsccCheckCharacter("9135010000000000F") == '0');
  CHECK(IsValidUscc("9135010000000000F0"));
}

TEST_CASE("codes with a wrong check character, length or character are invalid", "[domain][uscc]") {
  for (const char* code : {"91350100M000100Y44",    // wrong check character
                           "91350100M000100Y4",     // 17 characters
                           "91350100M000100Y433",   // 19 characters
                           "",
                           "91350100m000100Y43",    // lower case
                           "91350100I000100Y43",    // I is not in the set
                           "91350100O000100Y43",    // nor O
                           "91350100S000100Y43",    // nor S
                           "91350100V000100Y43",    // nor V
                           "91350100Z000100Y43",    // nor Z
                           "91350100M000100Y4 ",
                           "9135010000000000FZ"}) {
    CAPTURE(code);
    CHECK_FALSE(IsValidUscc(code));
  }
  CHECK_FALSE(UsccCheckCharacter("91350100M000100Y"));     // 16 characters
  CHECK_FALSE(UsccCheckCharacter("91350100M000100YI"));    // a character outside the set
}
