#include "certreg/common/signed_note.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <memory>

#include "certreg/common/base64.h"
#include "certreg/common/sha256.h"

namespace certreg {
namespace {

constexpr std::uint8_t kAlgEd25519 = 0x01;
constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // "— " (U+2014 EM DASH, space)
constexpr std::string_view kPrivatePrefix = "PRIVATE+KEY+";
constexpr std::size_t kMaxSignatures = 100;

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

std::string HexId(std::uint32_t id) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", id);
  return buf;
}

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

std::string IdBytes(std::uint32_t id) {
  return {static_cast<char>(id >> 24), static_cast<char>(id >> 16), static_cast<char>(id >> 8), static_cast<char>(id)};
}

// Splits "<name>+<hex id>+<base64 key>" and decodes the key (0x01 || 32 bytes).
Status SplitKey(std::string_view text, std::string* name, std::uint32_t* id, std::array<std::uint8_t, 32>* key) {
  auto plus1 = text.find('+');
  auto plus2 = plus1 == std::string_view::npos ? plus1 : text.find('+', plus1 + 1);
  if (plus2 == std::string_view::npos) return Status::InvalidArgument("a key is <name>+<hex id>+<base64 key>");
  *name = std::string(text.substr(0, plus1));
  if (!ValidNoteKeyName(*name)) return Status::InvalidArgument("a key's name is empty or holds a space, '+' or control character");
  if (!ParseHexId(text.substr(plus1 + 1, plus2 - plus1 - 1), id)) {
    return Status::InvalidArgument("a key's id is not 8 lower-case hex digits");
  }
  auto bytes = Base64Decode(text.substr(plus2 + 1));
  if (!bytes || bytes->size() != 33 || static_cast<std::uint8_t>((*bytes)[0]) != kAlgEd25519) {
    return Status::InvalidArgument("a key is not base64 of 0x01 followed by 32 Ed25519 key bytes");
  }
  std::copy(bytes->begin() + 1, bytes->end(), key->begin());
  return Status::Ok();
}

bool PublicFromSeed(const std::array<std::uint8_t, 32>& seed, Ed25519PublicKey* pub) {
  Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  std::size_t len = pub->size();
  return key && EVP_PKEY_get_raw_public_key(key.get(), pub->data(), &len) == 1 && len == pub->size();
}

std::string Ed25519Sign(const NoteSigner& signer, std::string_view msg) {
  Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, signer.seed.data(), signer.seed.size()));
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
  Sha256 h;
  h.Add(name).Add("\n").Add(&kAlgEd25519, 1).Add(public_key.data(), public_key.size());
  Digest d = h.Finish();
  return std::uint32_t{d[0]} << 24 | std::uint32_t{d[1]} << 16 | std::uint32_t{d[2]} << 8 | std::uint32_t{d[3]};
}

