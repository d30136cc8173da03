#include "certreg/common/cosignature.h"

#include "certreg/common/base64.h"
#include "common/note_crypto.h"

namespace certreg {
namespace {

using note_crypto::kAlgCosignatureV1;
constexpr std::uint64_t kMaxTimestamp = (std::uint64_t{1} << 63) - 1;
constexpr std::size_t kBlobBytes = 8 + 64;  // timestamp and signature, after the key id

std::string TimestampBytes(std::uint64_t t) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, t >>= 8) out[static_cast<std::size_t>(i)] = static_cast<char>(t & 0xff);
  return out;
}

}  // namespace

std::uint32_t CosignerKeyId(std::string_view name, const Ed25519PublicKey& public_key) {
  return note_crypto::KeyId(name, kAlgCosignatureV1, public_key);
}

Result<CosignerKey> ParseCosignerKey(std::string_view vkey) {
  CosignerKey key;
  CERTREG_RETURN_IF_ERROR(note_crypto::SplitKey(vkey, kAlgCosignatureV1, &key.name, &key.key_id, &key.public_key)
                              .WithContext("a cosignature/v1 verifier key"));
  if (CosignerKeyId(key.name, key.public_key) != key.key_id) {
    return Status::InvalidArgument("the cosigner key's id does not match its name and key");
  }
  return key;
}

std::string CosignerKeyText(const CosignerKey& key) {
  return note_crypto::KeyText(key.name, key.key_id, kAlgCosignatureV1, key.public_key);
}

Result<CosignerSigner> CosignerFromSeed(std::string_view name, const std::array<std::uint8_t, 32>& seed) {
  if (!ValidNoteKeyName(name)) return Status::InvalidArgument("a key's name is empty or holds a space, '+' or control character");
  CosignerSigner signer;
  signer.name = std::string(name);
  signer.seed = seed;
  if (!note_crypto::PublicFromSeed(seed, &signer.public_key)) return Status::IOError("Ed25519 failed");
  signer.key_id = CosignerKeyId(signer.name, signer.public_key);
  return signer;
}

CosignerKey CosignerKeyOf(const CosignerSigner& signer) { return {signer.name, signer.key_id, signer.public_key}; }

std::string CosignedMessage(std::string_view checkpoint_text, std::uint64_t timestamp) {
  return "cosignature/v1\ntime " + std::to_string(timestamp) + "\n" + std::string(checkpoint_text);
}

Result<std::string> Cosign(std::string_view checkpoint_text, const CosignerSigner& signer, std::uint64_t timestamp) {
  if (timestamp > kMaxTimestamp) return Status::InvalidArgument("a cosignature's timestamp is at most 2^63 - 1");
  if (checkpoint_text.empty() || checkpoint_text.back() != '\n') {
    return Status::InvalidArgument("a checkpoint's text ends in a newline");
  }
  std::string sig = note_crypto::Ed25519Sign(signer.seed, CosignedMessage(checkpoint_text, timestamp));
  if (sig.empty()) return Status::IOError("Ed25519 signing failed");
  return std::string(note_crypto::kSigPrefix) + signer.name + " " +
         Base64Encode(note_crypto::IdBytes(signer.key_id) + TimestampBytes(timestamp) + sig) + "\n";
}

Result<std::vector<Cosignature>> OpenCosignatures(std::string_view note, const CosignerKey& key) {
  auto parts = SplitSignedNote(note);
  if (!parts.ok()) return parts.status();
  std::vector<Cosignature> out;
  for (const NoteSignatureLine& sig : parts->signatures) {
    if (sig.name != key.name || sig.key_id != key.key_id) continue;
    if (sig.signature.size() != kBlobBytes) {
      return Status::Corruption("the cosignature of " + key.name + " is not a timestamp and an Ed25519 signature");
    }
    std::uint64_t timestamp = 0;
    for (std::size_t i = 0; i < 8; ++i) timestamp = timestamp << 8 | static_cast<std::uint8_t>(sig.signature[i]);
    if (timestamp > kMaxTimestamp) return Status::Corruption("the cosignature of " + key.name + " has a timestamp over 2^63 - 1");
    if (!note_crypto::Ed25519Verify(key.public_key, CosignedMessage(parts->text, timestamp),
                                    std::string_view(sig.signature).substr(8))) {
      return Status::Corruption("the cosignature of " + key.name + " does not verify");
    }
    out.push_back({sig.name, timestamp, sig.line});
  }
  return out;
}

}  // namespace certreg
