// What a stored text may hold: the one rule, applied by the HTTP body reader
// to every string of a request body (api.md, "Text fields") and by the token
// registry to user names.
//
// Refused everywhere: invalid UTF-8, C0 controls (U+0000–U+001F) and DEL,
// C1 controls (U+0080–U+009F), the soft hyphen U+00AD, zero-width and
// invisible characters (U+115F, U+1160, U+180E, U+200B–U+200D, U+2060–U+2064,
// U+3164, U+FEFF, U+FFA0, U+FFF9–U+FFFB, the tags U+E0000–U+E007F),
// bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
// U+2066–U+2069), and the line and paragraph separators U+2028, U+2029.
// Multi-line free text (reasons, descriptions, findings) may also hold line
// feeds (U+000A) and tabs (U+0009); nothing else of that list.
// Everything else is accepted: CJK, full-width punctuation (，。：（）), emoji.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace certreg {

enum class TextKind {
  kLine,   // names, addresses, codes, and every other single-line field
  kLines,  // multi-line free text: \n and \t allowed
};

// Why `text` may not be stored as a field of `kind`, as a message for the
// field's error ("must not contain control or invisible characters (U+200B)");
// nullopt when it may. Pure; thread-safe.
std::optional<std::string> TextProblem(std::string_view text, TextKind kind);

}  // namespace certreg
