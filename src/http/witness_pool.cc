#include "http/witness_pool.h"

#include <algorithm>
#include <charconv>

#include <spdlog/spdlog.h>

#include "certreg/common/base64.h"
#include "certreg/common/cosignature.h"
#include "certreg/common/thread_name.h"

namespace certreg::http {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kMaxConflicts = 3;           // 409s answered in one exchange before it counts as failed
constexpr std::size_t kShownBody = 200;    // bytes of a witness's refusal shown in the log

// A witness's answer as the log shows it: printable ASCII, one line, cut short.
std::string Shown(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, kShownBody)) {
    if (c == '\n') break;
    out += c >= 0x20 && c < 0x7f ? c : '?';
  }
  return out.empty() ? "(no body)" : out;
}

// The body of a 409: the witness's size in decimal and a newline (text/x.tlog.size).
std::optional<std::uint64_t> ConflictSize(const WitnessReply& reply) {
  if (reply.content_type.rfind("text/x.tlog.size", 0) != 0) return std::nullopt;
  std::string_view text = reply.body;
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  std::uint64_t size = 0;
  const char* end = text.data() + text.size();
  const auto parsed = std::from_chars(text.data(), end, size);
  if (text.empty() || parsed.ec != std::errc() || parsed.ptr != end || (text.size() > 1 && text[0] == '0')) {
    return std::nullopt;
  }
  return size;
}

// The newest of a witness's cosignatures (a witness may return several of one key).
const Cosignature& Newest(const std::vector<Cosignature>& cosignatures) {
  return *std::max_element(cosignatures.begin(), cosignatures.end(),
                           [](const Cosignature& a, const Cosignature& b) { return a.timestamp < b.timestamp; });
}

}  // namespace

std::string LogSignedNote(const app::SignedCheckpoint& checkpoint) {
  auto parts = SplitSignedNote(checkpoint.note);
  if (!parts.ok()) return checkpoint.note;  // the log signed it: not malformed
  std::string note = parts->text + "\n";
  for (const NoteSignatureLine& sig : parts->signatures) {
    if (sig.name == checkpoint.body.origin) note += sig.line;
  }
  return note;
}

WitnessPool::WitnessPool(app::SignedLog& log, Proof proof, WitnessPoolOptions options, std::chrono::milliseconds timeout,
                         Post post)
    : log_(log),
      proof_(std::move(proof)),
      quorum_(options.quorum == 0 ? options.witnesses.size() : options.quorum),
      refresh_(options.refresh),
      retry_(options.retry),
      post_(std::move(post)),
      timeout_(timeout) {
  for (WitnessOptions& w : options.witnesses) {
    witnesses_.push_back(std::make_unique<Witness>());
    witnesses_.back()->index = witnesses_.size() - 1;
    witnesses_.back()->options = std::move(w);
  }
}

WitnessPool::~WitnessPool() { Stop(); }

void WitnessPool::AdoptKept() {
  const std::shared_ptr<const app::SignedCheckpoint> kept = log_.LastSigned();
  if (!kept) return;
  const auto age_now = std::chrono::system_clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& w : witnesses_) {
    auto cosignatures = OpenCosignatures(kept->note, w->options.key);
    if (!cosignatures.ok()) {
      spdlog::warn("the kept checkpoint of size {}: the cosignature of witness {} is ignored: {}", kept->body.size,
                   w->options.name, cosignatures.status().message());
      continue;
    }
    if (cosignatures->empty()) continue;
    const Cosignature& newest = Newest(*cosignatures);
    const auto signed_at = std::chrono::system_clock::time_point(std::chrono::seconds(newest.timestamp));
    const auto age = std::max(std::chrono::system_clock::duration::zero(), age_now - signed_at);
    w->size = kept->body.size;
    w->cosigned = kept;
    w->line = newest.line;
    w->cosigned_at = Clock::now() - std::chrono::duration_cast<Clock::duration>(age);
  }
  Gather(kept);
}

void WitnessPool::Start() {
  if (started_) return;
  started_ = true;
  if (!post_) {
    for (auto& w : witnesses_) w->client = std::make_unique<WitnessClient>(w->options.url, timeout_);
    post_ = [this](std::size_t index, const std::string& body) {
      return witnesses_[index]->client->AddCheckpoint(body);
    };
  }
  for (auto& w : witnesses_) {
    w->thread = std::thread([this, raw = w.get()] { Loop(*raw); });
    NameThread(w->thread, "witness");
  }
}

void WitnessPool::Wake() {
  std::lock_guard<std::mutex> lock(mu_);
  cv_.notify_all();
}

void WitnessPool::Stop() {
  if (!started_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& w : witnesses_) {
    if (w->thread.joinable()) w->thread.join();
  }
  started_ = false;
}

