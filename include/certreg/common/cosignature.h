// Witness cosignatures of checkpoints: C2SP tlog-cosignature v1.0.1, the
// Ed25519 `cosignature/v1` type, as note signature lines. Thread-safe (no
// shared state).
//
// Formats (names as signed_note.h allows them):
//   key id        first 4 bytes (big-endian) of SHA-256(name || 0x0A || 0x04 || public key)
//   verifier key  "<name>+<8 hex digits of key id>+<base64(0x04 || 32-byte public key)>"
//   signed message "cosignature/v1\ntime <timestamp>\n" || the checkpoint's text (its
//                 whole note body, ending in '\n'); timestamp: POSIX seconds, decimal,
//                 no leading zero, at most 2^63 - 1
//   line          "— <name> <base64(4-byte key id || 8-byte big-endian timestamp ||
//                 64-byte Ed25519 signature)>\n"
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/common/signed_note.h"
#include "certreg/common/status.h"

namespace certreg {

// A cosigner's (a witness's) verifier key.
struct CosignerKey {
  std::string name;
  std::uint32_t key_id = 0;
  Ed25519PublicKey public_key{};
};

// A key that cosigns (witnesses and tests). The seed is the private key.
struct CosignerSigner {
  std::string name;
  std::uint32_t key_id = 0;
  std::array<std::uint8_t, 32> seed{};
  Ed25519PublicKey public_key{};
};

std::uint32_t CosignerKeyId(std::string_view name, const Ed25519PublicKey& public_key);

// InvalidArgument naming what is wrong (a signed-note key, algorithm 0x01,
// is refused: its key id is computed otherwise).
Result<CosignerKey> ParseCosignerKey(std::string_view vkey);
std::string CosignerKeyText(const CosignerKey& key);

// The cosigner of an Ed25519 seed; InvalidArgument for an invalid name.
Result<CosignerSigner> CosignerFromSeed(std::string_view name, const std::array<std::uint8_t, 32>& seed);
CosignerKey CosignerKeyOf(const CosignerSigner& signer);

// What a cosignature at `timestamp` signs.
std::string CosignedMessage(std::string_view checkpoint_text, std::uint64_t timestamp);

// The signature line of `signer` over `checkpoint_text` (a note's text, ending
// in '\n') at `timestamp`. InvalidArgument for a timestamp over 2^63 - 1 or a
// text that does not end in '\n'; IOError when Ed25519 fails.
Result<std::string> Cosign(std::string_view checkpoint_text, const CosignerSigner& signer, std::uint64_t timestamp);

// A cosignature that verified.
struct Cosignature {
  std::string name;
  std::uint64_t timestamp = 0;
  std::string line;  // the note signature line, ending in '\n'
};

// The cosignatures of `key` (by name and key id) among the signature lines of
// `note`, each verified over the note's text; lines of other keys are
// ignored, so the result may be empty. InvalidArgument for a malformed note;
// Corruption naming the cosigner when a line of `key` is not 76 bytes, has a
// timestamp over 2^63 - 1, or does not verify.
Result<std::vector<Cosignature>> OpenCosignatures(std::string_view note, const CosignerKey& key);

}  // namespace certreg
