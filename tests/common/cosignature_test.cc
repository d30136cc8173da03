// tlog-cosignature v1.0.1 (Ed25519 cosignature/v1): keys, key ids and lines
// against vectors computed independently with Python's `cryptography`, and
// against tampering.
#include <catch2/catch.hpp>

#include "certreg/common/base64.h"
#include "certreg/common/cosignature.h"

using namespace certreg;

namespace {

// Seed 00 01 02 ... 1f, name witness.example/w1, the checkpoint of C2SP's
// example, time 1679315147: computed with Python `cryptography` (Ed25519)
// and hashlib, sharing no code with certreg.
const char* kVkey = "witness.example/w1+e75f6532+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";
const char* kText =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
const char* kLine =
    "\xE2\x80\x94 witness.example/w1 519lMgAAAABkGFDLBuRDazBLVac2NE+Y+IjbjQOcXLfF9CSDZVUIoS83rE1nFZsVE8YiWV6Ngr7lV8H6bdoBQGP/"
    "l73euDMQ9k+bBQ==\n";
constexpr std::uint64_t kTime = 1679315147;

CosignerSigner Witness(const char* name = "witness.example/w1") {
  std::array<std::uint8_t, 32> seed{};
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<std::uint8_t>(i);
  auto signer = CosignerFromSeed(name, seed);
  REQUIRE(signer.ok());
  return *signer;
}

NoteSigner LogKey() {
  auto log = GenerateNoteSigner("example.com/behind-the-sofa");
  REQUIRE(log.ok());
  return *log;
}

}  // namespace

TEST_CASE("a cosigner's key id and verifier key use algorithm 0x04, as Python computes them", "[common][cosignature]") {
  const CosignerSigner w = Witness();
  CHECK(w.key_id == 0xe75f6532);
  CHECK(CosignerKeyText(CosignerKeyOf(w)) == kVkey);
  auto parsed = ParseCosignerKey(kVkey);
  REQUIRE(parsed.ok());
  CHECK(parsed->name == "witness.example/w1");
  CHECK(parsed->public_key == w.public_key);
  // The same key as a signed-note key (0x01), under another id, or cut short is refused.
  const std::string note_key = NoteVerifierKeyText({w.name, NoteKeyId(w.name, w.public_key), w.public_key});
  CHECK(ParseCosignerKey(note_key).status().code() == Status::Code::kInvalidArgument);
  CHECK(ParseCosignerKey(note_key).status().message().find("0x04") != std::string::npos);
  CHECK_FALSE(ParseCosignerKey("witness.example/w1+e75f6533+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4").ok());
  CHECK_FALSE(ParseCosignerKey("witness.example/w1+e75f6532").ok());
}

TEST_CASE("a cosignature line signs cosignature/v1, the time and the checkpoint, byte for byte as Python does",
          "[common][cosignature]") {
  CHECK(CosignedMessage(kText, kTime) == std::string("cosignature/v1\ntime 1679315147\n") + kText);
  auto line = Cosign(kText, Witness(), kTime);
  REQUIRE(line.ok());
  CHECK(*line == kLine);
  CHECK(Cosign("no newline", Witness(), kTime).status().code() == Status::Code::kInvalidArgument);
  CHECK(Cosign(kText, Witness(), std::uint64_t{1} << 63).status().code() == Status::Code::kInvalidArgument);
}

TEST_CASE("cosignatures open beside the log's signature, and the log's note still opens with them",
          "[common][cosignature]") {
  const NoteSigner log = LogKey();
  auto note = SignNote(kText, {log});
  REQUIRE(note.ok());
  const std::string cosigned = *note + kLine;
  auto key = ParseCosignerKey(kVkey);
  REQUIRE(key.ok());
  auto opened = OpenCosignatures(cosigned, *key);
  REQUIRE(opened.ok());
  REQUIRE(opened->size() == 1);
  CHECK(opened->front().name == "witness.example/w1");
  CHECK(opened->front().timestamp == kTime);
  CHECK(opened->front().line == kLine);
  CHECK(OpenNote(cosigned, {VerifierOf(log)}).ok());
  // The log's own signature is no cosignature, and another witness's line is ignored.
  auto none = OpenCosignatures(*note, *key);
  REQUIRE(none.ok());
  CHECK(none->empty());
  const CosignerKey other = CosignerKeyOf(Witness("witness.example/w2"));
  auto ignored = OpenCosignatures(cosigned, other);
  REQUIRE(ignored.ok());
  CHECK(ignored->empty());
}

TEST_CASE("a changed checkpoint, time or signature, or a cut cosignature, is refused as corruption",
          "[common][cosignature]") {
  auto key = ParseCosignerKey(kVkey);
  REQUIRE(key.ok());
  const std::string good = std::string(kText) + "\n" + kLine;
  REQUIRE(OpenCosignatures(good, *key).ok());

  std::string changed_text = good;
  changed_text[30] = changed_text[30] == '1' ? '2' : '1';  // a digit of the size
  CHECK(OpenCosignatures(changed_text, *key).status().code() == Status::Code::kCorruption);

  // The blob: 4 bytes of key id, 8 of time, 64 of signature.
  const std::string prefix = "\xE2\x80\x94 witness.example/w1 ";
  auto blob = Base64Decode(std::string_view(kLine).substr(prefix.size(), std::string_view(kLine).size() - prefix.size() - 1));
  REQUIRE(blob);
  auto line_of = [&](std::string bytes) { return std::string(kText) + "\n" + prefix + Base64Encode(bytes) + "\n"; };
  std::string later = *blob;
  later[11] = static_cast<char>(later[11] + 1);
  CHECK(OpenCosignatures(line_of(later), *key).status().code() == Status::Code::kCorruption);
  std::string bad_sig = *blob;
  bad_sig[40] ^= 0x20;
  CHECK(OpenCosignatures(line_of(bad_sig), *key).status().code() == Status::Code::kCorruption);
  CHECK(OpenCosignatures(line_of(blob->substr(0, 70)), *key).status().code() == Status::Code::kCorruption);
  std::string too_late = *blob;
  too_late[4] = static_cast<char>(0x80);
  CHECK(OpenCosignatures(line_of(too_late), *key).status().message().find("2^63") != std::string::npos);
  CHECK(OpenCosignatures("no blank line\n", *key).status().code() == Status::Code::kInvalidArgument);
}
