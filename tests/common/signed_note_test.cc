// The C2SP signed-note primitives against the published vectors (C2SP's example verifier key,
// Go's sumdb/note PeterNeumann example) and against tampering.
#include <catch2/catch.hpp>

#include "certreg/common/signed_note.h"

using namespace certreg;

namespace {

// golang.org/x/mod/sumdb/note, example_test.go (ExampleSign / ExampleOpen).
const char* kPeterSkey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const char* kPeterVkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const char* kPeterText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
const char* kPeterNote =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

}  // namespace

TEST_CASE("the C2SP example verifier key parses and its key id matches", "[common][signed_note]") {
  auto v = ParseNoteVerifierKey("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
  REQUIRE(v.ok());
  CHECK(v->name == "example.com/foo");
  CHECK(v->key_id == 0x530d903a);
  CHECK(NoteVerifierKeyText(*v) == "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
  // The same key under a wrong id, a wrong algorithm byte, a short key or a bad name is refused.
  CHECK_FALSE(ParseNoteVerifierKey("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k").ok());
  CHECK_FALSE(ParseNoteVerifierKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());
  CHECK_FALSE(ParseNoteVerifierKey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==").ok());
  CHECK_FALSE(ParseNoteVerifierKey("example.com/foo+530d903a").ok());
  CHECK_FALSE(ParseNoteVerifierKey("").ok());
}

TEST_CASE("Go's PeterNeumann key signs the example text byte for byte as sumdb/note does", "[common][signed_note]") {
  auto signer = ParseNoteSignerKey(kPeterSkey);
  REQUIRE(signer.ok());
  CHECK(signer->name == "PeterNeumann");
  CHECK(signer->key_id == 0xc74f20a3);
  CHECK(NoteSignerKeyText(*signer) == kPeterSkey);
  CHECK(NoteVerifierKeyText(VerifierOf(*signer)) == kPeterVkey);
  auto note = SignNote(kPeterText, {*signer});
  REQUIRE(note.ok());
  CHECK(*note == kPeterNote);
}

TEST_CASE("a signed note opens with our key and fails on any changed byte", "[common][signed_note]") {
  auto v = ParseNoteVerifierKey(kPeterVkey);
  REQUIRE(v.ok());
  auto text = OpenNote(kPeterNote, {*v});
  REQUIRE(text.ok());
  CHECK(*text == kPeterText);

  std::string changed_text = kPeterNote;
  changed_text[3] ^= 0x01;
  CHECK(OpenNote(changed_text, {*v}).status().code() == Status::Code::kCorruption);

  std::string changed_sig = kPeterNote;
  changed_sig[changed_sig.size() - 10] = changed_sig[changed_sig.size() - 10] == 'A' ? 'B' : 'A';
  CHECK_FALSE(OpenNote(changed_sig, {*v}).ok());
}

TEST_CASE("signatures of unknown keys are ignored, a note with none of ours is refused", "[common][signed_note]") {
  auto peter = ParseNoteSignerKey(kPeterSkey);
  auto other = GenerateNoteSigner("example.com/other");
  REQUIRE(peter.ok());
  REQUIRE(other.ok());
  auto both = SignNote(kPeterText, {*other, *peter});
  REQUIRE(both.ok());
  CHECK(OpenNote(*both, {VerifierOf(*peter)}).ok());
  CHECK(OpenNote(*both, {VerifierOf(*other)}).ok());

  auto only_other = SignNote(kPeterText, {*other});
  REQUIRE(only_other.ok());
  auto refused = OpenNote(*only_other, {VerifierOf(*peter)});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == Status::Code::kCorruption);
  // A generated key round-trips through its text forms.
  auto reparsed = ParseNoteSignerKey(NoteSignerKeyText(*other));
  REQUIRE(reparsed.ok());
  CHECK(NoteVerifierKeyText(VerifierOf(*reparsed)) == NoteVerifierKeyText(VerifierOf(*other)));
}

TEST_CASE("texts and notes outside the format are refused", "[common][signed_note]") {
  auto peter = ParseNoteSignerKey(kPeterSkey);
  REQUIRE(peter.ok());
  CHECK_FALSE(SignNote("no newline", {*peter}).ok());
  CHECK_FALSE(SignNote("", {*peter}).ok());
  CHECK_FALSE(SignNote("tab\there\n", {*peter}).ok());
  CHECK_FALSE(ParseNoteSignerKey("PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz").ok());
  CHECK_FALSE(GenerateNoteSigner("has space").ok());
  CHECK_FALSE(GenerateNoteSigner("has+plus").ok());
  auto v = VerifierOf(*peter);
  CHECK_FALSE(OpenNote("text\n", {v}).ok());
  CHECK_FALSE(OpenNote(std::string(kPeterText) + "\n- PeterNeumann abc\n", {v}).ok());
}
