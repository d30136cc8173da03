#include "store/keys.h"

namespace certreg::store::keys {

std::string EncodeU64(std::uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

std::optional<std::uint64_t> DecodeU64(std::string_view bytes) {
  if (bytes.size() != 8) return std::nullopt;
  std::uint64_t value = 0;
  for (unsigned char c : bytes) value = (value << 8) | c;
  return value;
}

std::string StreamIndexPrefix(std::string_view stream_id) {
  std::string out(stream_id);
  out.push_back('\0');
  return out;
}

std::string IdempotencyKey(std::string_view owner, std::string_view key) {
  if (owner.empty()) return std::string(key);
  std::string out(1, '\0');
  out.append(owner);
  out.push_back('\0');
  out.append(key);
  return out;
}

std::string StreamIndexKey(std::string_view stream_id, std::uint64_t version) {
  return StreamIndexPrefix(stream_id) + EncodeU64(version);
}

}  // namespace certreg::store::keys
