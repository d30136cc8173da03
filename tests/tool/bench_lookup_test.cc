// `certreg bench lookup` runs (so it cannot rot): a bulk lookup of 1,000
// inputs on the demo data and the same numbers looked up one by one, every
// answer received, the figures and their ratio printed. Times are printed,
// never asserted.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/process.h"
#include "support/temp_dir.h"

TEST_CASE("certreg bench lookup answers 1,000 inputs in one request and prints the ratio to single lookups",
          "[tool][bench]") {
  certreg::testing::TempDir dir;
  const certreg::testing::CommandOutput out = certreg::testing::RunCommand(
      std::string(CERTREG_TOOL) + " bench lookup --rounds 2 --data " + dir.path() + " 2>&1");
  INFO(out.text);
  CHECK(out.exit_code == 0);
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*demo data: [0-9]+ certificates; 1000 inputs \\(800 numbers, 200 usccs\\) "
                                      "answered by [0-9]+ items\\n(.|\\n)*"));
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*bulk lookup: 1000 inputs in [0-9.]+ ms \\(median of 2 rounds, fastest "
                                      "[0-9.]+ ms\\); 800 single GET lookups: [0-9.]+ ms; ratio [0-9.]+\\n"));
  // The benchmark store is gone.
  CHECK(std::filesystem::is_empty(dir.path()));
}
