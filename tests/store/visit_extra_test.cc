// VisitExtra: a whole extra column family handed over row by row, without
// copies, in the order and with the bytes ScanExtra returns.
#include <catch2/catch.hpp>

#include "support/store_fixtures.h"
#include "support/temp_dir.h"

namespace certreg::testing {
namespace {

using namespace certreg::store;

TEST_CASE("the store visits every row of an extra column family in key order, and stops when asked",
          "[store][extra][visit]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto request = ProbeAppend("s", ExpectedVersion::Any(), "x");
  for (const char* key : {"gb", "a", "ga", "\xff"}) request.extra_writes.push_back({"test_rows", key, "v" + std::string(key)});
  request.extra_writes.push_back({"test_rows", std::string("ga\0x", 4), std::string()});
  REQUIRE(store->AppendToStream(request).ok());

  std::vector<std::pair<std::string, std::string>> visited;
  REQUIRE(store
              ->VisitExtra("test_rows",
                           [&](std::string_view key, std::string_view value) {
                             visited.emplace_back(key, value);
                             return true;
                           })
              .ok());
  CHECK(visited == store->ScanExtra("test_rows", "", 100).value());
  CHECK(visited.size() == 5);
  CHECK(visited.front().first == "a");
  CHECK(visited[2] == std::pair<std::string, std::string>(std::string("ga\0x", 4), ""));

  std::size_t seen = 0;
  REQUIRE(store->VisitExtra("test_rows", [&](std::string_view, std::string_view) { return ++seen < 2; }).ok());
  CHECK(seen == 2);
  CHECK(store->VisitExtra("events", [](std::string_view, std::string_view) { return true; }).code() ==
        Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace certreg::testing
