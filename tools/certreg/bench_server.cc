#include "certreg/bench_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "certreg/common/thread_name.h"
#include "certreg/fixtures/demo_data.h"
#include "certreg/scheme/scheme_loader.h"

namespace certreg::tool {

std::unique_ptr<BenchServer> BenchServer::Start(const std::filesystem::path& dir, int certificates, int threads,
                                                const char* command, bool verifiable_log) {
  std::unique_ptr<BenchServer> bench(new BenchServer());
  auto fail = [&](const std::string& reason) {
    fmt::print(stderr, "certreg {}: {}\n", command, reason);
    return nullptr;
  };
  store::StoreOptions options;
  options.path = (dir / "registry").string();
  app::UseRegistryColumnFamilies(options);
  options.merkle_tree = verifiable_log;
  auto opened = store::EventStore::Open(options);
  if (!opened.ok()) return fail(opened.status().ToString());
  bench->store_ = std::move(opened).value();
  bench->service_ =
      std::make_unique<app::Registry>(*bench->store_, scheme::BuiltInScheme(), domain::WorkingCalendar());
  bench->tokens_ = std::make_unique<app::TokenRegistry>(*bench->store_);
  auto log_key = GenerateNoteSigner("bench.invalid/log");
  auto status_key = GenerateNoteSigner("bench.invalid/log/status");
  if (!log_key.ok() || !status_key.ok()) return fail("making the log's keys");
  bench->signed_log_ = std::make_unique<app::SignedLog>(*bench->store_, *log_key, *status_key);
  if (Status opened = bench->signed_log_->Open(); !opened.ok()) return fail(opened.ToString());
  auto token = bench->tokens_->Create("clerk", "bench.clerk", 0);
  if (!token.ok()) return fail(token.status().ToString());
  bench->token_ = token->token;
  spdlog::set_level(spdlog::level::warn);  // no access log lines in a benchmark
  fmt::print("seeding {} certificates through the service...\n", certificates);
  std::fflush(stdout);
  auto numbers = app::IssueDemoCertificates(*bench->service_, certificates);
  if (!numbers.ok()) return fail("seeding: " + numbers.status().ToString());
  bench->certificates_ = std::move(numbers).value();

  http::ServerOptions server_options;
  server_options.port = 0;
  server_options.threads = threads;
  server_options.sweep_interval = std::chrono::seconds(0);
  if (!verifiable_log) server_options.checkpoint_interval = std::chrono::milliseconds(0);
  bench->server_ =
      std::make_unique<http::Server>(*bench->service_, *bench->tokens_, *bench->signed_log_, server_options);
  if (Status bound = bench->server_->Bind(); !bound.ok()) return fail(bound.ToString());
  bench->serving_ = std::thread([server = bench->server_.get()] { (void)server->Run(); });
  NameThread(bench->serving_, "http-loop");  // in `serve`, the process's main thread
  return bench;
}

void BenchServer::Stop() {
  if (!serving_.joinable()) return;
  server_->Stop();
  serving_.join();
}

}  // namespace certreg::tool
