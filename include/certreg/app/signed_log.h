// The verifiable log's signatures (README, "The verifiable log: checkpoints";
// trust.md §3): checkpoints of the store's Merkle tree signed with the log key
// as C2SP tlog-checkpoint notes, kept in the store by size before anyone sees
// them, and never one inconsistent with an earlier one; and notes signed with
// the status key (the certificate status statements, trust.md §5). One key
// never signs two kinds of message.
//
// Who signs when is the caller's (the server's checkpoint publisher: at start,
// at most once per interval while the tree grows, at a clean stop); who may
// see a checkpoint is the caller's too (Publish: with witnesses, only once a
// quorum cosigned it).
//
// Thread-safe: SignIfGrown and KeepCosigned run one at a time (one mutex);
// the readers take a snapshot and may run on any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "certreg/common/sha256.h"
#include "certreg/common/signed_note.h"
#include "certreg/common/status.h"
#include "certreg/store/event_store.h"

namespace certreg::app {

// A checkpoint's body: "<origin>\n<size>\n<base64 root>\n" (tlog-checkpoint,
// no extension lines).
struct CheckpointBody {
  std::string origin;
  std::uint64_t size = 0;
  Digest root{};
  bool operator==(const CheckpointBody&) const = default;
};

std::string CheckpointText(const CheckpointBody& body);
// Parses a checkpoint's body, or a whole signed checkpoint (its text before
// the blank line). InvalidArgument naming what is wrong: a size with a sign
// or a leading zero, a root that is not 32 bytes of base64, an extension line
// (certreg writes none), text after the root.
Result<CheckpointBody> ParseCheckpoint(std::string_view note);

// A signed checkpoint: its body and the signed note (with cosignatures once
// witnessed).
struct SignedCheckpoint {
  CheckpointBody body;
  std::string note;
};

// The check of trust.md §3 at open: the last checkpoint kept in `store` must
// have the root of the tree recomputed from the stored events at its size
// (a scan of them) and of the stored tree nodes. Ok when none was kept.
// Corruption saying which root differs, at which size, and that the stored
// events (or the tree) changed after the checkpoint was signed; IOError etc.
// from the store.
Status CheckLastCheckpoint(const store::EventStore& store);

class SignedLog {
 public:
  // `log_key` is named by the log's origin; `status_key` by "<origin>/status".
  // The store must outlive this object.
  SignedLog(store::EventStore& store, NoteSigner log_key, NoteSigner status_key);

  // Loads the last checkpoint kept, after CheckLastCheckpoint; its refusal is
  // returned as is (with the origin checked too: a checkpoint of another
  // origin is Corruption). Call once, before anything else.
  Status Open();

  const std::string& origin() const { return log_key_.name; }
  // The log and status verifier keys, one a line (GET /log/vkey).
  std::string VerifierKeys() const;
  NoteVerifier LogVerifier() const { return VerifierOf(log_key_); }
  NoteVerifier StatusVerifier() const { return VerifierOf(status_key_); }

  // Signs the tree at its current size when it grew past the last signed
  // checkpoint, or when none was signed yet (size 0 included), and keeps the
  // checkpoint in the store before returning it; nullopt when the tree did
  // not grow. Before signing, the new root is checked against the last signed
  // one with a consistency proof from the stored nodes: Corruption, nothing
  // signed, when it does not hold.
  Result<std::optional<SignedCheckpoint>> SignIfGrown();
  // The last checkpoint signed (and kept); null before the first.
  std::shared_ptr<const SignedCheckpoint> LastSigned() const;
  // Keeps `cosigned` (a signed checkpoint of the same body with cosignatures
  // added) in place of the one kept for its size. InvalidArgument when no
  // checkpoint of that body was signed or the note does not carry the log's
  // signature.
  Status KeepCosigned(const SignedCheckpoint& cosigned);

  // What GET /log/checkpoint serves: null until the first Publish.
  void Publish(std::shared_ptr<const SignedCheckpoint> checkpoint);
  std::shared_ptr<const SignedCheckpoint> Published() const;

  // What an operator watches of the published checkpoint (metrics, /readyz;
  // README, "Operating the signed log"). Times are wall-clock.
  struct Freshness {
    std::uint64_t size = 0;                                // its tree size
    std::chrono::system_clock::time_point signed_at;       // when signed; one signed before Open: when Open loaded it
    std::chrono::system_clock::time_point covered_log_at;  // the last time it held every event of the log
  };
  // Of the published checkpoint; nullopt before the first Publish.
  std::optional<Freshness> PublishedFreshness() const;
  // When this object was made: the start of the wait for a first checkpoint.
  std::chrono::system_clock::time_point made_at() const { return made_at_; }

  // The checkpoint kept for `size`. NotFound when none was signed at that size.
  Result<SignedCheckpoint> CheckpointAt(std::uint64_t size) const;

  // `text` signed with the status key (a signed note).
  Result<std::string> SignWithStatusKey(std::string_view text) const;

 private:
  store::EventStore& store_;
  const NoteSigner log_key_;
  const NoteSigner status_key_;
  std::mutex sign_mu_;  // SignIfGrown and KeepCosigned, one at a time
  mutable std::mutex mu_;
  std::shared_ptr<const SignedCheckpoint> last_signed_;  // mu_
  std::shared_ptr<const SignedCheckpoint> published_;    // mu_
  const std::chrono::system_clock::time_point made_at_ = std::chrono::system_clock::now();
  std::chrono::system_clock::time_point last_signed_at_;   // mu_: when last_signed_ was signed (or loaded)
  std::chrono::system_clock::time_point last_covered_at_;  // mu_: when last_signed_ last held the whole log
  Freshness published_freshness_;                          // mu_: of published_ when it was published
};

}  // namespace certreg::app
