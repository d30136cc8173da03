// Opening a data directory for the domain subcommands: the store with the
// service's column families, the scheme, the calendar and the time zone.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "certreg/app/registry.h"
#include "certreg/log_keys.h"
#include "certreg/store/event_store.h"

namespace certreg::tool {

struct Registry {
  std::unique_ptr<domain::Scheme> scheme;  // a --scheme file's; null: the built-in scheme
  std::unique_ptr<store::EventStore> store;
  std::unique_ptr<app::Registry> service;
  LogKeys log_keys;  // the verifiable log's signing keys (log_keys.h)
};

// The settings of the rules a registry runs (README, "Configuration").
struct RuleSettings {
  std::string calendar;                     // calendar file; empty: DATA/calendar.json when present, else weekends
  std::string scheme;                       // scheme file; empty: the built-in scheme
  std::string time_zone = "Asia/Shanghai";  // IANA name
};

// The store of `options` opened with the service's column families added, and
// a service over it with the built-in scheme. Projects nothing: the caller
// decides whether to catch the read models up.
Result<Registry> OpenStoreAndService(store::StoreOptions options, domain::WorkingCalendar calendar,
                                     app::RegistryOptions service_options = {});

// Ok when `data` is a directory holding a store; else NotFound saying "no
// event store in DATA" and why (missing, not a directory, no store), and how
// to make one (`certreg init`). Only init and demo create a store.
Status RequireStore(const std::string& data);

// Opens `data`, which must hold a store (RequireStore), for writing, with the
// scheme, calendar and time zone of `rules`; a file that does not load or a
// zone that is unknown is InvalidArgument naming it. Errors name the cause
// (Busy when a server holds the directory). `store_options` gives the store's
// settings but its path. When the disk is too full to bring the read models up
// to the log, the registry opens anyway (reads served from them as they are;
// /readyz says so). `create`: a missing or empty directory gets a new store.
// A directory without the log's keys gets them (EnsureLogKeys, named by the
// `origin`); a --log-origin other than the stored one is refused.
Result<Registry> OpenRegistry(const std::string& data, const RuleSettings& rules,
                              store::StoreOptions store_options = {}, bool create = false,
                              const LogOriginSetting& origin = {});

// OpenRegistry for the subcommand `command` (e.g. "token list"): on failure it
// prints "certreg COMMAND: REASON" on standard error and returns nullopt, for
// the subcommand to exit with 2.
std::optional<Registry> OpenRegistryOrReport(const char* command, const std::string& data,
                                             const RuleSettings& rules = {}, store::StoreOptions store_options = {},
                                             bool create = false, const LogOriginSetting& origin = {});

}  // namespace certreg::tool
