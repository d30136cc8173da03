// Verifies the closed store at `path` read-only, as `certreg verify` does
// beside a stopped server, and returns the report.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "support/store_fixtures.h"

namespace certreg::testing {

inline store::VerifyReport VerifyClosed(const std::string& path) {
  auto store = OpenStore(path, /*read_only=*/true);
  REQUIRE(store);
  auto report = store->Verify();
  REQUIRE(report.ok());
  return *report;
}

}  // namespace certreg::testing
