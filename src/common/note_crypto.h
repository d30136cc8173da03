// Internal to the common room: the pieces signed notes (signed_note.cc) and
// cosignatures (cosignature.cc) share: key ids by algorithm byte, the
// "<name>+<hex id>+<base64 key>" form, and Ed25519 through OpenSSL 3.
// Thread-safe (no shared state).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "certreg/common/signed_note.h"
#include "certreg/common/status.h"

namespace certreg::note_crypto {

inline constexpr std::uint8_t kAlgEd25519 = 0x01;        // signed-note Ed25519 signatures
inline constexpr std::uint8_t kAlgCosignatureV1 = 0x04;  // tlog-cosignature Ed25519 cosignature/v1
inline constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // "— " (U+2014 EM DASH, space)

// First 4 bytes (big-endian) of SHA-256(name || 0x0A || alg || public key).
std::uint32_t KeyId(std::string_view name, std::uint8_t alg, const Ed25519PublicKey& public_key);

std::string HexId(std::uint32_t id);
// The 4 bytes of `id`, big-endian.
std::string IdBytes(std::uint32_t id);

// Splits "<name>+<hex id>+<base64(alg || 32-byte key)>" (no check of the id
// against the key: the caller's). InvalidArgument naming what is wrong.
Status SplitKey(std::string_view text, std::uint8_t alg, std::string* name, std::uint32_t* id,
                std::array<std::uint8_t, 32>* key);

// "<name>+<hex id>+<base64(alg || key)>".
std::string KeyText(std::string_view name, std::uint32_t id, std::uint8_t alg, const std::array<std::uint8_t, 32>& key);

bool PublicFromSeed(const std::array<std::uint8_t, 32>& seed, Ed25519PublicKey* pub);
// The 64-byte signature; empty when OpenSSL fails.
std::string Ed25519Sign(const std::array<std::uint8_t, 32>& seed, std::string_view msg);
bool Ed25519Verify(const Ed25519PublicKey& pub, std::string_view msg, std::string_view sig);

}  // namespace certreg::note_crypto
