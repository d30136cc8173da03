// Turning bytes into Cap'n Proto readers safely, and messages into their
// stored form: shared by the rooms that include generated *.capnp.h (the
// store for its record format, the codec for payloads and rows), beside the
// generated code of schemas/ in certreg_schemas.
#pragma once

#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/array.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace certreg::schema {

// Reader limits for anything read back from storage or from outside.
inline capnp::ReaderOptions SafeReaderOptions(std::size_t byte_size) {
  capnp::ReaderOptions options;
  // Amplification bound: a message may not make us traverse more than 4x its size (and at least 64 KiB).
  options.traversalLimitInWords = std::max<std::size_t>(byte_size / 2, 8192);
  options.nestingLimit = 32;
  return options;
}

// A copy of `bytes` in 8-byte-aligned words, as Cap'n Proto readers need.
// Returns an empty array when the size is not a whole number of words.
inline kj::Array<capnp::word> AlignedCopy(std::string_view bytes) {
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) return nullptr;
  auto words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), bytes.data(), bytes.size());
  return words;
}

inline std::string ToString(kj::ArrayPtr<const capnp::word> words) {
  return std::string(reinterpret_cast<const char*>(words.begin()), words.size() * sizeof(capnp::word));
}

// A one-segment flat message whose segment is `canonical` (as canonicalize()
// returns it): the stored form of events and personal records. Any byte
// changed in it either changes a decoded value or makes it non-canonical, so
// a verifier sees every altered byte.
inline std::string CanonicalFlat(kj::ArrayPtr<const capnp::word> canonical) {
  std::uint32_t table[2] = {0, static_cast<std::uint32_t>(canonical.size())};  // segment count - 1, segment size
  std::string out(reinterpret_cast<const char*>(table), sizeof(table));
  out += ToString(canonical);
  return out;
}

// CanonicalFlat(capnp::canonicalize(root)), byte for byte, written straight
// into the string: capnp::canonicalize copies the struct canonically into a
// zeroed buffer, re-checks the copy (isCanonical) and copies it again; this
// copies it once into the string that is returned. `Reader` is a struct's
// Reader (schemas/*.capnp.h).
template <typename Reader>
std::string CanonicalFlatOf(Reader root) {
  const capnp::_::StructReader reader = capnp::_::PointerHelpers<capnp::FromReader<Reader>>::getInternalReader(root);
  const std::size_t words = reader.totalSize().asPublic().wordCount + 1;  // the root pointer, then the struct
  // The segment table, then the segment: at least 16 bytes, so past the
  // string's in-place buffer, in memory from operator new, aligned for any
  // fundamental type; the segment starts 8 bytes in, on a word.
  std::string out((words + 1) * sizeof(capnp::word), '\0');
  auto* segment = reinterpret_cast<capnp::word*>(out.data() + sizeof(capnp::word));
  capnp::FlatMessageBuilder builder(kj::arrayPtr(segment, words));
  capnp::_::PointerHelpers<capnp::AnyPointer>::getInternalBuilder(builder.initRoot<capnp::AnyPointer>())
      .setStruct(reader, /*canonical=*/true);
  const std::size_t used = builder.getSegmentsForOutput()[0].size();
  const std::uint32_t table[2] = {0, static_cast<std::uint32_t>(used)};  // segment count - 1, segment size
  std::memcpy(out.data(), table, sizeof(table));
  out.resize((used + 1) * sizeof(capnp::word));
  return out;
}

inline std::string_view ToView(capnp::Data::Reader data) {
  return std::string_view(reinterpret_cast<const char*>(data.begin()), data.size());
}

inline std::string_view ToView(capnp::Text::Reader text) { return std::string_view(text.cStr(), text.size()); }

inline capnp::Data::Reader AsData(std::string_view bytes) {
  return capnp::Data::Reader(reinterpret_cast<const kj::byte*>(bytes.data()), bytes.size());
}

// `text` must stay alive while the reader is used (it is NUL-terminated, as Cap'n Proto asks).
inline capnp::Text::Reader AsText(const std::string& text) { return capnp::Text::Reader(text.c_str(), text.size()); }

}  // namespace certreg::schema
