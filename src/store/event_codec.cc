#include "store/event_codec.h"

#include <capnp/any.h>
#include <capnp/dynamic.h>
#include <kj/exception.h>

#include <nlohmann/json.hpp>

#include "event.capnp.h"
#include "schemas/capnp_bytes.h"
#include "store/leaf_layout.h"
#include "store/payload_json.h"
#include "store.capnp.h"

namespace certreg::store {
namespace {

using schema::AlignedCopy;
using schema::CanonicalFlat;
using schema::Event;
using schema::SafeReaderOptions;
using schema::ToString;
using schema::ToView;

constexpr std::uint8_t kLeafPrefix = 0x00;   // RFC 6962 leaf hash prefix
constexpr std::uint8_t kChainPrefix = 0x01;  // RFC 6962 interior-node prefix, used for the chain step

Digest ToDigest(capnp::Data::Reader data) {
  Digest d{};
  if (data.size() == d.size()) std::memcpy(d.data(), data.begin(), d.size());
  return d;
}

capnp::Data::Reader AsData(const Digest& d) { return capnp::Data::Reader(d.data(), d.size()); }

Digest LeafHashOfBytes(const void* leaf, std::size_t bytes) {
  return Sha256().Add(&kLeafPrefix, 1).Add(leaf, bytes).Finish();
}

Digest LeafHash(Event::Reader event_without_hashes) {
  kj::Array<capnp::word> leaf = capnp::AnyStruct::Reader(event_without_hashes).canonicalize();
  return LeafHashOfBytes(leaf.begin(), leaf.size() * sizeof(capnp::word));
}

// `bytes` as words for a reader: in place when aligned (a std::string's heap
// buffer is), else in `copy`. Empty when not a whole number of words.
kj::ArrayPtr<const capnp::word> Words(std::string_view bytes, kj::Array<capnp::word>& copy) {
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) return nullptr;
  if (reinterpret_cast<std::uintptr_t>(bytes.data()) % alignof(capnp::word) == 0) {
    return kj::ArrayPtr<const capnp::word>(reinterpret_cast<const capnp::word*>(bytes.data()),
                                           bytes.size() / sizeof(capnp::word));
  }
  copy = AlignedCopy(bytes);
  return copy.asPtr();
}

Status DecodeFailure(const kj::Exception& e) {
  // kj's description carries source locations; keep only a short reason.
  (void)e;
  return Status::Corruption("bytes do not decode as a Cap'n Proto message of the expected type");
}

using MessageReader = capnp::FlatArrayMessageReader;

// What `read` makes of the Cap'n Proto message in `bytes`, read with the safe
// limits: bytes that are not whole words (`not_words`, the message then) or
// that do not decode are Corruption.
template <typename T, typename Read>
Result<T> ReadMessage(std::string_view bytes, const char* not_words, Read&& read) {
  auto words = AlignedCopy(bytes);
  if (words.size() == 0) return Status::Corruption(not_words);
  try {
    MessageReader reader(words, SafeReaderOptions(bytes.size()));
    return read(reader);
  } catch (const kj::Exception& e) {
    return DecodeFailure(e);
  }
}

void FillHeader(Event::Reader ev, RecordedEvent* out) {
  out->position = ev.getPosition();
  out->stream_id = ev.getStreamId();
  out->stream_version = ev.getStreamVersion();
  out->type = ev.getType();
  out->event_id = ev.getEventId();
  out->recorded_at_micros = ev.getRecordedAtMicros();
  out->effective_date = ev.getEffectiveDate();
  auto actor = ev.getActor();
  out->actor = {actor.getName(), actor.getRole(), actor.getTokenId()};
  out->idempotency_key = ev.getIdempotencyKey();
  out->correlation_id = ev.getCorrelationId();
  out->prev_hash = ToDigest(ev.getPrevHash());
  out->hash = ToDigest(ev.getHash());
}

// The type name of the payload's union member is the name of the member's
// struct: its wire name ("StoreProbe", "CertificateSuspended"; see
// schemas/event.capnp). Empty for a member written by a later version.
std::string PayloadTypeName(schema::Payload::Reader payload) {
  KJ_IF_MAYBE(member, capnp::toDynamic(payload).which()) {
    return member->getType().asStruct().getShortDisplayName();
  }
  return "";
}

}  // namespace

Digest ChainHash(const Digest& prev_hash, const Digest& leaf_hash) {
  return Sha256()
      .Add(&kChainPrefix, 1)
      .Add(prev_hash.data(), prev_hash.size())
      .Add(leaf_hash.data(), leaf_hash.size())
      .Finish();
}

