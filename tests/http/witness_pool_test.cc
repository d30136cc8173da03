// The checkpoint publisher's witnesses (README, "The verifiable log:
// witnesses"; trust.md §6), against witnesses faked in the test: quorum
// gating, 409 recovery, a cosignature that does not verify, and the kept
// checkpoint published at start. tests/trust/witnesses_test.py runs the same
// against a real server and witnesses written from the tlog-witness text.
#include <catch2/catch.hpp>

#include <mutex>
#include <thread>

#include "certreg/app/signed_log.h"
#include "certreg/common/base64.h"
#include "certreg/common/cosignature.h"
#include "http/http_steps.h"
#include "http/witness_pool.h"

namespace certreg::testing {
namespace {

using std::chrono::milliseconds;

// A witness that keeps one size, answers 409 for any other old size and
// cosigns whatever checkpoint it is sent (tests/trust/witness.py checks proofs).
struct FakeWitness {
  explicit FakeWitness(const char* name, std::uint8_t seed_byte) {
    std::array<std::uint8_t, 32> seed{};
    seed.fill(seed_byte);
    key = CosignerFromSeed(name, seed).value();
  }
  http::WitnessOptions Options() const { return {.name = key.name, .url = "http://127.0.0.1:1/w", .key = CosignerKeyOf(key)}; }

