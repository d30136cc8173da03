// The verifiable log over HTTP (README, "The verifiable log: the tree"):
// hash tiles and entry bundles as tlog-tiles defines them, inclusion and
// consistency proofs checked with RFC 9162's verification against the root
// recomputed from the entries, their caching, their refusals; and the
// 65,535-byte leaf limit answered with 422 and no write.
#include <catch2/catch.hpp>

#include "certreg/common/base64.h"
#include "http/http_steps.h"
#include "support/rfc6962.h"
#include "support/store_fixtures.h"

namespace certreg::testing {
namespace {

namespace merkle = store::merkle;

constexpr char kImmutable[] = "public, max-age=31536000, immutable";

void AppendProbes(HttpFixture& fx, int count) {
  for (int i = 0; i < count; i += 10) {
    REQUIRE(fx.store().AppendToStream(ProbeAppend("log/" + std::to_string(i), store::ExpectedVersion::Any(), "p", 10)).ok());
  }
}

std::vector<std::string> ParseBundle(const std::string& body) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < body.size()) {
    REQUIRE(at + 2 <= body.size());
    const std::size_t length = (static_cast<unsigned char>(body[at]) << 8) | static_cast<unsigned char>(body[at + 1]);
    REQUIRE(at + 2 + length <= body.size());
    out.push_back(body.substr(at + 2, length));
    at += 2 + length;
  }
  return out;
}

std::vector<Digest> ParseHashes(const std::string& text) {
  std::vector<Digest> out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = text.find('\n', at);
    REQUIRE(end != std::string::npos);  // every line ends with a newline
    auto raw = Base64Decode(text.substr(at, end - at));
    REQUIRE(raw);
    REQUIRE(raw->size() == 32);
    Digest d;
    std::copy(raw->begin(), raw->end(), d.begin());
    out.push_back(d);
    at = end + 1;
  }
  return out;
}

Digest HashAt(const std::string& tile, std::size_t i) {
  Digest d;
  std::copy(tile.begin() + static_cast<std::ptrdiff_t>(32 * i), tile.begin() + static_cast<std::ptrdiff_t>(32 * i + 32),
            d.begin());
  return d;
}

}  // namespace

TEST_CASE("an empty log has no tiles and no inclusion proofs", "[http][log]") {
  HttpFixture fx;
  REQUIRE(fx.Head().first == 0);
  CHECK(fx.Get("/log/tile/0/000.p/1").status == 404);
  CHECK(fx.Get("/log/tile/entries/000.p/1", "regulator").status == 404);
  CHECK(fx.Get("/log/proof/inclusion/0").status == 404);
  Reply empty = fx.Get("/log/proof/consistency/0/0");
  CHECK(empty.status == 200);
  CHECK(empty.body.empty());
}

TEST_CASE("hash tiles and entry bundles are tlog-tiles over the stored tree", "[http][log]") {
  HttpFixture fx;
  AppendProbes(fx, 300);
  REQUIRE(fx.Head().first == 300);

  // Entry bundles: regulators only, uint16 length + leaf bytes.
  CHECK(fx.Get("/log/tile/entries/000").status == 401);
  CHECK(fx.Get("/log/tile/entries/000", "clerk").status == 403);
  Reply full_bundle = fx.Get("/log/tile/entries/000", "regulator");
  REQUIRE(full_bundle.status == 200);
  CHECK(full_bundle.header("Cache-Control") == "private, max-age=31536000, immutable");
  Reply partial_bundle = fx.Get("/log/tile/entries/001.p/44", "regulator");
  REQUIRE(partial_bundle.status == 200);
  CHECK(partial_bundle.header("Cache-Control") == "private, max-age=1");
  std::vector<std::string> leaves = ParseBundle(full_bundle.body);
  REQUIRE(leaves.size() == 256);
  for (auto& leaf : ParseBundle(partial_bundle.body)) leaves.push_back(std::move(leaf));
  REQUIRE(leaves.size() == 300);
  CHECK(fx.Get("/log/tile/entries/001.p/45", "regulator").status == 404);
  CHECK(fx.Get("/log/tile/entries/001", "regulator").status == 404);

  // Level 0: the leaf hashes; a full tile is immutable, a partial one short-lived.
  Reply tile = fx.Get("/log/tile/0/000");
  REQUIRE(tile.status == 200);
  CHECK(tile.content_type() == "application/octet-stream");
  CHECK(tile.header("Cache-Control") == kImmutable);
  REQUIRE(tile.body.size() == 256 * 32);
  for (std::size_t i = 0; i < 256; i += 51) CHECK(HashAt(tile.body, i) == merkle::LeafHash(leaves[i]));
  Reply partial = fx.Get("/log/tile/0/001.p/44");
  REQUIRE(partial.status == 200);
  CHECK(partial.header("Cache-Control") == "public, max-age=1");
  REQUIRE(partial.body.size() == 44 * 32);
  CHECK(HashAt(partial.body, 43) == merkle::LeafHash(leaves[299]));
  CHECK(fx.Get("/log/tile/0/001.p/10").body == partial.body.substr(0, 320));  // a narrower one of the same tile
  // Level 1: the hash of each complete 256-leaf subtree.
  Reply upper = fx.Get("/log/tile/1/000.p/1");
  REQUIRE(upper.status == 200);
  CHECK(HashAt(upper.body, 0) == rfc6962::Mth(leaves, 0, 256));

  // Beyond the tree, or not a canonical path: 404 with a reason.
  for (const char* path : {"/log/tile/0/001", "/log/tile/0/001.p/45", "/log/tile/1/000.p/2", "/log/tile/2/000.p/1",
                           "/log/tile/0/002.p/1", "/log/tile/0/1", "/log/tile/0/x000/001", "/log/tile/64/000",
                           "/log/tile/0/000.p/0", "/log/tile/0/000.p/256", "/log/tile/00/000",
                           "/log/tile/0/x001/x002/x003/000"}) {
    INFO(path);
    Reply r = fx.Get(path);
    RequireProblem(r, 404, "not-found");
  }
  CHECK(fx.Get("/log/tile/0/001").json_body.value("detail", "") == "tile 0/001 is beyond the tree of 300 leaves");
  CHECK(fx.Get("/log/tile/0/1").json_body.value("detail", "") ==
        "tile path 0/1: a tile index is written in groups of three digits (x001/x234/067)");
}

