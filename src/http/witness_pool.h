// Internal to the http room: the witnesses of the verifiable log (README,
// "The verifiable log: witnesses"; trust.md §6; tlog-witness v1.0.0).
//
// One thread per witness. Each sends the latest signed checkpoint with a
// consistency proof from the size that witness last cosigned (0 at first,
// in memory only), answers a 409 Conflict by proving again from the size the
// witness holds, and checks the returned cosignature/v1 lines against that
// witness's key (a bad one is logged and ignored). Once `quorum` witnesses
// cosigned one checkpoint, it is kept with their cosignature lines
// (SignedLog::KeepCosigned) and published (SignedLog::Publish); later
// cosignatures of it are added the same way. A failed call (no answer,
// 403, 404, 422, 5xx, ...) is logged once per kind and tried again after
// `retry`; the latest checkpoint is sent again at least every `refresh`
// even when the log did not grow, for a fresh cosignature timestamp.
//
// Thread-safe: Wake from any thread; AdoptKept, Start and Stop from one.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "certreg/app/signed_log.h"
#include "certreg/http/server.h"
#include "http/witness_client.h"

namespace certreg::http {

struct WitnessPoolOptions {
  std::vector<WitnessOptions> witnesses;
  std::size_t quorum = 0;  // 0: all
  std::chrono::milliseconds refresh{600'000};
  std::chrono::milliseconds retry{1'000};
};

class WitnessPool {
 public:
  // An add-checkpoint call to witness number `index` (of the options); the
  // default (null) uses a WitnessClient per witness.
  using Post = std::function<WitnessReply(std::size_t index, const std::string& body)>;
  // The consistency proof between two tree sizes (Registry::LogConsistencyProof).
  using Proof = std::function<Result<std::vector<Digest>>(std::uint64_t old_size, std::uint64_t new_size)>;

  // The witnesses' URLs must have passed ParseWitnessUrl; `log` outlives the pool.
  WitnessPool(app::SignedLog& log, Proof proof, WitnessPoolOptions options, std::chrono::milliseconds timeout,
              Post post = nullptr);
  ~WitnessPool();  // Stop()

  std::size_t quorum() const { return quorum_; }
  // Takes the valid cosignatures the last kept checkpoint carries as the
  // witnesses' latest, and publishes it when they make a quorum. Call before Start.
  void AdoptKept();
  void Start();
  // A new checkpoint was signed: every witness is sent it.
  void Wake();
  // Stops the threads (a call in flight ends within its timeout).
  void Stop();

 private:
  struct Witness {
    std::size_t index = 0;
    WitnessOptions options;
    std::unique_ptr<WitnessClient> client;
    std::uint64_t size = 0;  // the size it last cosigned, as far as this process knows
    std::shared_ptr<const app::SignedCheckpoint> cosigned;  // its latest cosignature's checkpoint (null: none)
    std::string line;                                       // and that cosignature line
    std::chrono::steady_clock::time_point cosigned_at;
    std::chrono::steady_clock::time_point retry_at;
    std::string last_error;  // logged once per kind
    std::thread thread;
  };

  void Loop(Witness& w);
  // One add-checkpoint exchange (proving again after a 409); true when cosigned.
  bool Send(Witness& w, const std::shared_ptr<const app::SignedCheckpoint>& checkpoint);
  // Keeps and publishes `checkpoint` with the cosignatures it has, once they make a quorum. mu_ held.
  void Gather(const std::shared_ptr<const app::SignedCheckpoint>& checkpoint);
  void Failed(Witness& w, const std::string& why);

  app::SignedLog& log_;
  const Proof proof_;
  const std::size_t quorum_;
  const std::chrono::milliseconds refresh_;
  const std::chrono::milliseconds retry_;
  Post post_;
  const std::chrono::milliseconds timeout_;
  std::vector<std::unique_ptr<Witness>> witnesses_;
  std::mutex mu_;  // the witnesses' state after Start, Gather
  std::condition_variable cv_;
  bool stopping_ = false;  // mu_
  bool started_ = false;
  static constexpr std::uint64_t kNothingPublished = UINT64_MAX;
  std::uint64_t published_size_ = kNothingPublished;  // mu_: the largest size published, for the log
};

// Bind()'s check of the witness options: InvalidArgument naming a URL
// ParseWitnessUrl refuses, or a quorum above the number of witnesses.
Status CheckWitnesses(const ServerOptions& options);

// The note of `checkpoint` with the log's signatures only (lines named by its origin).
std::string LogSignedNote(const app::SignedCheckpoint& checkpoint);

}  // namespace certreg::http
