// A certification service on a fresh store in a temporary directory, with one
// test-set clock (04:00 UTC of `today`) for the store's recorded-at and the
// service's today.
#pragma once

#include <memory>
#include <string>

#include "certreg/app/registry.h"
#include "certreg/scheme/scheme_loader.h"
#include "support/temp_dir.h"

namespace certreg::testing {

class ServiceFixture {
 public:
  explicit ServiceFixture(domain::Date today) : today_(today) {
    auto clock = [this] { return std::int64_t{today_.days()} * 86400 * 1'000'000 + 4 * 3600 * 1'000'000LL; };
    store::StoreOptions options;
    options.path = dir_.path();
    app::UseRegistryColumnFamilies(options);
    options.clock = clock;
    store_ = std::move(store::EventStore::Open(options)).value();
    app::RegistryOptions service_options;
    service_options.clock = clock;
    service_ = std::make_unique<app::Registry>(*store_, scheme::BuiltInScheme(), domain::WorkingCalendar(),
                                                           service_options);
  }

  app::Registry& service() { return *service_; }
  store::EventStore& store() { return *store_; }
  const std::string& dir() const { return dir_.path(); }
  domain::Date today() const { return today_; }
  void SetToday(domain::Date d) { today_ = d; }

 private:
  TempDir dir_;  // destroyed last: the store closes first
  domain::Date today_;
  std::unique_ptr<store::EventStore> store_;
  std::unique_ptr<app::Registry> service_;
};

}  // namespace certreg::testing
