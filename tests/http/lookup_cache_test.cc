// The rendered-lookup cache answers (body and entity tag) only for the very row bytes and day it was given.
#include <catch2/catch.hpp>

#include "http/lookup_cache.h"

using certreg::http::LookupCache;

TEST_CASE("a kept lookup is found only for the same row bytes and the same day", "[http][lookup-cache]") {
  LookupCache cache;
  CHECK_FALSE(cache.Find("CMM-525-2026-00001", "row-v1", 100).has_value());
  cache.Keep("CMM-525-2026-00001", "row-v1", 100, {"{\"status\":\"VALID\"}", "\"v\""});
  REQUIRE(cache.Find("CMM-525-2026-00001", "row-v1", 100).has_value());
  CHECK(cache.Find("CMM-525-2026-00001", "row-v1", 100)->body == "{\"status\":\"VALID\"}");
  CHECK(cache.Find("CMM-525-2026-00001", "row-v1", 100)->etag == "\"v\"");
  CHECK_FALSE(cache.Find("CMM-525-2026-00001", "row-v2", 100).has_value());  // the row changed
  CHECK_FALSE(cache.Find("CMM-525-2026-00001", "row-v1", 101).has_value());  // a new day: in_validity may change
  CHECK_FALSE(cache.Find("CMM-525-2026-00002", "row-v1", 100).has_value());
  cache.Keep("CMM-525-2026-00001", "row-v2", 101, {"{\"status\":\"SUSPENDED\"}", "\"s\""});
  CHECK_FALSE(cache.Find("CMM-525-2026-00001", "row-v1", 100).has_value());
  CHECK(cache.Find("CMM-525-2026-00001", "row-v2", 101)->body == "{\"status\":\"SUSPENDED\"}");
}

TEST_CASE("the cache stays bounded", "[http][lookup-cache]") {
  LookupCache cache;
  for (std::size_t i = 0; i <= LookupCache::kMaxEntries; ++i) cache.Keep(std::to_string(i), "r", 1, {"b", "\"b\""});
  // Full at kMaxEntries: the next new number cleared it, so the first is gone and the last is there.
  CHECK_FALSE(cache.Find("0", "r", 1).has_value());
  CHECK(cache.Find(std::to_string(LookupCache::kMaxEntries), "r", 1).has_value());
}