TEST_CASE("inclusion and consistency proofs verify against the tree of the entries", "[http][log]") {
  HttpFixture fx;
  AppendProbes(fx, 300);
  std::vector<std::string> leaves = ParseBundle(fx.Get("/log/tile/entries/000", "regulator").body);
  for (auto& leaf : ParseBundle(fx.Get("/log/tile/entries/001.p/44", "regulator").body)) leaves.push_back(leaf);
  REQUIRE(leaves.size() == 300);

  for (std::uint64_t size : {1u, 2u, 255u, 256u, 257u, 300u}) {
    const Digest root = rfc6962::Mth(leaves, 0, size);
    for (std::uint64_t index : {std::uint64_t{0}, size / 2, size - 1}) {
      INFO("leaf " << index << " in size " << size);
      Reply r = fx.Get("/log/proof/inclusion/" + std::to_string(index) + "?size=" + std::to_string(size));
      REQUIRE(r.status == 200);
      CHECK(r.content_type() == "text/plain; charset=utf-8");
      CHECK(r.header("Cache-Control") == kImmutable);
      const std::string head = "c2sp.org/tlog-proof@v1\nindex " + std::to_string(index) + "\n";
      REQUIRE(r.body.rfind(head, 0) == 0);
      const auto proof = ParseHashes(r.body.substr(head.size()));
      CHECK(merkle::VerifyInclusion(index, size, merkle::LeafHash(leaves[index]), proof, root).ok());
      CHECK(proof == rfc6962::Path(index, leaves, 0, size));
    }
    for (std::uint64_t old_size : {std::uint64_t{1}, size / 2, size}) {
      if (old_size == 0) continue;
      INFO("from " << old_size << " to " << size);
      Reply r = fx.Get("/log/proof/consistency/" + std::to_string(old_size) + "/" + std::to_string(size));
      REQUIRE(r.status == 200);
      CHECK(r.header("Cache-Control") == kImmutable);
      CHECK(merkle::VerifyConsistency(old_size, size, rfc6962::Mth(leaves, 0, old_size), root, ParseHashes(r.body))
                .ok());
    }
  }
  // Without a size: the current tree, not to be cached.
  Reply current = fx.Get("/log/proof/inclusion/7");
  REQUIRE(current.status == 200);
  CHECK(current.header("Cache-Control") == "no-cache");
  CHECK(current.header("X-Certreg-Tree-Size") == "300");

  for (const char* path : {"/log/proof/inclusion/300", "/log/proof/inclusion/5?size=301", "/log/proof/inclusion/9?size=9",
                           "/log/proof/inclusion/x", "/log/proof/inclusion/01", "/log/proof/consistency/1/301",
                           "/log/proof/consistency/200/100", "/log/proof/consistency/a/5"}) {
    INFO(path);
    RequireProblem(fx.Get(path), 404, "not-found");
  }
  for (const char* path : {"/log/proof/inclusion/5?size=0", "/log/proof/inclusion/5?size=abc"}) {
    INFO(path);
    Reply r = fx.Get(path);
    RequireProblem(r, 422, "validation-failed");
    CHECK(r.has_error("size"));
  }
}

TEST_CASE("a command whose event would pass 65,535 bytes is refused with 422 and writes nothing",
          "[http][log][limits]") {
  HttpFixture fx;
  // Long free text, each field within its own limit and the body within the body limit.
  json body = ApplicationBody("杭州长文直播电子商务有限公司");
  body["performance_indicators"] = json::array();
  for (int i = 0; i < 4; ++i) {
    body["performance_indicators"].push_back(
        {{"category", "service_quality"}, {"name", std::string(19000, 'x')}, {"target", "≥98%"}, {"actual", "99%"}});
  }
  REQUIRE(body.dump().size() < (1u << 20));
  Reply refused = Refused(fx, 422, "validation-failed", [&] { return fx.Post("/api/v1/applications", "clerk", body); });
  CHECK(refused.body.find("65535 bytes") != std::string::npos);
  // The same application with less text is taken.
  body["performance_indicators"] = json::array({body["performance_indicators"][0]});
  Reply taken = fx.Post("/api/v1/applications", "clerk", body);
  INFO(taken);
  CHECK(taken.status == 201);
  CHECK(fx.Head().first > 0);
}

}  // namespace certreg::testing
