#include "certreg/registry.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "certreg/scheme/scheme_loader.h"

namespace certreg::tool {

Result<Registry> OpenStoreAndService(store::StoreOptions options, domain::WorkingCalendar calendar,
                                     app::RegistryOptions service_options) {
  options.extra_column_families = app::RegistryColumnFamilies();
  if (!options.notice) options.notice = [](const std::string& text) { spdlog::info("{}", text); };
  auto store = store::EventStore::Open(options);
  if (!store.ok()) return store.status();
  Registry registry;
  registry.store = std::move(store).value();
  registry.service = std::make_unique<app::Registry>(*registry.store, scheme::BuiltInScheme(),
                                                                 std::move(calendar), std::move(service_options));
  return registry;
}

Result<Registry> OpenRegistry(const std::string& data, const std::string& calendar_file,
                              store::StoreOptions store_options) {
  domain::WorkingCalendar calendar;
  std::string calendar_path = calendar_file;
  if (calendar_path.empty() && std::filesystem::exists(std::filesystem::path(data) / "calendar.json")) {
    calendar_path = (std::filesystem::path(data) / "calendar.json").string();
  }
  if (!calendar_path.empty()) {
    auto loaded = scheme::LoadCalendarFile(calendar_path);
    if (!loaded.ok()) return loaded.status().WithContext(calendar_path);
    calendar = std::move(loaded).value();
  }
  store::StoreOptions options = std::move(store_options);
  options.path = data;
  auto registry = OpenStoreAndService(std::move(options), std::move(calendar));
  if (!registry.ok()) return registry.status();
  // Events appended by a version without read models are projected now.
  auto caught_up = registry->service->CatchUpReadModels();
  if (!caught_up.ok() && caught_up.status().subcode() == Status::SubCode::kNoSpace) {
    spdlog::warn("the read models are behind the log and the disk is too full to bring them up: {}",
                 caught_up.status().ToString());
  } else if (!caught_up.ok()) {
    return caught_up.status().WithContext("bringing the read models up to the log");
  }
  return registry;
}

std::optional<Registry> OpenRegistryOrReport(const char* command, const std::string& data,
                                             const std::string& calendar_file, store::StoreOptions store_options) {
  auto registry = OpenRegistry(data, calendar_file, std::move(store_options));
  if (!registry.ok()) {
    fmt::print(stderr, "certreg {}: {}\n", command, registry.status().ToString());
    return std::nullopt;
  }
  return std::move(registry).value();
}

}  // namespace certreg::tool
