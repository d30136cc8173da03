#include "certreg/common/signed_note.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <memory>

#include "certreg/common/base64.h"
#include "certreg/common/sha256.h"
#include "common/note_crypto.h"

namespace certreg {
namespace note_crypto {
namespace {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

bool ParseHexId(std::string_view hex, std::uint32_t* id) {
  if (hex.size() != 8) return false;
  std::uint32_t v = 0;
  for (char c : hex) {
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (d < 0) return false;
    v = v << 4 | static_cast<std::uint32_t>(d);
  }
  *id = v;
  return true;
}

}  // namespace

std::uint32_t KeyId(std::string_view name, std::uint8_t alg, const Ed25519PublicKey& public_key) {
  Sha256 h;
  h.Add(name).Add("\n").Add(&alg, 1).Add(public_key.data(), public_key.size());
  Digest d = h.Finish();
  return std::uint32_t{d[0]} << 24 | std::uint32_t{d[1]} << 16 | std::uint32_t{d[2]} << 8 | std::uint32_t{d[3]};
}

std::string HexId(std::uint32_t id) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", id);
  return buf;
}

std::string IdBytes(std::uint32_t id) {
  return {static_cast<char>(id >> 24), static_cast<char>(id >> 16), static_cast<char>(id >> 8), static_cast<char>(id)};
}

Status SplitKey(std::string_view text, std::uint8_t alg, std::string* name, std::uint32_t* id,
                std::array<std::uint8_t, 32>* key) {
  auto plus1 = text.find('+');
  auto plus2 = plus1 == std::string_view::npos ? plus1 : text.find('+', plus1 + 1);
  if (plus2 == std::string_view::npos) return Status::InvalidArgument("a key is <name>+<hex id>+<base64 key>");
  *name = std::string(text.substr(0, plus1));
  if (!ValidNoteKeyName(*name)) return Status::InvalidArgument("a key's name is empty or holds a space, '+' or control character");
  if (!ParseHexId(text.substr(plus1 + 1, plus2 - plus1 - 1), id)) {
    return Status::InvalidArgument("a key's id is not 8 lower-case hex digits");
  }
  auto bytes = Base64Decode(text.substr(plus2 + 1));
  if (!bytes || bytes->size() != 33 || static_cast<std::uint8_t>((*bytes)[0]) != alg) {
    return Status::InvalidArgument("a key is not base64 of 0x0" + std::to_string(alg) +
                                   " followed by 32 Ed25519 key bytes");
  }
  std::copy(bytes->begin() + 1, bytes->end(), key->begin());
  return Status::Ok();
}

std::string KeyText(std::string_view name, std::uint32_t id, std::uint8_t alg, const std::array<std::uint8_t, 32>& key) {
  std::string raw(1, static_cast<char>(alg));
  raw.append(reinterpret_cast<const char*>(key.data()), key.size());
  return std::string(name) + "+" + HexId(id) + "+" + Base64Encode(raw);
}

bool PublicFromSeed(const std::array<std::uint8_t, 32>& seed, Ed25519PublicKey* pub) {
  Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  std::size_t len = pub->size();
  return key && EVP_PKEY_get_raw_public_key(key.get(), pub->data(), &len) == 1 && len == pub->size();
}

std::string Ed25519Sign(const std::array<std::uint8_t, 32>& seed, std::string_view msg) {
  Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  MdCtx ctx(EVP_MD_CTX_new());
  std::string sig(64, '\0');
  std::size_t len = sig.size();
  if (!key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) != 1 ||
      len != 64) {
    return {};
  }
  return sig;
}

bool Ed25519Verify(const Ed25519PublicKey& pub, std::string_view msg, std::string_view sig) {
  Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, pub.data(), pub.size()));
  MdCtx ctx(EVP_MD_CTX_new());
  return key && ctx && sig.size() == 64 &&
         EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) == 1;
}

}  // namespace note_crypto

namespace {

using note_crypto::kAlgEd25519;
using note_crypto::kSigPrefix;
constexpr std::string_view kPrivatePrefix = "PRIVATE+KEY+";
constexpr std::size_t kMaxSignatures = 100;

Status CheckText(std::string_view text) {
  if (text.empty() || text.back() != '\n') return Status::InvalidArgument("a note's text must end in a newline");
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n') || u == 0x7f) return Status::InvalidArgument("a note's text holds a control character");
  }
  return Status::Ok();
}

}  // namespace