Result<NoteSigner> GenerateNoteSigner(std::string_view name) {
  if (!ValidNoteKeyName(name)) return Status::InvalidArgument("a key's name is empty or holds a space, '+' or control character");
  NoteSigner s;
  s.name = std::string(name);
  if (RAND_bytes(s.seed.data(), static_cast<int>(s.seed.size())) != 1 || !PublicFromSeed(s.seed, &s.public_key)) {
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
  CERTREG_RETURN_IF_ERROR(SplitKey(skey.substr(kPrivatePrefix.size()), &s.name, &s.key_id, &s.seed));
  if (!PublicFromSeed(s.seed, &s.public_key)) return Status::InvalidArgument("the private key is not an Ed25519 seed");
  if (NoteKeyId(s.name, s.public_key) != s.key_id) return Status::InvalidArgument("the private key's id does not match its name and key");
  return s;
}

Result<NoteVerifier> ParseNoteVerifierKey(std::string_view vkey) {
  NoteVerifier v;
  CERTREG_RETURN_IF_ERROR(SplitKey(vkey, &v.name, &v.key_id, &v.public_key));
  if (NoteKeyId(v.name, v.public_key) != v.key_id) return Status::InvalidArgument("the verifier key's id does not match its name and key");
  return v;
}

std::string NoteSignerKeyText(const NoteSigner& signer) {
  std::string raw(1, static_cast<char>(kAlgEd25519));
  raw.append(reinterpret_cast<const char*>(signer.seed.data()), signer.seed.size());
  return std::string(kPrivatePrefix) + signer.name + "+" + HexId(signer.key_id) + "+" + Base64Encode(raw);
}

std::string NoteVerifierKeyText(const NoteVerifier& verifier) {
  std::string raw(1, static_cast<char>(kAlgEd25519));
  raw.append(reinterpret_cast<const char*>(verifier.public_key.data()), verifier.public_key.size());
  return verifier.name + "+" + HexId(verifier.key_id) + "+" + Base64Encode(raw);
}

NoteVerifier VerifierOf(const NoteSigner& signer) { return {signer.name, signer.key_id, signer.public_key}; }

Result<std::string> SignNote(std::string_view text, const std::vector<NoteSigner>& signers) {
  CERTREG_RETURN_IF_ERROR(CheckText(text));
  std::string out(text);
  out += '\n';
  for (const NoteSigner& s : signers) {
    std::string sig = Ed25519Sign(s, text);
    if (sig.empty()) return Status::IOError("Ed25519 signing failed");
    out.append(kSigPrefix).append(s.name).append(" ").append(Base64Encode(IdBytes(s.key_id) + sig)).append("\n");
  }
  return out;
}

Result<std::string> OpenNote(std::string_view note, const std::vector<NoteVerifier>& verifiers) {
  auto split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Status::InvalidArgument("a signed note has no blank line before its signatures");
  std::string_view text = note.substr(0, split + 1);
  std::string_view sigs = note.substr(split + 2);
  CERTREG_RETURN_IF_ERROR(CheckText(text));
  if (sigs.empty() || sigs.back() != '\n') return Status::InvalidArgument("a signed note's signature lines must end in a newline");
  std::size_t count = 0, verified = 0;
  while (!sigs.empty()) {
    std::string_view line = sigs.substr(0, sigs.find('\n'));
    sigs.remove_prefix(line.size() + 1);
    if (++count > kMaxSignatures) return Status::InvalidArgument("a signed note has more than 100 signatures");
    if (line.substr(0, kSigPrefix.size()) != kSigPrefix) return Status::InvalidArgument("a signature line starts with an em dash and a space");
    line.remove_prefix(kSigPrefix.size());
    auto space = line.find(' ');
    if (space == std::string_view::npos) return Status::InvalidArgument("a signature line is '— <name> <base64>'");
    std::string_view name = line.substr(0, space);
    auto blob = Base64Decode(line.substr(space + 1));
    if (!ValidNoteKeyName(name) || !blob || blob->size() < 5) return Status::InvalidArgument("a signature line is malformed");
    std::uint32_t id = static_cast<std::uint32_t>(static_cast<std::uint8_t>((*blob)[0])) << 24 |
                       static_cast<std::uint32_t>(static_cast<std::uint8_t>((*blob)[1])) << 16 |
                       static_cast<std::uint32_t>(static_cast<std::uint8_t>((*blob)[2])) << 8 |
                       static_cast<std::uint32_t>(static_cast<std::uint8_t>((*blob)[3]));
    for (const NoteVerifier& v : verifiers) {
      if (v.name != name || v.key_id != id) continue;
      if (!Ed25519Verify(v.public_key, text, std::string_view(*blob).substr(4))) {
        return Status::Corruption("the signature of " + v.name + " does not verify");
      }
      ++verified;
    }
  }
  if (verified == 0) return Status::Corruption("the note carries no signature of a known key");
  return std::string(text);
}

}  // namespace certreg
