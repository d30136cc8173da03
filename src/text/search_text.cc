// The search form: ICU for NFKC_Casefold and the character classes, OpenCC's
// t2s conversion for traditional characters.
#include "certreg/text/search_text.h"

#include <opencc/SimpleConverter.hpp>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>
#include <stdexcept>
#include <unordered_map>

#ifndef CERTREG_OPENCC_T2S
#error "CERTREG_OPENCC_T2S (the path of OpenCC's t2s.json) is set by CMake"
#endif

namespace certreg::text {
namespace {

const icu::Normalizer2& NfkcCasefold() {
  static const icu::Normalizer2* const normalizer = [] {
    UErrorCode error = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(error);
    if (U_FAILURE(error) || n == nullptr) {
      throw std::runtime_error(std::string("ICU's NFKC_Casefold data cannot be loaded: ") + u_errorName(error));
    }
    return n;
  }();
  return *normalizer;
}

const opencc::SimpleConverter& TraditionalToSimplified() {
  static const std::unique_ptr<opencc::SimpleConverter> converter = [] {
    try {
      return std::make_unique<opencc::SimpleConverter>(CERTREG_OPENCC_T2S);
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string("OpenCC's t2s conversion cannot be loaded from " CERTREG_OPENCC_T2S ": ") +
                               e.what());
    }
  }();
  return *converter;
}

// The CJK ideographs (the unified blocks, their extensions and the
// compatibility ideographs): the only code points t2s changes.
bool IsIdeograph(UChar32 c) {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3ffff);
}

void AppendUtf8(UChar32 c, std::string& out) {
  icu::UnicodeString(c).toUTF8String(out);
}

// The simplified form of one ideograph, remembered per thread: OpenCC is
// asked once for each character a thread meets.
void AppendSimplified(UChar32 c, std::string& out) {
  thread_local std::unordered_map<UChar32, std::string> known;
  auto it = known.find(c);
  if (it == known.end()) {
    std::string utf8;
    AppendUtf8(c, utf8);
    it = known.emplace(c, TraditionalToSimplified().Convert(utf8)).first;
  }
  out += it->second;
}

}  // namespace

std::string SearchForm(std::string_view text) {
  const icu::UnicodeString input =
      icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode error = U_ZERO_ERROR;
  const icu::UnicodeString folded = NfkcCasefold().normalize(input, error);
  if (U_FAILURE(error)) throw std::runtime_error(std::string("ICU cannot normalise a text: ") + u_errorName(error));
  std::string out;
  out.reserve(text.size());
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c) || u_ispunct(c)) continue;
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (IsIdeograph(c)) {
      AppendSimplified(c, out);
    } else {
      AppendUtf8(c, out);
    }
  }
  return out;
}

bool IsBlank(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || !u_isUWhiteSpace(c)) return false;
  }
  return true;
}

}  // namespace certreg::text