bool ValidNoteKeyName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (c == '+' || c == ' ' || u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

std::uint32_t NoteKeyId(std::string_view name, const Ed25519PublicKey& public_key) {
  return note_crypto::KeyId(name, kAlgEd25519, public_key);
}

Result<NoteSigner> GenerateNoteSigner(std::string_view name) {
  if (!ValidNoteKeyName(name)) return Status::InvalidArgument("a key's name is empty or holds a space, '+' or control character");
  NoteSigner s;
  s.name = std::string(name);
  if (RAND_bytes(s.seed.data(), static_cast<int>(s.seed.size())) != 1 ||
      !note_crypto::PublicFromSeed(s.seed, &s.public_key)) {
    return Status::IOError("the system's random source or Ed25519 failed");
  }
  s.key_id = NoteKeyId(s.name, s.public_key);
  return s;
}

Result<NoteSigner> ParseNoteSignerKey(std::string_view skey) {
  if (skey.substr(0, kPrivatePrefix.size()) != kPrivatePrefix) {
    return Status::InvalidArgument("a private key starts with PRIVATE+KEY+");
  }
  NoteSigner s;
  CERTREG_RETURN_IF_ERROR(note_crypto::SplitKey(skey.substr(kPrivatePrefix.size()), kAlgEd25519, &s.name, &s.key_id, &s.seed));
  if (!note_crypto::PublicFromSeed(s.seed, &s.public_key)) return Status::InvalidArgument("the private key is not an Ed25519 seed");
  if (NoteKeyId(s.name, s.public_key) != s.key_id) return Status::InvalidArgument("the private key's id does not match its name and key");
  return s;
}

Result<NoteVerifier> ParseNoteVerifierKey(std::string_view vkey) {
  NoteVerifier v;
  CERTREG_RETURN_IF_ERROR(note_crypto::SplitKey(vkey, kAlgEd25519, &v.name, &v.key_id, &v.public_key));
  if (NoteKeyId(v.name, v.public_key) != v.key_id) return Status::InvalidArgument("the verifier key's id does not match its name and key");
  return v;
}

std::string NoteSignerKeyText(const NoteSigner& signer) {
  return std::string(kPrivatePrefix) + note_crypto::KeyText(signer.name, signer.key_id, kAlgEd25519, signer.seed);
}

std::string NoteVerifierKeyText(const NoteVerifier& verifier) {
  return note_crypto::KeyText(verifier.name, verifier.key_id, kAlgEd25519, verifier.public_key);
}

NoteVerifier VerifierOf(const NoteSigner& signer) { return {signer.name, signer.key_id, signer.public_key}; }

Result<std::string> SignNote(std::string_view text, const std::vector<NoteSigner>& signers) {
  CERTREG_RETURN_IF_ERROR(CheckText(text));
  std::string out(text);
  out += '\n';
  for (const NoteSigner& s : signers) {
    std::string sig = note_crypto::Ed25519Sign(s.seed, text);
    if (sig.empty()) return Status::IOError("Ed25519 signing failed");
    out.append(kSigPrefix).append(s.name).append(" ").append(Base64Encode(note_crypto::IdBytes(s.key_id) + sig)).append("\n");
  }
  return out;
}

Result<SignedNoteParts> SplitSignedNote(std::string_view note) {
  auto split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Status::InvalidArgument("a signed note has no blank line before its signatures");
  SignedNoteParts parts;
  parts.text = std::string(note.substr(0, split + 1));
  std::string_view sigs = note.substr(split + 2);
  CERTREG_RETURN_IF_ERROR(CheckText(parts.text));
  if (sigs.empty() || sigs.back() != '\n') return Status::InvalidArgument("a signed note's signature lines must end in a newline");
  while (!sigs.empty()) {
    std::string_view line = sigs.substr(0, sigs.find('\n') + 1);
    sigs.remove_prefix(line.size());
    if (parts.signatures.size() == kMaxSignatures) return Status::InvalidArgument("a signed note has more than 100 signatures");
    if (line.substr(0, kSigPrefix.size()) != kSigPrefix) return Status::InvalidArgument("a signature line starts with an em dash and a space");
    std::string_view rest = line.substr(kSigPrefix.size(), line.size() - kSigPrefix.size() - 1);
    auto space = rest.find(' ');
    if (space == std::string_view::npos) return Status::InvalidArgument("a signature line is '— <name> <base64>'");
    std::string_view name = rest.substr(0, space);
    auto blob = Base64Decode(rest.substr(space + 1));
    if (!ValidNoteKeyName(name) || !blob || blob->size() < 5) return Status::InvalidArgument("a signature line is malformed");
    NoteSignatureLine sig;
    sig.name = std::string(name);
    for (int i = 0; i < 4; ++i) sig.key_id = sig.key_id << 8 | static_cast<std::uint8_t>((*blob)[i]);
    sig.signature = blob->substr(4);
    sig.line = std::string(line);
    parts.signatures.push_back(std::move(sig));
  }
  return parts;
}

Result<std::string> OpenNote(std::string_view note, const std::vector<NoteVerifier>& verifiers) {
  auto parts = SplitSignedNote(note);
  if (!parts.ok()) return parts.status();
  std::size_t verified = 0;
  for (const NoteSignatureLine& sig : parts->signatures) {
    for (const NoteVerifier& v : verifiers) {
      if (v.name != sig.name || v.key_id != sig.key_id) continue;
      if (!note_crypto::Ed25519Verify(v.public_key, parts->text, sig.signature)) {
        return Status::Corruption("the signature of " + v.name + " does not verify");
      }
      ++verified;
    }
  }
  if (verified == 0) return Status::Corruption("the note carries no signature of a known key");
  return std::move(parts->text);
}

}  // namespace certreg
