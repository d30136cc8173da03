#include <catch2/catch.hpp>

#include "store/keys.h"

using namespace certreg::store;

TEST_CASE("positions encode big-endian so byte order is numeric order", "[store][keys]") {
  CHECK(keys::EncodeU64(1) == std::string("\0\0\0\0\0\0\0\x01", 8));
  CHECK(keys::EncodeU64(255) < keys::EncodeU64(256));
  CHECK(keys::EncodeU64(65535) < keys::EncodeU64(65536));
  CHECK(keys::DecodeU64(keys::EncodeU64(0x0102030405060708ULL)) == 0x0102030405060708ULL);
  CHECK_FALSE(keys::DecodeU64("short").has_value());
}

TEST_CASE("a stream's index keys sort by version and never mix with a longer stream id", "[store][keys]") {
  CHECK(keys::StreamIndexKey("cert-file/1", 2) < keys::StreamIndexKey("cert-file/1", 10));
  // "cert-file/1" + 0x00 sorts before "cert-file/10": the prefixes do not overlap.
  CHECK(keys::StreamIndexKey("cert-file/1", UINT64_MAX) < keys::StreamIndexKey("cert-file/10", 1));
  CHECK(keys::StreamIndexKey("a", 1).rfind(keys::StreamIndexPrefix("a"), 0) == 0);
}
