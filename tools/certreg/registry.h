// Opening a data directory for the domain subcommands: the store with the
// service's column families, the built-in scheme, and the calendar.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "certreg/app/registry.h"
#include "certreg/store/event_store.h"

namespace certreg::tool {

struct Registry {
  std::unique_ptr<store::EventStore> store;
  std::unique_ptr<app::Registry> service;
};

// The store of `options` opened with the service's column families added, and
// a service over it with the built-in scheme. Projects nothing: the caller
// decides whether to catch the read models up.
Result<Registry> OpenStoreAndService(store::StoreOptions options, domain::WorkingCalendar calendar,
                                     app::RegistryOptions service_options = {});

// Opens `data` for writing. The calendar is `calendar_file` when given, else
// DATA/calendar.json when it exists, else weekends only. Errors name the cause
// (Busy when a server holds the directory). `store_options` gives the store's
// settings but its path. When the disk is too full to bring the read models up
// to the log, the registry opens anyway (reads served from them as they are;
// /readyz says so).
Result<Registry> OpenRegistry(const std::string& data, const std::string& calendar_file,
                              store::StoreOptions store_options = {});

// OpenRegistry for the subcommand `command` (e.g. "token list"): on failure it
// prints "certreg COMMAND: REASON" on standard error and returns nullopt, for
// the subcommand to exit with 2.
std::optional<Registry> OpenRegistryOrReport(const char* command, const std::string& data,
                                             const std::string& calendar_file = "",
                                             store::StoreOptions store_options = {});

}  // namespace certreg::tool
