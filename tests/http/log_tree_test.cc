// The verifiable log over HTTP (README, "The verifiable log: the tree"):
// hash tiles and entry bundles as tlog-tiles defines them, inclusion and
// consistency proofs checked with RFC 9162's verification against the root
// recomputed from the entries, only at the sizes of signed checkpoints, their caching, their refusals; and the
// 65,535-byte leaf limit answered with 422 and no write.
#include <catch2/catch.hpp>

#include <map>

#include "certreg/app/signed_log.h"
#include "certreg/common/base64.h"
#include "certreg/common/signed_note.h"
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
  fx.SignCheckpoint();  // the empty tree's checkpoint
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

// Appends probe events until the log holds `size`.
void GrowTo(HttpFixture& fx, std::uint64_t size) {
  const std::uint64_t now = fx.store().Head().size;
  REQUIRE(now <= size);
  if (now == size) return;
  REQUIRE(fx.store().AppendToStream(ProbeAppend("grow/" + std::to_string(now), store::ExpectedVersion::Any(), "p",
                                                static_cast<int>(size - now))).ok());
}

// A tlog-proof split into its parts.
struct ProofParts {
  std::optional<std::string> extra;
  std::uint64_t index = 0;
  std::vector<Digest> hashes;
  std::string checkpoint;
};

ProofParts ParseProof(const std::string& body) {
  ProofParts parts;
  const std::string magic = "c2sp.org/tlog-proof@v1\n";
  REQUIRE(body.rfind(magic, 0) == 0);
  const std::size_t blank = body.find("\n\n");
  REQUIRE(blank != std::string::npos);
  std::string lines = body.substr(magic.size(), blank + 1 - magic.size());
  if (lines.rfind("extra ", 0) == 0) {
    const std::size_t end = lines.find('\n');
    auto leaf = Base64Decode(lines.substr(6, end - 6));
    REQUIRE(leaf);
    parts.extra = *leaf;
    lines = lines.substr(end + 1);
  }
  REQUIRE(lines.rfind("index ", 0) == 0);
  const std::size_t end = lines.find('\n');
  parts.index = std::stoull(lines.substr(6, end - 6));
  parts.hashes = ParseHashes(lines.substr(end + 1));
  parts.checkpoint = body.substr(blank + 2);
  return parts;
}

TEST_CASE("inclusion and consistency proofs verify against the tree of the entries, at signed sizes only",
          "[http][log]") {
  HttpFixture fx;
  const std::vector<std::uint64_t> sizes = {1, 2, 255, 256, 257, 300};
  std::map<std::uint64_t, std::string> checkpoints;
  for (std::uint64_t size : sizes) {
    GrowTo(fx, size);
    checkpoints[size] = fx.SignCheckpoint().note;
  }
  std::vector<std::string> leaves = ParseBundle(fx.Get("/log/tile/entries/000", "regulator").body);
  for (auto& leaf : ParseBundle(fx.Get("/log/tile/entries/001.p/44", "regulator").body)) leaves.push_back(leaf);
  REQUIRE(leaves.size() == 300);

  for (std::uint64_t size : sizes) {
    const Digest root = rfc6962::Mth(leaves, 0, size);
    for (std::uint64_t index : {std::uint64_t{0}, size / 2, size - 1}) {
      INFO("leaf " << index << " in size " << size);
      Reply r = fx.Get("/log/proof/inclusion/" + std::to_string(index) + "?size=" + std::to_string(size));
      REQUIRE(r.status == 200);
      CHECK(r.content_type() == "text/plain; charset=utf-8");
      CHECK(r.header("Cache-Control") == kImmutable);
      const ProofParts proof = ParseProof(r.body);
      CHECK_FALSE(proof.extra);  // a probe is no public event, and no regulator asked
      CHECK(proof.index == index);
      CHECK(merkle::VerifyInclusion(index, size, merkle::LeafHash(leaves[index]), proof.hashes, root).ok());
      CHECK(proof.hashes == rfc6962::Path(index, leaves, 0, size));
      // The checkpoint of that size, verbatim, signed by the log key over that root.
      CHECK(proof.checkpoint == checkpoints[size]);
      auto text = OpenNote(proof.checkpoint, {fx.signed_log().LogVerifier()});
      REQUIRE(text.ok());
      CHECK(*text == app::CheckpointText({"registry.example.cn/log", size, root}));
    }
    for (std::uint64_t old_size : {std::uint64_t{1}, size / 2, size}) {
      if (checkpoints.count(old_size) == 0) continue;
      INFO("from " << old_size << " to " << size);
      Reply r = fx.Get("/log/proof/consistency/" + std::to_string(old_size) + "/" + std::to_string(size));
      REQUIRE(r.status == 200);
      CHECK(r.header("Cache-Control") == kImmutable);
      CHECK(merkle::VerifyConsistency(old_size, size, rfc6962::Mth(leaves, 0, old_size), root, ParseHashes(r.body))
                .ok());
    }
  }
  // Without a size: against the latest published checkpoint, not to be cached.
  GrowTo(fx, 310);  // grown, not yet signed: proofs stay at 300
  Reply current = fx.Get("/log/proof/inclusion/7");
  REQUIRE(current.status == 200);
  CHECK(current.header("Cache-Control") == "no-cache");
  CHECK(current.header("X-Certreg-Tree-Size") == "300");
  CHECK(ParseProof(current.body).checkpoint == checkpoints[300]);

  // Sizes no checkpoint was signed at, leaves beyond the size, malformed paths: 404.
  for (const char* path : {"/log/proof/inclusion/300", "/log/proof/inclusion/5?size=301",
                           "/log/proof/inclusion/5?size=310", "/log/proof/inclusion/5?size=100",
                           "/log/proof/inclusion/9?size=2", "/log/proof/inclusion/x", "/log/proof/inclusion/01",
                           "/log/proof/consistency/1/301", "/log/proof/consistency/1/310", "/log/proof/consistency/3/300",
                           "/log/proof/consistency/256/255", "/log/proof/consistency/a/5"}) {
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
