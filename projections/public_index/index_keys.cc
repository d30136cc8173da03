// The public index keys of projections/README.md, and the code points of names.
#include "certreg/projections/keys.h"

#include <algorithm>

#include "certreg/text/search_text.h"

namespace certreg::projections {
namespace {

bool InRange(unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; }

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629, table
// 3-7 of Unicode), or 0 when the bytes there are not one.
std::size_t SequenceLength(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const std::size_t left = text.size() - i;
  const unsigned char b0 = at(0);
  if (b0 < 0x80) return 1;
  unsigned char lo = 0x80, hi = 0xbf;  // the second byte's range
  std::size_t length = 0;
  if (InRange(b0, 0xc2, 0xdf)) {
    length = 2;
  } else if (InRange(b0, 0xe0, 0xef)) {
    length = 3;
    if (b0 == 0xe0) lo = 0xa0;
    if (b0 == 0xed) hi = 0x9f;  // no surrogates
  } else if (InRange(b0, 0xf0, 0xf4)) {
    length = 4;
    if (b0 == 0xf0) lo = 0x90;
    if (b0 == 0xf4) hi = 0x8f;
  } else {
    return 0;
  }
  if (left < length || !InRange(at(1), lo, hi)) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (!InRange(at(k), 0x80, 0xbf)) return 0;
  }
  return length;
}

// The tag, the text, and a NUL that ends the text (a prefix of every key
// under it), then `rest`: built in one allocation (a rebuild makes millions).
std::string TaggedKey(char tag, std::string_view text, std::string_view rest = {}) {
  std::string key;
  key.reserve(text.size() + rest.size() + 2);
  key.push_back(tag);
  key += text;
  key.push_back('\0');
  key += rest;
  return key;
}

}  // namespace

std::string UsccPrefix(std::string_view uscc) { return TaggedKey('u', uscc); }

std::string UsccKey(std::string_view uscc, std::string_view number) { return TaggedKey('u', uscc, number); }

std::string HeldScopePrefix(std::string_view uscc, std::string_view scope_key) {
  std::string key(uscc);
  key.push_back('\0');
  key += scope_key;
  key.push_back('\0');
  return key;
}

std::string HeldScopeKey(std::string_view uscc, std::string_view scope_key, std::string_view file_id) {
  return HeldScopePrefix(uscc, scope_key) + std::string(file_id);
}

std::string NumberPrefix(std::string_view number_form) { return TaggedKey('n', number_form); }

std::string NumberKey(std::string_view number_form, std::string_view number) {
  return TaggedKey('n', number_form, number);
}

constexpr char kGramTag = 'g';

std::string GramPrefix(std::string_view gram) { return TaggedKey(kGramTag, gram); }

std::string GramKey(std::string_view gram, std::string_view number) { return TaggedKey(kGramTag, gram, number); }

std::string GramStartPrefix(std::string_view start) { return kGramTag + std::string(start); }

std::optional<GramPosting> ParseGramKey(std::string_view key) {
  const std::size_t end_of_gram = key.find('\0');
  if (!key.starts_with(kGramTag) || end_of_gram == std::string_view::npos) return std::nullopt;
  return GramPosting{key.substr(1, end_of_gram - 1), key.substr(end_of_gram + 1)};
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string> CodePoints(std::string_view text) {
  const std::string lower = AsciiLower(text);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < lower.size();) {
    const std::size_t length = std::max<std::size_t>(SequenceLength(lower, i), 1);
    out.push_back(lower.substr(i, length));
    i += length;
  }
  return out;
}

std::vector<std::string> NameGrams(std::string_view name) {
  const std::vector<std::string> points = CodePoints(text::SearchForm(name));
  const std::string_view nul("\0", 1);
  std::vector<std::string> grams;
  for (std::size_t i = 0; i < points.size(); ++i) {
    std::string gram;
    for (std::size_t j = i; j < points.size() && j < i + kMaxGramLength && points[j] != nul; ++j) gram += points[j];
    if (!gram.empty()) grams.push_back(std::move(gram));
  }
  std::sort(grams.begin(), grams.end());
  grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
  return grams;
}

}  // namespace certreg::projections
