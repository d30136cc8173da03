// CountExtra: the rows of an extra column family under a prefix, counted in
// the store (a public search's total), agreeing with a scan of the same rows.
#include <catch2/catch.hpp>

#include "support/store_fixtures.h"
#include "support/temp_dir.h"

namespace certreg::testing {
namespace {

using namespace certreg::store;

TEST_CASE("the store counts the rows under a prefix, up to the prefix's last possible key", "[store][extra][count]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  auto request = ProbeAppend("s", ExpectedVersion::Any(), "x");
  for (const char* key : {"a", "ga", "gab", "gb", "gb\xff", "gb\xff\xff", "gc", "\xff\xff"}) {
    request.extra_writes.push_back({"test_rows", key, std::string("v")});
  }
  request.extra_writes.push_back({"test_rows", std::string("ga\0x", 4), std::string("v")});
  REQUIRE(store->AppendToStream(request).ok());
  CHECK(store->CountExtra("test_rows", "g").value() == 7);
  CHECK(store->CountExtra("test_rows", "ga").value() == 3);
  CHECK(store->CountExtra("test_rows", std::string("ga\0", 3)).value() == 1);
  CHECK(store->CountExtra("test_rows", "gb\xff").value() == 2);
  CHECK(store->CountExtra("test_rows", "\xff").value() == 1);
  CHECK(store->CountExtra("test_rows", "").value() == 9);
  CHECK(store->CountExtra("test_rows", "h").value() == 0);
  CHECK(store->CountExtra("test_rows", "g").value() == store->ScanExtra("test_rows", "g", 100)->size() - 1);  // not "\xff\xff"
  CHECK(store->CountExtra("events", "").status().code() == Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace certreg::testing
