// Internal to the app tests: a registry and a command handler over one
// store whose preparer can be held at its free-space check
// (StoreOptions::free_space), so that commands queue up behind it.
#pragma once

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app/command_handler.h"
#include "app/file_reader.h"
#include "app/registry_clock.h"
#include "certreg/fixtures/demo_data.h"
#include "certreg/scheme/scheme_loader.h"
#include "support/lifecycle_fixture.h"
#include "support/preparer_gate.h"
#include "support/temp_dir.h"

namespace certreg::testing {

constexpr std::uint64_t kReserve = 64 << 20;

class Queued {
 public:
  Queued() {
    auto clock = [this] { return now_.load(); };
    store::StoreOptions options;
    options.path = dir_.path();
    app::UseRegistryColumnFamilies(options);
    options.clock = clock;
    options.disk_reserve_bytes = kReserve;
    options.free_space = [this] {
      gate_.Pass();
      return free_.load();
    };
    store_ = std::move(store::EventStore::Open(options)).value();
    app::RegistryOptions registry_options;
    registry_options.clock = clock;
    registry_ = std::make_unique<app::Registry>(*store_, scheme::BuiltInScheme(), calendar_, registry_options);
    clock_ = std::make_unique<app::RegistryClock>(app::TimeZone(), clock);
    files_ = std::make_unique<app::FileReader>(*store_, *clock_);
    handler_ = std::make_unique<app::CommandHandler>(*store_, scheme::BuiltInScheme(), calendar_, *clock_, *files_, 5);
  }

  // Files with a live certificate, on which a major change may be reported again and again.
  std::vector<std::string> CertifiedFiles(int count) {
    auto numbers = app::IssueDemoCertificates(*registry_, count);
    REQUIRE(numbers.ok());
    std::vector<std::string> files;
    for (const std::string& number : *numbers) files.push_back(registry_->FileOfCertificate(number).value());
    return files;
  }
  app::CommandRequest MajorChange(const std::string& file, int n) {
    app::CommandRequest request;
    request.file_id = file;
    request.command = domain::ReportMajorChange{"直播间搬迁 " + std::to_string(n), {D("2026-06-01"), "email"}};
    request.actor = Clerk();
    return request;
  }
  // Runs `request` on its own thread.
  std::future<Result<app::CommandResult>> Start(app::CommandRequest request) {
    return std::async(std::launch::async, [this, request] { return handler_->Execute(request); });
  }
  // Waits until the file's queued state is at `version`; false after 10 s.
  bool QueuedAt(const std::string& file, std::uint64_t version) {
    for (int i = 0; i < 1000; ++i) {
      if (handler_->QueuedVersion(file) == std::optional<std::uint64_t>(version)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  // Holds the store's preparer, then starts `first` and, once it is queued,
  // `second` on the state it leads to (the file at `version` before both);
  // `between` runs once the first is queued, before the second starts.
  std::pair<std::future<Result<app::CommandResult>>, std::future<Result<app::CommandResult>>> QueueTwo(
      const std::string& file, std::uint64_t version, app::CommandRequest first, app::CommandRequest second,
      const std::function<void()>& between = {}) {
    gate_.Close();
    auto a = Start(std::move(first));
    REQUIRE(gate_.Holding());  // the first is taken by the preparer, not yet prepared
    REQUIRE(QueuedAt(file, version + 1));
    if (between) between();
    auto b = Start(std::move(second));
    REQUIRE(QueuedAt(file, version + 2));  // decided on the first's state, queued behind it
    return {std::move(a), std::move(b)};
  }

  // Moves the clock of the store and the registry to `micros` since the epoch.
  void SetClock(std::int64_t micros) { now_ = micros; }
  app::FileReader& files() { return *files_; }
  Gate& gate() { return gate_; }
  std::atomic<std::uint64_t>& free() { return free_; }
  store::EventStore& store() { return *store_; }
  app::Registry& registry() { return *registry_; }
  app::CommandHandler& handler() { return *handler_; }

 private:
  testing::TempDir dir_;
  // 2026-06-01 12:00 in the registry's time zone (Asia/Shanghai, UTC+8).
  std::atomic<std::int64_t> now_{std::int64_t{D("2026-06-01").days()} * 86400 * 1'000'000 + 4 * 3600 * 1'000'000LL};
  Gate gate_;
  std::atomic<std::uint64_t> free_{kReserve * 16};
  WorkingCalendar calendar_;
  std::unique_ptr<store::EventStore> store_;
  std::unique_ptr<app::Registry> registry_;
  std::unique_ptr<app::RegistryClock> clock_;
  std::unique_ptr<app::FileReader> files_;
  std::unique_ptr<app::CommandHandler> handler_;
};

}  // namespace certreg::testing
