// VisitExtraKeys: the keys of an extra column family under a prefix, handed
// over in order without copies (a public search's postings), agreeing with a
// scan of the same rows.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/store_fixtures.h"
#include "support/temp_dir.h"

namespace certreg::testing {
namespace {

using namespace certreg::store;
using namespace std::string_literals;

TEST_CASE("the store visits the keys under a prefix, up to the prefix's last possible key", "[store][extra][count]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto request = ProbeAppend("s", ExpectedVersion::Any(), "x");
  for (const char* key : {"a", "ga", "gab", "gb", "gb\xff", "gb\xff\xff", "gc", "\xff\xff"}) {
    request.extra_writes.push_back({"test_rows", key, std::string("v")});
  }
  request.extra_writes.push_back({"test_rows", "ga\0x"s, std::string("v")});
  REQUIRE(store->AppendToStream(request).ok());
  const auto keys = [&](const std::string& prefix) {
    std::vector<std::string> seen;
    REQUIRE(store->VisitExtraKeys("test_rows", prefix, [&](std::string_view key) {
                   seen.emplace_back(key);
                   return true;
                 }).ok());
    return seen;
  };
  CHECK(keys("g") == std::vector<std::string>{"ga", "ga\0x"s, "gab", "gb", "gb\xff", "gb\xff\xff", "gc"});
  CHECK(keys("ga") == std::vector<std::string>{"ga", "ga\0x"s, "gab"});
  CHECK(keys("ga\0"s) == std::vector<std::string>{"ga\0x"s});
  CHECK(keys("gb\xff") == std::vector<std::string>{"gb\xff", "gb\xff\xff"});
  CHECK(keys("\xff") == std::vector<std::string>{"\xff\xff"});
  CHECK(keys("").size() == 9);
  CHECK(keys("h").empty());
  CHECK(keys("g").size() == store->ScanExtra("test_rows", "g", 100)->size() - 1);  // not "\xff\xff"

  std::vector<std::string> first_two;  // the visit stops when told to
  REQUIRE(store->VisitExtraKeys("test_rows", "g", [&](std::string_view key) {
                 first_two.emplace_back(key);
                 return first_two.size() < 2;
               }).ok());
  CHECK(first_two == std::vector<std::string>{"ga", "ga\0x"s});
  CHECK(store->VisitExtraKeys("events", "", [](std::string_view) { return true; }).code() ==
        Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace certreg::testing
