// What the HTTP benchmarks share: a registry on a fresh store, a clerk's
// token, certificates issued on the demo's path, and the HTTP server serving
// them on 127.0.0.1 from a thread of its own.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "certreg/app/registry.h"
#include "certreg/app/signed_log.h"
#include "certreg/app/tokens.h"
#include "certreg/http/server.h"
#include "certreg/store/event_store.h"

namespace certreg::tool {

class BenchServer {
 public:
  // Opens a store in DIR/registry, issues `certificates` certificates and
  // serves them with `threads` server threads on a port the kernel picks.
  // `verifiable_log`: the Merkle tree written with the events and a checkpoint
  // signed every second, as `certreg serve` does; false: neither (to measure
  // what they cost).
  // On failure prints "certreg COMMAND: REASON" on standard error and
  // returns null.
  static std::unique_ptr<BenchServer> Start(const std::filesystem::path& dir, int certificates, int threads,
                                            const char* command, bool verifiable_log = true);
  ~BenchServer() { Stop(); }
  BenchServer(const BenchServer&) = delete;
  BenchServer& operator=(const BenchServer&) = delete;

  // Stops serving (requests in flight finish); the store stays open.
  void Stop();

  int port() const { return server_->port(); }
  const std::string& token() const { return token_; }  // a clerk's
  const std::vector<std::string>& certificates() const { return certificates_; }
  store::EventStore& store() { return *store_; }
  app::Registry& service() { return *service_; }

 private:
  BenchServer() = default;

  std::unique_ptr<store::EventStore> store_;
  std::unique_ptr<app::Registry> service_;
  std::unique_ptr<app::TokenRegistry> tokens_;
  std::unique_ptr<app::SignedLog> signed_log_;
  std::string token_;
  std::vector<std::string> certificates_;
  std::unique_ptr<http::Server> server_;
  std::thread serving_;
};

}  // namespace certreg::tool
