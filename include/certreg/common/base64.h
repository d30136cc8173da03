// Standard base64 (RFC 4648 §4, with padding), as the transparency-log
// formats write hashes, keys and signatures. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace certreg {

std::string Base64Encode(std::string_view bytes);
// nullopt for anything but canonical padded base64 (no whitespace).
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace certreg
