#include "store/leaf_layout.h"

#include <cstdint>
#include <cstring>

namespace certreg::store {
namespace {

// The root's pointers: eight before prevHash and hash, ten in all (schemas/event.capnp).
constexpr std::uint32_t kLeafPointers = 8;
constexpr std::uint32_t kStoredPointers = 10;
constexpr std::uint32_t kHashWords = 4;  // a 32-byte blob

std::uint64_t Word(const char* at) {
  std::uint64_t w;
  std::memcpy(&w, at, sizeof(w));
  return w;
}

void PutWord(std::string& out, std::size_t index, std::uint64_t w) { std::memcpy(out.data() + index * 8, &w, 8); }

std::uint32_t Kind(std::uint64_t ptr) { return static_cast<std::uint32_t>(ptr & 3); }
std::int32_t Offset(std::uint64_t ptr) { return static_cast<std::int32_t>(static_cast<std::uint32_t>(ptr)) >> 2; }
std::uint64_t WithOffset(std::uint64_t ptr, std::int32_t offset) {
  const std::uint32_t low = (static_cast<std::uint32_t>(offset) << 2) | Kind(ptr);
  return (ptr & 0xffffffff00000000ULL) | low;
}

// A struct pointer at offset 0 (a canonical root) with `data` data words and `pointers` pointers.
std::uint64_t RootPointer(std::uint16_t data, std::uint16_t pointers) {
  return (static_cast<std::uint64_t>(pointers) << 48) | (static_cast<std::uint64_t>(data) << 32);
}

// Whether `ptr`, one of the root's first eight, is one this layout moves:
// null, or a struct or list pointer forward to a non-empty object.
bool Movable(std::uint64_t ptr) {
  if (ptr == 0) return true;
  if (Offset(ptr) < 0) return false;
  if (Kind(ptr) == 0) return (ptr >> 32) != 0;        // a struct of some size
  if (Kind(ptr) == 1) return (ptr >> 35) != 0;        // a list of some elements
  return false;                                        // far or capability
}

// A byte-list pointer to a 32-byte blob `offset` words ahead.
std::uint64_t HashPointer(std::int32_t offset) {
  constexpr std::uint64_t kBytes = 2;  // element size: one byte
  return (((32ULL << 3) | kBytes) << 32) | (static_cast<std::uint32_t>(offset) << 2) | 1;
}

}  // namespace

std::optional<std::string> StoredFromLeaf(kj::ArrayPtr<const capnp::word> leaf, const Digest& prev_hash,
                                          const Digest& hash) {
  const char* in = reinterpret_cast<const char*>(leaf.begin());
  const std::size_t words = leaf.size();
  if (words < 1) return std::nullopt;
  const std::uint64_t root = Word(in);
  const std::uint32_t data = static_cast<std::uint16_t>(root >> 32);
  if (root != RootPointer(data, kLeafPointers) || words < 1 + data + kLeafPointers) return std::nullopt;
  const std::size_t pointers_at = 1 + data;  // the first pointer's word
  const std::size_t out_words = words + 2 + 2 * kHashWords;
  std::string out((1 + out_words) * 8, '\0');  // the segment table's word, then the segment
  const std::uint32_t table[2] = {0, static_cast<std::uint32_t>(out_words)};
  std::memcpy(out.data(), table, sizeof(table));
  PutWord(out, 1, RootPointer(data, kStoredPointers));
  std::memcpy(out.data() + 16, in + 8, data * 8);
  for (std::size_t i = 0; i < kLeafPointers; ++i) {
    const std::uint64_t ptr = Word(in + (pointers_at + i) * 8);
    if (!Movable(ptr)) return std::nullopt;
    PutWord(out, 1 + pointers_at + i, ptr == 0 ? 0 : WithOffset(ptr, Offset(ptr) + 2));
  }
  // The hashes' blobs go after everything else: prevHash's pointer (pointer 8) to the first.
  const std::size_t prev_blob = words + 2;
  const std::size_t prev_ptr = pointers_at + kLeafPointers;
  PutWord(out, 1 + prev_ptr, HashPointer(static_cast<std::int32_t>(prev_blob - prev_ptr - 1)));
  PutWord(out, 1 + prev_ptr + 1, HashPointer(static_cast<std::int32_t>(prev_blob + kHashWords - prev_ptr - 2)));
  const std::size_t objects_at = pointers_at + kLeafPointers;
  std::memcpy(out.data() + (1 + objects_at + 2) * 8, in + objects_at * 8, (words - objects_at) * 8);
  std::memcpy(out.data() + (1 + prev_blob) * 8, prev_hash.data(), 32);
  std::memcpy(out.data() + (1 + prev_blob + kHashWords) * 8, hash.data(), 32);
  return out;
}

std::optional<std::string> LeafFromStored(std::string_view stored) {
  if (stored.size() < 16 || stored.size() % 8 != 0) return std::nullopt;
  std::uint32_t table[2];
  std::memcpy(table, stored.data(), sizeof(table));
  const std::size_t words = stored.size() / 8 - 1;
  if (table[0] != 0 || table[1] != words) return std::nullopt;
  const char* in = stored.data() + 8;
  const std::uint64_t root = Word(in);
  const std::uint32_t data = static_cast<std::uint16_t>(root >> 32);
  const std::size_t pointers_at = 1 + data;
  const std::size_t objects_at = pointers_at + kStoredPointers;
  if (root != RootPointer(data, kStoredPointers) || words < objects_at + 2 * kHashWords) return std::nullopt;
  // The hashes' blobs are the last eight words.
  const std::size_t prev_blob = words - 2 * kHashWords;
  const std::size_t prev_ptr = pointers_at + kLeafPointers;
  if (Word(in + prev_ptr * 8) != HashPointer(static_cast<std::int32_t>(prev_blob - prev_ptr - 1)) ||
      Word(in + (prev_ptr + 1) * 8) != HashPointer(static_cast<std::int32_t>(prev_blob + kHashWords - prev_ptr - 2))) {
    return std::nullopt;
  }
  const std::size_t leaf_words = words - 2 - 2 * kHashWords;
  std::string out(leaf_words * 8, '\0');
  PutWord(out, 0, RootPointer(data, kLeafPointers));
  std::memcpy(out.data() + 8, in + 8, data * 8);
  for (std::size_t i = 0; i < kLeafPointers; ++i) {
    const std::uint64_t ptr = Word(in + (pointers_at + i) * 8);
    if (!Movable(ptr) || (ptr != 0 && Offset(ptr) < 2)) return std::nullopt;
    PutWord(out, pointers_at + i, ptr == 0 ? 0 : WithOffset(ptr, Offset(ptr) - 2));
  }
  std::memcpy(out.data() + (pointers_at + kLeafPointers) * 8, in + objects_at * 8, (prev_blob - objects_at) * 8);
  return out;
}

}  // namespace certreg::store