void WitnessPool::Loop(Witness& w) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    const std::shared_ptr<const app::SignedCheckpoint> latest = log_.LastSigned();
    const Clock::time_point now = Clock::now();
    const bool fresh = latest && w.cosigned && w.cosigned->body == latest->body && now < w.cosigned_at + refresh_;
    if (latest && !fresh && now >= w.retry_at) {
      lock.unlock();
      const bool cosigned = Send(w, latest);
      lock.lock();
      if (!cosigned) w.retry_at = Clock::now() + retry_;
      continue;
    }
    // Until the cosignature is due again, or the retry after a failure; a new checkpoint wakes it sooner.
    cv_.wait_until(lock, fresh ? w.cosigned_at + refresh_ : !latest ? now + retry_ : w.retry_at);
  }
}

bool WitnessPool::Send(Witness& w, const std::shared_ptr<const app::SignedCheckpoint>& checkpoint) {
  const std::uint64_t size = checkpoint->body.size;
  const std::string note = LogSignedNote(*checkpoint);
  std::uint64_t old = w.size;  // written by this thread only (and AdoptKept before Start)
  for (int conflicts = 0; conflicts < kMaxConflicts; ++conflicts) {
    if (old > size) {
      Failed(w, "it holds a checkpoint of size " + std::to_string(old) + ", beyond the log's latest (" +
                    std::to_string(size) + "): no consistency proof can reach it");
      return false;
    }
    std::string body = "old " + std::to_string(old) + "\n";
    if (old > 0 && old < size) {
      auto proof = proof_(old, size);
      if (!proof.ok()) {
        Failed(w, "the consistency proof from size " + std::to_string(old) + ": " + proof.status().message());
        return false;
      }
      for (const Digest& hash : *proof) {
        body += Base64Encode(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size())) + "\n";
      }
    }
    body += "\n" + note;
    const WitnessReply reply = post_(w.index, body);
    if (reply.status == 409) {
      const auto held = ConflictSize(reply);
      if (!held) {
        Failed(w, "it answered 409 without its size (text/x.tlog.size): " + Shown(reply.body));
        return false;
      }
      if (*held == old) {
        Failed(w, "it answered 409 for size " + std::to_string(old) +
                      ": it holds another checkpoint of that size, or of the log's size with another root");
        return false;
      }
      old = *held;
      w.size = old;
      continue;
    }
    if (reply.status != 200) {
      Failed(w, reply.status == 0 ? "no answer: " + reply.error
                                  : "it answered " + std::to_string(reply.status) + ": " + Shown(reply.body));
      return false;
    }
    auto cosignatures = OpenCosignatures(CheckpointText(checkpoint->body) + "\n" + reply.body, w.options.key);
    if (!cosignatures.ok()) {
      Failed(w, "its answer was ignored: " + cosignatures.status().message());
      return false;
    }
    if (cosignatures->empty()) {
      Failed(w, "its answer carries no cosignature of its key " + CosignerKeyText(w.options.key));
      return false;
    }
    if (!w.last_error.empty()) spdlog::info("witness {} cosigns again", w.options.name);
    w.last_error.clear();
    std::lock_guard<std::mutex> lock(mu_);
    w.size = size;
    w.cosigned = checkpoint;
    w.line = Newest(*cosignatures).line;
    w.cosigned_at = Clock::now();
    Gather(checkpoint);
    return true;
  }
  Failed(w, "it kept answering 409 Conflict");
  return false;
}

void WitnessPool::Gather(const std::shared_ptr<const app::SignedCheckpoint>& checkpoint) {
  std::string lines;
  std::size_t count = 0;
  for (const auto& w : witnesses_) {
    if (w->cosigned && w->cosigned->body == checkpoint->body) {
      lines += w->line;
      ++count;
    }
  }
  if (count < quorum_ || count == 0) return;
  app::SignedCheckpoint cosigned{checkpoint->body, LogSignedNote(*checkpoint) + lines};
  if (Status kept = log_.KeepCosigned(cosigned); !kept.ok()) {
    spdlog::error("keeping the checkpoint of size {} with its cosignatures: {}", checkpoint->body.size,
                  kept.ToString());
    return;
  }
  if (checkpoint->body.size > published_size_ || published_size_ == kNothingPublished) {
    spdlog::info("the checkpoint of size {} is cosigned by {} of {} witnesses (quorum {}): published",
                 checkpoint->body.size, count, witnesses_.size(), quorum_);
    published_size_ = checkpoint->body.size;
  }
  log_.Publish(std::make_shared<const app::SignedCheckpoint>(std::move(cosigned)));
}

void WitnessPool::Failed(Witness& w, const std::string& why) {
  if (why == w.last_error) return;
  w.last_error = why;
  spdlog::warn("witness {} ({}) did not cosign: {}; tried again", w.options.name, w.options.url, why);
}

Status CheckWitnesses(const ServerOptions& options) {
  for (const WitnessOptions& w : options.witnesses) {
    auto url = ParseWitnessUrl(w.url);
    if (!url.ok()) return url.status().WithContext("witness " + w.name);
  }
  if (options.witness_quorum > options.witnesses.size()) {
    return Status::InvalidArgument("the witness quorum " + std::to_string(options.witness_quorum) + " is more than the " +
                                   std::to_string(options.witnesses.size()) + " witnesses");
  }
  return Status::Ok();
}

}  // namespace certreg::http
