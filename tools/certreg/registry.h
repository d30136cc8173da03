// Opening a data directory for the domain subcommands: the store with the
// service's column families, the built-in scheme, and the calendar.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "certreg/app/certification_service.h"
#include "certreg/store/event_store.h"

namespace certreg::tool {

struct Registry {
  std::unique_ptr<store::EventStore> store;
  std::unique_ptr<app::CertificationService> service;
};

// Opens `data` for writing. The calendar is `calendar_file` when given, else
// DATA/calendar.json when it exists, else weekends only. Errors name the cause
// (Busy when a server holds the directory).
Result<Registry> OpenRegistry(const std::string& data, const std::string& calendar_file);

}  // namespace certreg::tool
