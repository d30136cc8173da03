// C2SP signed notes (signed-note v1.0.0) with Ed25519 keys, as Go's golang.org/x/mod/sumdb/note
// writes them. Thread-safe (no shared state).
//
// Formats (all keys' names: non-empty, no space, no '+', no control character):
//   key id        first 4 bytes (big-endian uint32) of SHA-256(name || 0x0A || 0x01 || public key)
//   verifier key  "<name>+<8 hex digits of key id>+<base64(0x01 || 32-byte public key)>"
//   signer key    "PRIVATE+KEY+<name>+<8 hex digits of key id>+<base64(0x01 || 32-byte seed)>"
//   signed note   text (ends in '\n') || "\n" || one line per signature:
//                 "— <name> <base64(4-byte key id || 64-byte Ed25519 signature of the text)>\n"
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/common/status.h"

namespace certreg {

using Ed25519PublicKey = std::array<std::uint8_t, 32>;

// A key that may sign notes. The seed is the Ed25519 private key: keep it out of events,
// responses and logs.
struct NoteSigner {
  std::string name;
  std::uint32_t key_id = 0;
  std::array<std::uint8_t, 32> seed{};
  Ed25519PublicKey public_key{};
};

// A key that checks notes.
struct NoteVerifier {
  std::string name;
  std::uint32_t key_id = 0;
  Ed25519PublicKey public_key{};
};

// True when `name` may name a key (see above).
bool ValidNoteKeyName(std::string_view name);

std::uint32_t NoteKeyId(std::string_view name, const Ed25519PublicKey& public_key);

// A fresh key from the system's random source; kInvalidArgument for an invalid name.
Result<NoteSigner> GenerateNoteSigner(std::string_view name);

// Parse the text forms; kInvalidArgument naming what is wrong (never echoing a private key).
Result<NoteSigner> ParseNoteSignerKey(std::string_view skey);
Result<NoteVerifier> ParseNoteVerifierKey(std::string_view vkey);

std::string NoteSignerKeyText(const NoteSigner& signer);
std::string NoteVerifierKeyText(const NoteVerifier& verifier);
NoteVerifier VerifierOf(const NoteSigner& signer);

// The signed note: `text` followed by one signature line per signer, in the order given.
// kInvalidArgument when the text is empty, does not end in '\n', or holds a control character
// other than '\n'.
Result<std::string> SignNote(std::string_view text, const std::vector<NoteSigner>& signers);

// One signature line of a signed note.
struct NoteSignatureLine {
  std::string name;
  std::uint32_t key_id = 0;
  std::string signature;  // the bytes after the key id
  std::string line;       // the whole line, "— <name> <base64>\n"
};

struct SignedNoteParts {
  std::string text;  // ends in '\n'
  std::vector<NoteSignatureLine> signatures;
};

// Splits a signed note into its text and its signature lines (at least one,
// at most 100), checking no signature. InvalidArgument naming what is malformed.
Result<SignedNoteParts> SplitSignedNote(std::string_view note);

// Opens a signed note against the verifiers one trusts and returns its text. Signatures of
// keys not among `verifiers` (by name and key id) are ignored; a malformed note, a known key's
// signature that does not verify, or a note with no signature of a known key is refused
// (kInvalidArgument for malformed, kCorruption for a bad or missing signature).
Result<std::string> OpenNote(std::string_view note, const std::vector<NoteVerifier>& verifiers);

}  // namespace certreg