  http::WitnessReply Post(const std::string& body) {
    std::lock_guard<std::mutex> lock(mu);
    bodies.push_back(body);
    if (answer != 200) return {.status = answer, .content_type = "text/plain", .body = "unavailable\n", .error = ""};
    const std::uint64_t old = std::stoull(body.substr(4, body.find('\n') - 4));
    if (old != size) return {.status = 409, .content_type = "text/x.tlog.size", .body = std::to_string(size) + "\n", .error = ""};
    const std::string note = body.substr(body.find("\n\n") + 2);
    std::string text = note.substr(0, note.find("\n\n") + 1);
    size = app::ParseCheckpoint(text).value().size;
    if (cosign_another_text) text[text.size() - 2] ^= 0x01;
    return {.status = 200, .content_type = "text/plain", .body = Cosign(text, key, 1'700'000'000 + bodies.size()).value(),
            .error = ""};
  }
  void Answer(int status, bool another_text = false) {
    std::lock_guard<std::mutex> lock(mu);
    answer = status;
    cosign_another_text = another_text;
  }
  std::size_t Calls() {
    std::lock_guard<std::mutex> lock(mu);
    return bodies.size();
  }

  CosignerSigner key;
  std::mutex mu;
  std::uint64_t size = 0;             // the size it last cosigned
  int answer = 200;                   // else it answers this status
  bool cosign_another_text = false;   // a cosignature that does not verify
  std::vector<std::string> bodies;    // the add-checkpoint bodies it was sent
};

struct Pool {
  Pool(HttpFixture& fx, std::vector<FakeWitness*> fakes, std::size_t quorum) {
    http::WitnessPoolOptions options{.witnesses = {}, .quorum = quorum, .refresh = milliseconds(600'000),
                                     .retry = milliseconds(20)};
    for (FakeWitness* f : fakes) options.witnesses.push_back(f->Options());
    pool = std::make_unique<http::WitnessPool>(
        fx.signed_log(), [&fx](std::uint64_t a, std::uint64_t b) { return fx.service().LogConsistencyProof(a, b); },
        std::move(options), milliseconds(1'000),
        [fakes](std::size_t i, const std::string& body) { return fakes[i]->Post(body); });
  }
  std::unique_ptr<http::WitnessPool> pool;
};

// Waits (at most 20 s) until `done`; false if it never was.
bool Eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 4'000; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return false;
}

void Grow(HttpFixture& fx, const char* uscc) {
  REQUIRE(fx.Post("/api/v1/applications", "clerk", ApplicationBody("杭州星河直播电子商务有限公司", UsccFrom(uscc))).status == 201);
  REQUIRE(fx.signed_log().SignIfGrown().ok());
}

}  // namespace

TEST_CASE("with witnesses a checkpoint is published only once the quorum cosigned it, with their lines",
          "[http][witness]") {
  HttpFixture fx;
  Grow(fx, "91330106MA2KXXXX1");
  FakeWitness a("witness.test/a", 1), b("witness.test/b", 2);
  b.Answer(503);
  Pool p(fx, {&a, &b}, 0);
  p.pool->Start();
  REQUIRE(Eventually([&] { return a.Calls() >= 1 && b.Calls() >= 3; }));  // b retried
  CHECK(fx.signed_log().Published() == nullptr);
  b.Answer(200);
  REQUIRE(Eventually([&] { return fx.signed_log().Published() != nullptr; }));
  p.pool->Stop();
  const auto published = fx.signed_log().Published();
  CHECK(published->body.size == fx.Head().first);
  CHECK(OpenNote(published->note, {fx.signed_log().LogVerifier()}).ok());
  CHECK(OpenCosignatures(published->note, CosignerKeyOf(a.key)).value().size() == 1);
  CHECK(OpenCosignatures(published->note, CosignerKeyOf(b.key)).value().size() == 1);
  // Kept in the store as published: a restart finds the cosignatures.
  CHECK(fx.signed_log().CheckpointAt(published->body.size).value().note == published->note);
  // Each witness was sent the log's signature only, after "old 0" and a blank line.
  CHECK(a.bodies[0].rfind("old 0\n\n" + http::LogSignedNote(*published), 0) == 0);
}

TEST_CASE("a witness answering 409 is sent again a consistency proof from the size it holds", "[http][witness]") {
  HttpFixture fx;
  Grow(fx, "91330106MA2KXXXX1");
  const std::uint64_t held = fx.signed_log().LastSigned()->body.size;
  Grow(fx, "91330106MA2KXXXX2");
  FakeWitness a("witness.test/a", 1);
  a.size = held;  // it cosigned an earlier checkpoint of this log, unknown to this process
  Pool p(fx, {&a}, 1);
  p.pool->Start();
  REQUIRE(Eventually([&] { return fx.signed_log().Published() != nullptr; }));
  p.pool->Stop();
  REQUIRE(a.bodies.size() == 2);
  CHECK(a.bodies[0].rfind("old 0\n\n", 0) == 0);
  const std::string again = a.bodies[1];
  CHECK(again.rfind("old " + std::to_string(held) + "\n", 0) == 0);
  const auto proof = fx.service().LogConsistencyProof(held, fx.Head().first).value();
  REQUIRE_FALSE(proof.empty());
  CHECK(again.substr(again.find('\n') + 1, 45) == Base64Encode(std::string_view(reinterpret_cast<const char*>(proof[0].data()), 32)) + "\n");
  CHECK(fx.signed_log().Published()->body.size == fx.Head().first);
}

TEST_CASE("a cosignature that does not verify with the witness's key is ignored", "[http][witness]") {
  HttpFixture fx;
  Grow(fx, "91330106MA2KXXXX1");
  FakeWitness a("witness.test/a", 1);
  a.Answer(200, /*another_text=*/true);
  Pool p(fx, {&a}, 1);
  p.pool->Start();
  REQUIRE(Eventually([&] { return a.Calls() >= 3; }));
  CHECK(fx.signed_log().Published() == nullptr);
  CHECK(OpenCosignatures(fx.signed_log().LastSigned()->note, CosignerKeyOf(a.key)).value().empty());
  a.Answer(200);
  REQUIRE(Eventually([&] { return fx.signed_log().Published() != nullptr; }));
  p.pool->Stop();
}

TEST_CASE("at start a kept checkpoint carrying a quorum of valid cosignatures is published at once",
          "[http][witness]") {
  HttpFixture fx;
  Grow(fx, "91330106MA2KXXXX1");
  FakeWitness a("witness.test/a", 1), b("witness.test/b", 2);
  {
    Pool p(fx, {&a, &b}, 0);
    p.pool->Start();
    REQUIRE(Eventually([&] { return fx.signed_log().Published() != nullptr; }));
  }
  const std::string cosigned = fx.signed_log().Published()->note;
  a.Answer(503);  // no witness answers after the restart
  b.Answer(503);

  fx.Restart();
  REQUIRE(fx.signed_log().Published() == nullptr);
  {
    Pool p(fx, {&a, &b}, 0);
    p.pool->AdoptKept();
    REQUIRE(fx.signed_log().Published() != nullptr);
    CHECK(fx.signed_log().Published()->note == cosigned);
  }
  // With a third witness whose cosignature the kept one lacks, quorum all is not met.
  fx.Restart();
  FakeWitness c("witness.test/c", 3);
  Pool p(fx, {&a, &b, &c}, 0);
  p.pool->AdoptKept();
  CHECK(fx.signed_log().Published() == nullptr);
}

}  // namespace certreg::testing
