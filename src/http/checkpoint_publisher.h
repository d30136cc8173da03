// Internal to the http room: the thread that signs and publishes checkpoints
// (README, "The verifiable log: checkpoints"; trust.md §3, §6). At Start it
// signs the tree when it grew since the last signed checkpoint (or when none
// was signed), then checks every `interval` and signs when the tree grew, so
// at most one checkpoint per interval; at Stop, after the last request, it
// signs once more. Each checkpoint is kept in the store (SignedLog) before it
// is published: GET /log/checkpoint serves only published ones. With
// witnesses (http/witness_pool.h) a signed checkpoint is handed to them and
// published only once a quorum cosigned it; a kept checkpoint that already
// carries a quorum of valid cosignatures is published at Start. The one
// signed at Stop is kept, not witnessed: the next start sends it.
//
// Thread-safe: Start and Stop from one thread (the server's Run).
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <memory>

#include "certreg/app/signed_log.h"
#include "http/witness_pool.h"

namespace certreg::http {

class CheckpointPublisher {
 public:
  // `witnesses`: null when none are configured.
  CheckpointPublisher(app::SignedLog& log, std::chrono::milliseconds interval,
                      std::unique_ptr<WitnessPool> witnesses = nullptr);
  ~CheckpointPublisher();  // Stop()

  // Signs and publishes at once (on the calling thread), then starts the
  // thread. A failure to sign is logged and tried again every interval.
  void Start();
  // Stops the thread, then signs and publishes what the tree grew to.
  void Stop();

 private:
  void Loop();
  // One round: sign when grown, publish; logs a failure (once per kind).
  void Round();

  app::SignedLog& log_;
  const std::chrono::milliseconds interval_;
  const std::unique_ptr<WitnessPool> witnesses_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // mu_
  bool started_ = false;
  std::string last_error_;  // the loop's; a repeated failure is logged once
  std::thread thread_;
};

}  // namespace certreg::http