Result<std::string> EncodeEvent(const RecordedEvent& header, std::string_view payload, const Digest& prev_hash,
                                Digest* hash_out, LeafInfo* leaf_out) {
  try {
    kj::Array<capnp::word> copy;
    auto payload_words = Words(payload, copy);
    if (payload_words.size() == 0) return Status::Corruption("payload is not a whole number of words");
    capnp::FlatArrayMessageReader payload_reader(payload_words, SafeReaderOptions(payload.size()));

    capnp::MallocMessageBuilder message(1024);
    auto ev = message.initRoot<Event>();
    ev.setPosition(header.position);
    ev.setStreamId(header.stream_id);
    ev.setStreamVersion(header.stream_version);
    ev.setType(header.type);
    ev.setEventId(header.event_id);
    ev.setRecordedAtMicros(header.recorded_at_micros);
    ev.setEffectiveDate(header.effective_date);
    auto actor = ev.initActor();
    actor.setName(header.actor.name);
    actor.setRole(header.actor.role);
    actor.setTokenId(header.actor.token_id);
    ev.setIdempotencyKey(header.idempotency_key);
    ev.setCorrelationId(header.correlation_id);
    ev.setPayload(payload_reader.getRoot<schema::Payload>());

    // One canonical encoding, the leaf's; the stored bytes are moved from it (leaf_layout.h).
    kj::Array<capnp::word> leaf = capnp::AnyStruct::Reader(ev.asReader()).canonicalize();
    const std::size_t leaf_bytes = leaf.size() * sizeof(capnp::word);
    const Digest leaf_hash = LeafHashOfBytes(leaf.begin(), leaf_bytes);
    if (leaf_out != nullptr) *leaf_out = LeafInfo{leaf_hash, leaf_bytes};
    Digest hash = ChainHash(prev_hash, leaf_hash);
    if (hash_out != nullptr) *hash_out = hash;
    if (auto stored = StoredFromLeaf(leaf, prev_hash, hash)) return std::move(*stored);
    ev.setPrevHash(AsData(prev_hash));
    ev.setHash(AsData(hash));
    return CanonicalFlat(capnp::AnyStruct::Reader(ev.asReader()).canonicalize());
  } catch (const kj::Exception& e) {
    return DecodeFailure(e);
  }
}

Result<RecordedEvent> DecodeEvent(std::string_view bytes) {
  const char* not_words = "event bytes are not a whole number of words";
  return ReadMessage<RecordedEvent>(bytes, not_words, [&](MessageReader& reader) -> Result<RecordedEvent> {
    RecordedEvent out;
    FillHeader(reader.getRoot<Event>(), &out);
    out.raw = std::string(bytes);
    return out;
  });
}

Result<std::string> LeafOf(std::string_view bytes) {
  const char* not_words = "event bytes are not a whole number of words";
  return ReadMessage<std::string>(bytes, not_words, [&](MessageReader& reader) -> Result<std::string> {
    capnp::MallocMessageBuilder message(bytes.size() / sizeof(capnp::word) + 16);
    message.setRoot(reader.getRoot<Event>());
    auto ev = message.getRoot<Event>();
    ev.disownPrevHash();
    ev.disownHash();
    kj::Array<capnp::word> leaf = capnp::AnyStruct::Reader(ev.asReader()).canonicalize();
    return ToString(leaf.asPtr());  // the canonical words alone, as the chain hashes them
  });
}

Result<RecordedEvent> DecodeVerified(std::string_view bytes, const Digest& prev_hash, Digest* leaf_hash_out) {
  auto words = AlignedCopy(bytes);
  if (words.size() < 2) return Status::Corruption("event bytes are not a whole number of words");
  try {
    capnp::FlatArrayMessageReader reader(words, SafeReaderOptions(bytes.size()));
    auto stored = reader.getRoot<Event>();
    if (CanonicalFlat(capnp::AnyStruct::Reader(stored).canonicalize()) != bytes) {
      return Status::Corruption("stored bytes are not in canonical form");
    }
    RecordedEvent out;
    FillHeader(stored, &out);
    if (stored.getPrevHash().size() != 32 || out.prev_hash != prev_hash) {
      return Status::Corruption("previous hash does not match the chain");
    }
    Digest leaf_hash;
    if (auto leaf = LeafFromStored(bytes)) {  // canonical bytes: the leaf is moved from them
      leaf_hash = LeafHashOfBytes(leaf->data(), leaf->size());
    } else {
      capnp::MallocMessageBuilder message(bytes.size() / sizeof(capnp::word) + 16);
      message.setRoot(stored);
      auto ev = message.getRoot<Event>();
      ev.disownPrevHash();
      ev.disownHash();
      leaf_hash = LeafHash(ev.asReader());
    }
    if (stored.getHash().size() != 32 || ChainHash(prev_hash, leaf_hash) != out.hash) {
      return Status::Corruption("hash does not match the event's content");
    }
    if (leaf_hash_out != nullptr) *leaf_hash_out = leaf_hash;
    out.raw = std::string(bytes);
    return out;
  } catch (const kj::Exception& e) {
    return DecodeFailure(e);
  }
}

