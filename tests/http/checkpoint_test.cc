// Signed checkpoints over HTTP (README, "The verifiable log: checkpoints";
// trust.md §3, §4): GET /log/checkpoint and /log/vkey, the inclusion proof's
// `extra` line (the leaf's bytes for a public event, or for a regulator), and
// the server's own publisher: a checkpoint at start, at most one per interval
// while the log grows, and one at a clean stop.
#include <catch2/catch.hpp>

#include "certreg/app/signed_log.h"
#include "certreg/common/base64.h"
#include "certreg/common/signed_note.h"
#include "http/http_steps.h"
#include "support/store_fixtures.h"

namespace certreg::testing {
namespace {

// The position of the first event of `type` in the log.
std::uint64_t PositionOf(HttpFixture& fx, const std::string& type) {
  auto records = fx.service().LogRecords(0, 10'000);
  REQUIRE(records.ok());
  for (const store::ExportedEvent& e : *records) {
    if (e.header.type == type) return e.header.position;
  }
  FAIL("no " << type << " in the log");
  return 0;
}

// The `extra` line's bytes of a tlog-proof, or nullopt without one.
std::optional<std::string> ExtraOf(const std::string& proof) {
  const std::string prefix = "c2sp.org/tlog-proof@v1\nextra ";
  if (proof.rfind(prefix, 0) != 0) return std::nullopt;
  const std::size_t end = proof.find('\n', prefix.size());
  return Base64Decode(proof.substr(prefix.size(), end - prefix.size()));
}

}  // namespace

TEST_CASE("GET /log/checkpoint serves the latest published checkpoint, signed by the log key", "[http][checkpoint]") {
  HttpFixture fx;
  Reply none = fx.Get("/log/checkpoint");
  RequireProblem(none, 503, "unavailable");
  CHECK(none.header("Retry-After") == "1");
  CHECK_THAT(none.json_body.value("detail", ""), Catch::Contains("no checkpoint is published yet"));

  Certify(fx, "杭州云帆直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const app::SignedCheckpoint signed_one = fx.SignCheckpoint();
  Reply r = fx.Get("/log/checkpoint");
  REQUIRE(r.status == 200);
  CHECK(r.content_type() == "text/plain; charset=utf-8");
  CHECK(r.header("Cache-Control") == "no-cache");
  CHECK(r.header("X-Certreg-Tree-Size") == std::to_string(fx.Head().first));
  CHECK(r.body == signed_one.note);
  // Verified as an outside party would: the vkey, the text, the root over the served tree.
  Reply vkeys = fx.Get("/log/vkey");
  REQUIRE(vkeys.status == 200);
  const std::string log_vkey = vkeys.body.substr(0, vkeys.body.find('\n'));
  CHECK(log_vkey.rfind("registry.example.cn/log+", 0) == 0);
  CHECK_THAT(vkeys.body, Catch::Contains("\nregistry.example.cn/log/status+"));
  auto text = OpenNote(r.body, {ParseNoteVerifierKey(log_vkey).value()});
  REQUIRE(text.ok());
  auto body = app::ParseCheckpoint(*text);
  REQUIRE(body.ok());
  CHECK(body->origin == "registry.example.cn/log");
  CHECK(body->size == fx.Head().first);
  CHECK(body->root == fx.service().LogRoot(body->size).value());
  // The status key does not sign checkpoints.
  CHECK_FALSE(OpenNote(r.body, {fx.signed_log().StatusVerifier()}).ok());

  // Grown but not signed: the published one stays, as does its size.
  REQUIRE(fx.Post("/api/v1/applications", "clerk",
                  ApplicationBody("杭州星河直播电子商务有限公司", UsccFrom("91330106MA2KXXXX1"))).status == 201);
  CHECK(fx.Get("/log/checkpoint").body == signed_one.note);
  // Kept across a restart: the store holds it by size.
  fx.Restart();
  CHECK(fx.signed_log().LastSigned()->note == signed_one.note);
  CHECK(fx.SignCheckpoint().body.size == fx.Head().first);
}

TEST_CASE("an inclusion proof carries the leaf of a public event for anyone, of any event for a regulator",
          "[http][checkpoint]") {
  HttpFixture fx;
  Certify(fx, "杭州云帆直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  fx.SignCheckpoint();
  const std::uint64_t issued = PositionOf(fx, "CertificateIssued");
  const std::uint64_t applied = PositionOf(fx, "ApplicationSubmitted");
  const std::string size = "?size=" + std::to_string(fx.Head().first);

  Reply public_event = fx.Get("/log/proof/inclusion/" + std::to_string(issued) + size);
  REQUIRE(public_event.status == 200);
  CHECK(ExtraOf(public_event.body) == fx.service().LogEntryAt(issued).value().leaf);
  CHECK(public_event.header("Cache-Control") == "public, max-age=31536000, immutable");

  // An application holds the applicant's personal data: its leaf only for a regulator.
  Reply anyone = fx.Get("/log/proof/inclusion/" + std::to_string(applied) + size);
  REQUIRE(anyone.status == 200);
  CHECK_FALSE(ExtraOf(anyone.body));
  CHECK(anyone.body.rfind("c2sp.org/tlog-proof@v1\nindex " + std::to_string(applied) + "\n", 0) == 0);
  for (const char* other : {"clerk", "admin"}) {
    INFO(other);
    CHECK_FALSE(ExtraOf(fx.Get("/log/proof/inclusion/" + std::to_string(applied) + size, other).body));
  }
  Reply regulator = fx.Get("/log/proof/inclusion/" + std::to_string(applied) + size, "regulator");
  REQUIRE(regulator.status == 200);
  CHECK(ExtraOf(regulator.body) == fx.service().LogEntryAt(applied).value().leaf);
  CHECK(regulator.header("Cache-Control") == "private, no-store");
  // The leaf's hash is the one the proof is for: the rest of the body is the same.
  CHECK(regulator.body.substr(regulator.body.find("\nindex ")) == anyone.body.substr(anyone.body.find("\nindex ")));
}

TEST_CASE("the server signs a checkpoint at start, at most once per interval, and at a clean stop",
          "[http][checkpoint]") {
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.checkpoint_interval = std::chrono::hours(1); };
  HttpFixture fx(options);
  // At start: the tree as it was (the test users' tokens are no events: the empty tree).
  Reply at_start = fx.Get("/log/checkpoint");
  REQUIRE(at_start.status == 200);
  CHECK(at_start.header("X-Certreg-Tree-Size") == "0");
  // Within the interval nothing more is signed, however the log grows.
  REQUIRE(fx.Post("/api/v1/applications", "clerk", ApplicationBody("杭州星河直播电子商务有限公司")).status == 201);
  const std::uint64_t grown = fx.Head().first;
  REQUIRE(grown > 0);
  CHECK(fx.Get("/log/checkpoint").header("X-Certreg-Tree-Size") == "0");
  CHECK(fx.store().LatestCheckpoint().value()->size == 0);
  // A clean stop signs what the log grew to; the next start publishes it.
  fx.Restart();
  CHECK(fx.store().LatestCheckpoint().value()->size == grown);
  CHECK(fx.Get("/log/checkpoint").header("X-Certreg-Tree-Size") == std::to_string(grown));
}

TEST_CASE("with a short interval a new checkpoint follows the log's growth", "[http][checkpoint]") {
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.checkpoint_interval = std::chrono::milliseconds(20); };
  HttpFixture fx(options);
  REQUIRE(fx.Post("/api/v1/applications", "clerk", ApplicationBody("杭州星河直播电子商务有限公司")).status == 201);
  const std::string grown = std::to_string(fx.Head().first);
  std::string served;
  for (int i = 0; i < 500 && served != grown; ++i) {  // up to 5 s on a loaded machine
    served = fx.Get("/log/checkpoint").header("X-Certreg-Tree-Size");
    if (served != grown) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(served == grown);
}

}  // namespace certreg::testing
