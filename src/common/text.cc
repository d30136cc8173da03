#include "certreg/common/text.h"

#include <cstdint>
#include <cstdio>

namespace certreg {
namespace {

// The code point starting at text[*i], advancing *i past it; nullopt for a
// malformed, overlong or surrogate sequence, or one beyond U+10FFFF.
std::optional<std::uint32_t> NextCodePoint(std::string_view text, std::size_t* i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(*i);
  if (lead < 0x80) return text[(*i)++] & 0x7f;
  std::size_t length = 0;
  std::uint32_t cp = 0;
  std::uint32_t min = 0;
  if ((lead & 0xe0) == 0xc0) {
    length = 2, cp = lead & 0x1f, min = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3, cp = lead & 0x0f, min = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (*i + length > text.size()) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(*i + k) & 0xc0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (byte(*i + k) & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
  *i += length;
  return cp;
}

bool Refused(std::uint32_t cp, TextKind kind) {
  if (cp == '\n' || cp == '\t') return kind == TextKind::kLine;
  return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)       // C0, DEL, C1
         || cp == 0xad || cp == 0x061c                               // soft hyphen, Arabic letter mark
         || cp == 0x115f || cp == 0x1160 || cp == 0x3164 || cp == 0xffa0  // Hangul fillers
         || cp == 0x180e                                             // Mongolian vowel separator
         || (cp >= 0x200b && cp <= 0x200f)                           // zero-width, LRM, RLM
         || (cp >= 0x2028 && cp <= 0x202e)                           // separators, bidi embeddings and overrides
         || (cp >= 0x2060 && cp <= 0x2064)                           // word joiner, invisible operators
         || (cp >= 0x2066 && cp <= 0x2069)                           // bidi isolates
         || cp == 0xfeff                                             // zero-width no-break space (BOM)
         || (cp >= 0xfff9 && cp <= 0xfffb)                           // interlinear annotation
         || (cp >= 0xe0000 && cp <= 0xe007f);                        // tags
}

}  // namespace

std::optional<std::string> TextProblem(std::string_view text, TextKind kind) {
  for (std::size_t i = 0; i < text.size();) {
    const std::optional<std::uint32_t> cp = NextCodePoint(text, &i);
    if (!cp) return "must be valid UTF-8";
    if (Refused(*cp, kind)) {
      char name[16];
      std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(*cp));
      return std::string(kind == TextKind::kLine ? "must be one line without control or invisible characters ("
                                                 : "must not contain control or invisible characters (") +
             name + ")";
    }
  }
  return std::nullopt;
}

}  // namespace certreg
