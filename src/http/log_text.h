// Internal to the HTTP room: text from a request made safe for one
// access-log line. Every byte outside visible ASCII (controls, space, DEL,
// and each byte of a non-ASCII character, so line breaks, bidi overrides and
// zero-width characters too), and the backslash and double quote, become
// \xNN: a client cannot break the line, forge another, or hide text in it.
#pragma once

#include <string>
#include <string_view>

namespace certreg::http {

inline std::string LogText(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c > 0x20 && c < 0x7f && c != '\\' && c != '"') {
      out.push_back(ch);
    } else {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

}  // namespace certreg::http
