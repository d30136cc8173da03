// The search form of a text: what holder names, certificate numbers, USCCs
// and a public search's `q` are compared as (platforms.md §4). The public
// index stores the search form of each name and number, and a query looks up
// the search form of `q`, so both sides go through this one function.
#pragma once

#include <string>
#include <string_view>

namespace certreg::text {

// The search form of `text` (UTF-8), code point by code point:
// - Unicode NFKC with case folding (ICU's NFKC_Casefold): full-width letters
//   and digits become ASCII ones, upper case becomes lower case, compatibility
//   forms their plain ones;
// - traditional Chinese characters become simplified ones (OpenCC's t2s
//   dictionaries, one character at a time, so that the form of a part of a
//   text is always the same part of the text's form);
// - white space and punctuation (Unicode White_Space, general category P*)
//   are removed, so `星 河`, `星河·云帆` and `CMM-525` lose their spaces,
//   dots and dashes.
// Ill-formed UTF-8 becomes U+FFFD. An empty result means the text held
// nothing to search for. Thread-safe. Throws std::runtime_error only when
// ICU's or OpenCC's data cannot be loaded (a broken installation).
std::string SearchForm(std::string_view text);

// Whether `text` (UTF-8) holds nothing but white space (Unicode White_Space,
// e.g. U+3000 IDEOGRAPHIC SPACE): true for an empty text. Ill-formed UTF-8 is
// not white space.
bool IsBlank(std::string_view text);

}  // namespace certreg::text
