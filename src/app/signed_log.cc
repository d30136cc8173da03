#include "certreg/app/signed_log.h"

#include <cstring>

#include "certreg/common/base64.h"
#include "certreg/store/merkle.h"

namespace certreg::app {
namespace {

namespace merkle = store::merkle;

std::string Base64Of(const Digest& d) {
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

std::optional<std::uint64_t> ParseSize(std::string_view text) {
  if (text.empty() || text.size() > 20 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

merkle::HashReader NodesOf(const store::EventStore& store) {
  return [&store](const std::vector<merkle::NodeId>& ids) { return store.ReadTreeNodes(ids); };
}

}  // namespace

std::string CheckpointText(const CheckpointBody& body) {
  return body.origin + "\n" + std::to_string(body.size) + "\n" + Base64Of(body.root) + "\n";
}

Result<CheckpointBody> ParseCheckpoint(std::string_view note) {
  // The body ends at the blank line before the signatures, or at the end.
  const std::size_t blank = note.find("\n\n");
  const std::string_view text = blank == std::string_view::npos ? note : note.substr(0, blank + 1);
  if (text.empty() || text.back() != '\n') return Status::InvalidArgument("a checkpoint ends in a newline");
  std::vector<std::string_view> lines;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = text.find('\n', at);
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  if (lines.size() < 3) return Status::InvalidArgument("a checkpoint has an origin, a size and a root line");
  if (lines.size() > 3) return Status::InvalidArgument("a certreg checkpoint has no extension lines");
  CheckpointBody body;
  body.origin = std::string(lines[0]);
  if (body.origin.empty()) return Status::InvalidArgument("a checkpoint's origin line is empty");
  auto size = ParseSize(lines[1]);
  if (!size) return Status::InvalidArgument("a checkpoint's size is a decimal number without a leading zero");
  body.size = *size;
  auto root = Base64Decode(lines[2]);
  if (!root || root->size() != body.root.size()) {
    return Status::InvalidArgument("a checkpoint's root is 32 bytes of base64");
  }
  std::memcpy(body.root.data(), root->data(), body.root.size());
  if (Base64Of(body.root) != lines[2]) return Status::InvalidArgument("a checkpoint's root is not canonical base64");
  return body;
}

Status CheckLastCheckpoint(const store::EventStore& store) {
  auto kept = store.LatestCheckpoint();
  if (!kept.ok()) return kept.status();
  if (!*kept) return Status::Ok();
  auto body = ParseCheckpoint((*kept)->note);
  if (!body.ok()) return Status::Corruption("the last signed checkpoint is unreadable: " + body.status().message());
  const std::string size = std::to_string(body->size);
  if (body->size != (*kept)->size) {
    return Status::Corruption("the checkpoint kept for size " + std::to_string((*kept)->size) + " is of size " + size);
  }
  auto from_events = store.RecomputeRoot(body->size);
  if (!from_events.ok()) {
    return Status::Corruption("the last signed checkpoint is of size " + size + " but the log cannot give its root: " +
                              from_events.status().message());
  }
  if (*from_events != body->root) {
    return Status::Corruption("the events of the log hash to root " + Base64Of(*from_events) + " at size " + size +
                              ", not to the root " + Base64Of(body->root) +
                              " of the checkpoint signed at that size: stored events were changed after it was "
                              "signed (certreg verify names the first changed one)");
  }
  auto from_nodes = merkle::Root(body->size, NodesOf(store));
  if (!from_nodes.ok()) return from_nodes.status().WithContext("the stored tree at size " + size);
  if (*from_nodes != body->root) {
    return Status::Corruption("the stored Merkle tree has root " + Base64Of(*from_nodes) + " at size " + size +
                              ", not the root " + Base64Of(body->root) + " of the checkpoint signed at that size");
  }
  return Status::Ok();
}

SignedLog::SignedLog(store::EventStore& store, NoteSigner log_key, NoteSigner status_key)
    : store_(store), log_key_(std::move(log_key)), status_key_(std::move(status_key)) {}

Status SignedLog::Open() {
  CERTREG_RETURN_IF_ERROR(CheckLastCheckpoint(store_));
  auto kept = store_.LatestCheckpoint();
  if (!kept.ok()) return kept.status();
  if (!*kept) return Status::Ok();
  auto body = ParseCheckpoint((*kept)->note);
  if (!body.ok()) return body.status();
  if (body->origin != origin()) {
    return Status::Corruption("the last signed checkpoint is of origin " + body->origin + ", not " + origin() +
                              " (the log key's name)");
  }
  if (auto opened = OpenNote((*kept)->note, {LogVerifier()}); !opened.ok()) {
    return Status::Corruption("the last signed checkpoint does not carry a valid signature of the log key: " +
                              opened.status().message());
  }
  std::lock_guard<std::mutex> lock(mu_);
  last_signed_ = std::make_shared<const SignedCheckpoint>(SignedCheckpoint{*body, (*kept)->note});
  last_signed_at_ = last_covered_at_ = std::chrono::system_clock::now();
  return Status::Ok();
}

std::string SignedLog::VerifierKeys() const {
  return NoteVerifierKeyText(LogVerifier()) + "\n" + NoteVerifierKeyText(StatusVerifier()) + "\n";
}

Result<std::optional<SignedCheckpoint>> SignedLog::SignIfGrown() {
  std::lock_guard<std::mutex> signing(sign_mu_);
  const std::shared_ptr<const SignedCheckpoint> last = LastSigned();
  const auto now = std::chrono::system_clock::now();
  const std::uint64_t size = store_.Head().size;
  if (last && size <= last->body.size) {
    std::lock_guard<std::mutex> lock(mu_);
    if (last_signed_ == last) last_covered_at_ = now;
    return std::optional<SignedCheckpoint>();
  }
  auto root = merkle::Root(size, NodesOf(store_));
  if (!root.ok()) return root.status();
  if (last) {
    auto proof = merkle::ConsistencyProof(last->body.size, size, NodesOf(store_));
    if (!proof.ok()) return proof.status();
    if (Status consistent = merkle::VerifyConsistency(last->body.size, size, last->body.root, *root, *proof);
        !consistent.ok()) {
      return Status::Corruption("the tree of " + std::to_string(size) + " leaves is not an extension of the one of "
                                "the checkpoint signed at size " + std::to_string(last->body.size) + ": " +
                                consistent.message() + "; nothing signed");
    }
  }
  SignedCheckpoint checkpoint;
  checkpoint.body = {origin(), size, *root};
  auto note = SignNote(CheckpointText(checkpoint.body), {log_key_});
  if (!note.ok()) return note.status();
  checkpoint.note = std::move(note).value();
  CERTREG_RETURN_IF_ERROR(store_.PutCheckpoint(size, checkpoint.note));
  {
    std::lock_guard<std::mutex> lock(mu_);
    last_signed_ = std::make_shared<const SignedCheckpoint>(checkpoint);
    last_signed_at_ = std::chrono::system_clock::now();
    last_covered_at_ = now;
  }
  return std::optional<SignedCheckpoint>(std::move(checkpoint));
}

std::shared_ptr<const SignedCheckpoint> SignedLog::LastSigned() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_signed_;
}

Status SignedLog::KeepCosigned(const SignedCheckpoint& cosigned) {
  std::lock_guard<std::mutex> signing(sign_mu_);
  auto kept = CheckpointAt(cosigned.body.size);
  if (!kept.ok()) return Status::InvalidArgument("no checkpoint was signed at size " +
                                                 std::to_string(cosigned.body.size));
  auto body = ParseCheckpoint(cosigned.note);
  if (!body.ok() || !(*body == kept->body) || !(cosigned.body == kept->body)) {
    return Status::InvalidArgument("a cosigned checkpoint has the body of the one it adds to");
  }
  if (auto opened = OpenNote(cosigned.note, {LogVerifier()}); !opened.ok()) {
    return Status::InvalidArgument("a cosigned checkpoint carries the log's signature");
  }
  CERTREG_RETURN_IF_ERROR(store_.PutCheckpoint(cosigned.body.size, cosigned.note));
  std::lock_guard<std::mutex> lock(mu_);
  if (last_signed_ && last_signed_->body == cosigned.body) {
    last_signed_ = std::make_shared<const SignedCheckpoint>(cosigned);
  }
  return Status::Ok();
}

void SignedLog::Publish(std::shared_ptr<const SignedCheckpoint> checkpoint) {
  std::lock_guard<std::mutex> lock(mu_);
  if (published_ && checkpoint && checkpoint->body.size < published_->body.size) return;  // never backwards
  if (checkpoint && !(published_ && published_->body == checkpoint->body)) {
    const bool last = last_signed_ && last_signed_->body == checkpoint->body;
    const auto now = std::chrono::system_clock::now();
    published_freshness_ = {checkpoint->body.size, last ? last_signed_at_ : now, last ? last_covered_at_ : now};
  }
  published_ = std::move(checkpoint);
}

std::optional<SignedLog::Freshness> SignedLog::PublishedFreshness() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!published_) return std::nullopt;
  // The published one is still the last signed: it keeps covering the log while the log does not grow.
  if (last_signed_ && last_signed_->body == published_->body) {
    return Freshness{published_->body.size, last_signed_at_, last_covered_at_};
  }
  return published_freshness_;
}

std::shared_ptr<const SignedCheckpoint> SignedLog::Published() const {
  std::lock_guard<std::mutex> lock(mu_);
  return published_;
}

Result<SignedCheckpoint> SignedLog::CheckpointAt(std::uint64_t size) const {
  auto note = store_.ReadCheckpoint(size);
  if (!note.ok()) return note.status();
  if (!*note) return Status::NotFound("no checkpoint was signed at tree size " + std::to_string(size));
  auto body = ParseCheckpoint(**note);
  if (!body.ok()) return Status::Corruption("the checkpoint kept for size " + std::to_string(size) +
                                            " is unreadable: " + body.status().message());
  return SignedCheckpoint{*body, std::move(**note)};
}

Result<std::string> SignedLog::SignWithStatusKey(std::string_view text) const {
  return SignNote(text, {status_key_});
}

}  // namespace certreg::app
