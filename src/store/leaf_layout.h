// Internal to the store: the stored bytes of an event and its leaf (README,
// "Hash chain") differ only by the two 32-byte hashes, so each is derived from
// the other by moving words instead of encoding the event again.
//
// Both are canonical Cap'n Proto encodings of one Event (schemas/event.capnp):
// the root struct, its pointer section, then the pointed-to objects in
// pre-order. prevHash and hash are the root's last two pointers, so in the
// stored bytes their blobs are the last eight words; in the leaf they are
// unset, the pointer section (truncated to the last non-null pointer) is two
// words shorter, and every earlier pointer's offset is two less.
//
// Each function answers nullopt for a layout it does not expect (a pointer
// section of another length, a far pointer, an empty object, hashes not of 32
// bytes); the caller then takes the general way through a MessageBuilder.
// Neither checks that its input is canonical. Thread-safe (no state).
#pragma once

#include <capnp/common.h>
#include <kj/array.h>

#include <optional>
#include <string>
#include <string_view>

#include "certreg/common/sha256.h"

namespace certreg::store {

// The stored bytes (a one-segment flat message) of the event whose leaf words
// (canonical, without a segment table) are `leaf`, with `prev_hash` and `hash` set.
std::optional<std::string> StoredFromLeaf(kj::ArrayPtr<const capnp::word> leaf, const Digest& prev_hash,
                                          const Digest& hash);

// The leaf words, as bytes, of the stored event `stored` (a one-segment flat message).
std::optional<std::string> LeafFromStored(std::string_view stored);

}  // namespace certreg::store