Result<ExportedEvent> ExportEvent(std::string_view bytes) {
  const char* not_words = "event bytes are not a whole number of words";
  return ReadMessage<ExportedEvent>(bytes, not_words, [&](MessageReader& reader) -> Result<ExportedEvent> {
    auto ev = reader.getRoot<Event>();
    ExportedEvent out;
    FillHeader(ev, &out.header);
    out.data_json = PayloadDataJson(capnp::toDynamic(ev.getPayload())).dump();
    return out;
  });
}

Result<std::string> EventToJson(std::string_view bytes) {
  auto exported = ExportEvent(bytes);
  if (!exported.ok()) return exported.status();
  const RecordedEvent& h = exported->header;
  nlohmann::ordered_json out = {
      {"position", h.position},
      {"stream_id", h.stream_id},
      {"stream_version", h.stream_version},
      {"type", h.type},
      {"event_id", h.event_id},
      {"recorded_at_micros", h.recorded_at_micros},
      {"effective_date", h.effective_date},
      {"actor", {{"name", h.actor.name}, {"role", h.actor.role}, {"token_id", h.actor.token_id}}},
      {"idempotency_key", h.idempotency_key},
      {"correlation_id", h.correlation_id},
      {"data", nlohmann::ordered_json::parse(exported->data_json)},
      {"prev_hash", ToHex(h.prev_hash)},
      {"hash", ToHex(h.hash)},
  };
  return out.dump();
}

Result<std::string> PayloadType(std::string_view payload) {
  const char* not_words = "payload is not a whole number of words";
  return ReadMessage<std::string>(payload, not_words, [&](MessageReader& reader) -> Result<std::string> {
    std::string name = PayloadTypeName(reader.getRoot<schema::Payload>());
    if (name.empty()) return Status::Corruption("payload type unknown to this version");
    return name;
  });
}

std::string EncodeStoreProbe(std::string_view note, std::string_view filler) {
  capnp::MallocMessageBuilder message(256);
  auto probe = message.initRoot<schema::Payload>().initStoreProbe();
  probe.setNote(std::string(note));
  probe.setFiller(std::string(filler));
  return ToString(capnp::messageToFlatArray(message));
}

std::string EncodeLogHead(const LogHead& head) {
  capnp::MallocMessageBuilder message(64);
  auto root = message.initRoot<schema::LogHead>();
  root.setSize(head.size);
  root.setHash(AsData(head.hash));
  root.setLastRecordedAtMicros(head.last_recorded_at_micros);
  return ToString(capnp::messageToFlatArray(message));
}

Result<LogHead> DecodeLogHead(std::string_view bytes) {
  const char* not_words = "log head is not a whole number of words";
  return ReadMessage<LogHead>(bytes, not_words, [&](MessageReader& reader) -> Result<LogHead> {
    auto root = reader.getRoot<schema::LogHead>();
    if (root.getHash().size() != 32) return Status::Corruption("log head hash is not 32 bytes");
    return LogHead{root.getSize(), ToDigest(root.getHash()), root.getLastRecordedAtMicros()};
  });
}

std::string EncodeIdempotencyRecord(const IdempotencyRecord& record) {
  capnp::MallocMessageBuilder message(128);
  auto root = message.initRoot<schema::IdempotencyRecord>();
  root.setFingerprint(AsData(record.fingerprint));
  root.setStreamId(record.stream_id);
  root.setFirstPosition(record.first_position);
  root.setFirstVersion(record.first_version);
  auto types = root.initTypes(static_cast<unsigned>(record.types.size()));
  for (unsigned i = 0; i < record.types.size(); ++i) types.set(i, record.types[i]);
  root.setRecordedAtMicros(record.recorded_at_micros);
  root.setResponse(schema::AsData(record.response));
  return ToString(capnp::messageToFlatArray(message));
}

Result<IdempotencyRecord> DecodeIdempotencyRecord(std::string_view bytes) {
  const char* not_words = "idempotency record is not a whole number of words";
  return ReadMessage<IdempotencyRecord>(bytes, not_words, [&](MessageReader& reader) -> Result<IdempotencyRecord> {
    auto root = reader.getRoot<schema::IdempotencyRecord>();
    IdempotencyRecord out;
    out.fingerprint = ToDigest(root.getFingerprint());
    out.stream_id = root.getStreamId();
    out.first_position = root.getFirstPosition();
    out.first_version = root.getFirstVersion();
    for (auto t : root.getTypes()) out.types.emplace_back(t);
    out.recorded_at_micros = root.getRecordedAtMicros();
    out.response = std::string(ToView(root.getResponse()));
    return out;
  });
}

}  // namespace certreg::store
