// The on-disk key layout of the event store. README.md, "Key layout", is the
// reference; change both together.
//
//   column family   key                                   value
//   events          position, 8-byte big-endian           Event (schemas/event.capnp), canonical, flat
//                                                         (zstd in 16 KiB blocks: rocks_options.h)
//   stream_index    stream id, 0x00, version 8-byte BE     position, 8-byte BE
//   stream_heads    stream id                             current version, 8-byte BE
//   idempotency     0x00, owner, 0x00, idempotency key    IdempotencyRecord (schemas/store.capnp)
//                   idempotency key (no owner; and records from before keys had owners)
//   meta            "head"                                LogHead (schemas/store.capnp)
//                   "format"                              "2" (format_version.h)
//   tree            level byte, index 8-byte BE           the 32-byte hash of the complete subtree of
//                                                         leaves [index·2^level, (index+1)·2^level),
//                                                         at the tile levels 0, 8, 16, … only (merkle.h;
//                                                         a tile is one range read; the other levels are
//                                                         folded from the tile level below; format 1
//                                                         stored every level)
//   checkpoints     tree size, 8-byte BE                  the signed checkpoint of that size, as served
//                                                         (a C2SP signed note, with any cosignatures)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace certreg::store::keys {

inline constexpr char kEventsCf[] = "events";
inline constexpr char kStreamIndexCf[] = "stream_index";
inline constexpr char kStreamHeadsCf[] = "stream_heads";
inline constexpr char kIdempotencyCf[] = "idempotency";
inline constexpr char kMetaCf[] = "meta";
inline constexpr char kTreeCf[] = "tree";
inline constexpr char kCheckpointsCf[] = "checkpoints";

inline constexpr char kHeadKey[] = "head";
inline constexpr char kFormatKey[] = "format";
inline constexpr char kFormatVersion[] = "2";

inline constexpr std::size_t kMaxStreamIdBytes = 200;
inline constexpr std::size_t kMaxIdempotencyKeyBytes = 200;
inline constexpr std::size_t kMaxIdempotencyOwnerBytes = 200;

std::string EncodeU64(std::uint64_t value);                      // 8 bytes, big-endian
std::optional<std::uint64_t> DecodeU64(std::string_view bytes);  // nullopt unless exactly 8 bytes

inline std::string EventKey(std::uint64_t position) { return EncodeU64(position); }

// Whether the tree's nodes of `level` are stored (format 2): the tile levels,
// multiples of merkle::kTileHeight (8).
inline constexpr bool StoresTreeLevel(int level) { return level % 8 == 0; }

// The tree node of `level` (0 to 63) and `index`: the level byte, then the index big-endian.
inline std::string TreeKey(int level, std::uint64_t index) {
  return std::string(1, static_cast<char>(level)) + EncodeU64(index);
}

// The idempotency record's key of `owner`'s `key`: the bare key when
// `owner` is empty, else 0x00 ‖ owner ‖ 0x00 ‖ key (owners hold no NUL byte,
// and a bare key never starts with one, so no two owners' keys meet).
std::string IdempotencyKey(std::string_view owner, std::string_view key);

std::string StreamIndexKey(std::string_view stream_id, std::uint64_t version);
// The prefix shared by all index keys of one stream (stream id, 0x00).
std::string StreamIndexPrefix(std::string_view stream_id);

}  // namespace certreg::store::keys
