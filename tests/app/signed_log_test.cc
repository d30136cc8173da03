// Signed checkpoints (README, "The verifiable log: checkpoints"; trust.md §3):
// the C2SP text, signing only when the tree grew, keeping each before it is
// returned, and refusing a store whose events or tree changed after a
// checkpoint was signed.
#include <catch2/catch.hpp>

#include "certreg/app/signed_log.h"
#include "certreg/common/base64.h"
#include "certreg/domain/events.h"
#include "certreg/store/merkle.h"
#include "store/keys.h"
#include "support/raw_db.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"

namespace certreg::testing {
namespace {

NoteSigner Key(const std::string& name) { return GenerateNoteSigner(name).value(); }

struct Keys {
  NoteSigner log = Key("registry.example.cn/log");
  NoteSigner status = Key("registry.example.cn/log/status");
};

void Append(store::EventStore& store, int events) {
  REQUIRE(store.AppendToStream(ProbeAppend("s/" + std::to_string(store.Head().size), store::ExpectedVersion::Any(), "p",
                                           events)).ok());
}

Digest RootOf(store::EventStore& store, std::uint64_t size) {
  return store::merkle::Root(size, [&](const std::vector<store::merkle::NodeId>& ids) {
    return store.ReadTreeNodes(ids);
  }).value();
}

}  // namespace

TEST_CASE("a checkpoint is the C2SP text of origin, size and root, and nothing else", "[app][checkpoint]") {
  Digest root{};
  for (std::size_t i = 0; i < root.size(); ++i) root[i] = static_cast<std::uint8_t>(i);
  const app::CheckpointBody body{"registry.example.cn/log", 1234, root};
  const std::string text = app::CheckpointText(body);
  CHECK(text == "registry.example.cn/log\n1234\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
  CHECK(app::ParseCheckpoint(text).value() == body);
  // A signed note parses by its text.
  CHECK(app::ParseCheckpoint(SignNote(text, {Key("registry.example.cn/log")}).value()).value() == body);
  for (const std::string& bad : {
           std::string("registry.example.cn/log\n1234\n"),                       // no root
           std::string("registry.example.cn/log\n01234\n") + text.substr(29),     // leading zero
           std::string("registry.example.cn/log\n-1\n") + text.substr(29),        // sign
           std::string("registry.example.cn/log\n1234\nAAEC\n"),                  // not 32 bytes
           text + "extension line\n",                                              // extension
           text.substr(0, text.size() - 1),                                        // no final newline
           "\n1234\n" + text.substr(29),                                          // empty origin
       }) {
    INFO(bad);
    CHECK(app::ParseCheckpoint(bad).status().code() == Status::Code::kInvalidArgument);
  }
}

TEST_CASE("a checkpoint is signed when the tree grew, and kept before it is returned", "[app][checkpoint]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  Keys keys;
  app::SignedLog log(*store, keys.log, keys.status);
  REQUIRE(log.Open().ok());
  CHECK(log.LastSigned() == nullptr);

  // The first one, of the empty tree.
  auto empty = log.SignIfGrown();
  REQUIRE(empty.ok());
  REQUIRE(empty->has_value());
  CHECK((*empty)->body.size == 0);
  CHECK((*empty)->body.root == store::merkle::EmptyRoot());
  // Not grown: nothing signed.
  auto again = log.SignIfGrown();
  REQUIRE(again.ok());
  CHECK_FALSE(again->has_value());

  Append(*store, 7);
  auto seven = log.SignIfGrown();
  REQUIRE(seven.ok());
  REQUIRE(seven->has_value());
  const app::SignedCheckpoint& checkpoint = **seven;
  CHECK(checkpoint.body == app::CheckpointBody{"registry.example.cn/log", 7, RootOf(*store, 7)});
  CHECK(OpenNote(checkpoint.note, {log.LogVerifier()}).value() == app::CheckpointText(checkpoint.body));
  CHECK_FALSE(OpenNote(checkpoint.note, {log.StatusVerifier()}).ok());  // one key, one kind of message
  // Kept by size: the store has it, and the earlier one still.
  CHECK(store->ReadCheckpoint(7).value() == checkpoint.note);
  CHECK(store->LatestCheckpoint().value()->size == 7);
  CHECK(log.CheckpointAt(0).value().body.size == 0);
  CHECK(log.CheckpointAt(3).status().code() == Status::Code::kNotFound);
  CHECK(log.LastSigned()->note == checkpoint.note);
  // Nothing is published until the caller says so, and never backwards.
  CHECK(log.Published() == nullptr);
  log.Publish(log.LastSigned());
  log.Publish(std::make_shared<const app::SignedCheckpoint>(**empty));
  CHECK(log.Published()->body.size == 7);
  CHECK(log.VerifierKeys() == NoteVerifierKeyText(VerifierOf(keys.log)) + "\n" +
                                  NoteVerifierKeyText(VerifierOf(keys.status)) + "\n");
}

TEST_CASE("a cosigned checkpoint replaces the kept one only with the same body and the log's signature",
          "[app][checkpoint]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  Keys keys;
  app::SignedLog log(*store, keys.log, keys.status);
  REQUIRE(log.Open().ok());
  Append(*store, 3);
  const app::SignedCheckpoint signed_one = log.SignIfGrown().value().value();
  // A witness's line after the log's (any signature line of another key is kept as is).
  app::SignedCheckpoint cosigned = signed_one;
  cosigned.note = SignNote(app::CheckpointText(signed_one.body), {keys.log, Key("witness.example/w1")}).value();
  REQUIRE(log.KeepCosigned(cosigned).ok());
  CHECK(store->ReadCheckpoint(3).value() == cosigned.note);
  CHECK(log.LastSigned()->note == cosigned.note);

  app::SignedCheckpoint other_body = cosigned;
  other_body.body.size = 2;
  CHECK(log.KeepCosigned(other_body).code() == Status::Code::kInvalidArgument);
  app::SignedCheckpoint unsigned_by_log = signed_one;
  unsigned_by_log.note = SignNote(app::CheckpointText(signed_one.body), {Key("registry.example.cn/log")}).value();
  CHECK(log.KeepCosigned(unsigned_by_log).code() == Status::Code::kInvalidArgument);
  CHECK(store->ReadCheckpoint(3).value() == cosigned.note);
}

TEST_CASE("a store whose events or tree changed after a checkpoint was signed is refused at open",
          "[app][checkpoint][tamper]") {
  TempDir dir;
  Keys keys;
  std::string kept;
  {
    auto store = OpenStore(dir.path());
    app::SignedLog log(*store, keys.log, keys.status);
    REQUIRE(log.Open().ok());
    Append(*store, 10);
    kept = log.SignIfGrown().value()->note;
    Append(*store, 5);  // after the checkpoint: changing these is the chain's to catch, not the checkpoint's
  }
  auto reopen = [&]() {
    auto store = OpenStore(dir.path());
    REQUIRE(store);
    app::SignedLog log(*store, keys.log, keys.status);
    Status opened = log.Open();
    CHECK(app::CheckLastCheckpoint(*store).message() == opened.message());
    if (opened.ok()) CHECK(log.LastSigned()->note == kept);
    return opened;
  };
  REQUIRE(reopen().ok());

  SECTION("an event under the checkpoint") {
    std::string original;
    {
      RawDb raw(dir.path());
      original = *raw.Get("events", store::keys::EventKey(4));
      std::string changed = original;
      changed[changed.size() / 2] = static_cast<char>(changed[changed.size() / 2] ^ 1);
      raw.Put("events", store::keys::EventKey(4), changed);
    }
    Status refused = reopen();
    CHECK(refused.code() == Status::Code::kCorruption);
    CHECK_THAT(refused.message(), Catch::Contains("at size 10") && Catch::Contains("changed after it was signed"));
    {
      RawDb raw(dir.path());
      raw.Put("events", store::keys::EventKey(4), original);
    }
    CHECK(reopen().ok());
  }
  SECTION("a stored tree node under the checkpoint") {
    {
      RawDb raw(dir.path());
      raw.Put("tree", store::keys::TreeKey(0, 2), std::string(32, 'x'));  // leaf 2: folded into the root of 10
    }
    Status refused = reopen();
    CHECK(refused.code() == Status::Code::kCorruption);
    CHECK_THAT(refused.message(), Catch::Contains("stored Merkle tree") && Catch::Contains("at size 10"));
  }
  SECTION("the kept checkpoint itself") {
    {
      RawDb raw(dir.path());
      std::string changed = kept;
      changed[kept.find('\n') + 1] = '9';  // the size line
      raw.Put("checkpoints", store::keys::EncodeU64(10), changed);
    }
    CHECK(reopen().code() == Status::Code::kCorruption);
  }
  SECTION("an event after the checkpoint is not the checkpoint's to catch") {
    {
      RawDb raw(dir.path());
      std::string changed = *raw.Get("events", store::keys::EventKey(12));
      changed[changed.size() / 2] = static_cast<char>(changed[changed.size() / 2] ^ 1);
      raw.Put("events", store::keys::EventKey(12), changed);
    }
    CHECK(reopen().ok());
  }
}

TEST_CASE("the public events are those the public record is made from", "[app][checkpoint]") {
  for (const char* type : {"CertificateIssued", "CertificateRenewed", "CertificateChanged", "CertificateReissued",
                           "CertificateSuspended", "CertificateReinstated", "CertificateRevoked",
                           "CertificateCancelled", "CancellationAnnounced"}) {
    CHECK(domain::IsPublicEvent(type));
  }
  for (const char* type : {"ApplicationSubmitted", "FindingRecorded", "CertificationDecided", "ComplaintReceived",
                           "RevocationProceedingOpened", "StoreProbe", ""}) {
    CHECK_FALSE(domain::IsPublicEvent(type));
  }
}

}  // namespace certreg::testing
