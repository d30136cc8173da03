#include "certreg/registry.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "certreg/projections/keys.h"
#include "certreg/scheme/scheme_loader.h"

namespace certreg::tool {
namespace {

namespace fs = std::filesystem;

// Whether `data` is missing or an empty directory: where a new store may go.
bool NewOrEmpty(const std::string& data) {
  std::error_code error;
  if (!fs::exists(data, error)) return true;
  return fs::is_directory(data, error) && fs::is_empty(data, error);
}

Result<domain::WorkingCalendar> LoadCalendar(const std::string& data, const std::string& calendar_file) {
  std::string path = calendar_file;
  if (path.empty() && fs::exists(fs::path(data) / "calendar.json")) path = (fs::path(data) / "calendar.json").string();
  if (path.empty()) return domain::WorkingCalendar{};
  auto loaded = scheme::LoadCalendarFile(path);
  if (!loaded.ok()) return loaded.status().WithContext("--calendar " + path);
  return loaded;
}

}  // namespace

Result<Registry> OpenStoreAndService(store::StoreOptions options, domain::WorkingCalendar calendar,
                                     app::RegistryOptions service_options) {
  app::UseRegistryColumnFamilies(options);
  if (!options.notice) options.notice = [](const std::string& text) { spdlog::info("{}", text); };
  auto store = store::EventStore::Open(options);
  if (!store.ok()) return store.status();
  Registry registry;
  registry.store = std::move(store).value();
  registry.service = std::make_unique<app::Registry>(*registry.store, scheme::BuiltInScheme(),
                                                                 std::move(calendar), std::move(service_options));
  return registry;
}

namespace {

// Says what CatchUpReadModels did: a rebuild (the read models were written in
// another format than this version's) projects more events than were missing.
void LogCatchUp(std::uint64_t applied_before, std::uint64_t projected, std::uint64_t log_size) {
  if (applied_before > 0 && projected > log_size - std::min(applied_before, log_size)) {
    spdlog::info("the read models were written in another format than this certreg's ({}): rebuilt them from the "
                 "log ({} events)",
                 projections::kReadModelFormat, projected);
  } else {
    spdlog::info("the read models were behind the log: projected the {} events they lacked", projected);
  }
}

}  // namespace

Status RequireStore(const std::string& data) {
  const std::string init = fmt::format("create one with `certreg init --data {}`", data);
  std::error_code error;
  if (!fs::exists(data, error)) {
    return Status::NotFound(fmt::format("no event store in {}: the directory does not exist ({})", data, init));
  }
  if (!fs::is_directory(data, error)) {
    return Status::NotFound(fmt::format("no event store in {}: it is not a directory", data));
  }
  if (!fs::exists(fs::path(data) / "CURRENT", error)) {
    return Status::NotFound(fmt::format("no event store in {}: the directory holds no store ({})", data, init));
  }
  return Status::Ok();
}

Result<Registry> OpenRegistry(const std::string& data, const RuleSettings& rules, store::StoreOptions store_options,
                              bool create, const LogOriginSetting& origin) {
  if (!(create && NewOrEmpty(data))) {
    if (Status found = RequireStore(data); !found.ok()) return found;
  }
  auto calendar = LoadCalendar(data, rules.calendar);
  if (!calendar.ok()) return calendar.status();
  std::unique_ptr<domain::Scheme> scheme;
  if (!rules.scheme.empty()) {
    auto loaded = scheme::LoadSchemeFile(rules.scheme);
    if (!loaded.ok()) return loaded.status().WithContext("--scheme " + rules.scheme);
    scheme = std::make_unique<domain::Scheme>(std::move(loaded).value());
  }
  app::RegistryOptions service_options;
  auto zone = app::TimeZone::Load(rules.time_zone);
  if (!zone.ok()) return zone.status().WithContext("--time-zone");
  service_options.time_zone = std::move(zone).value();

  store::StoreOptions options = std::move(store_options);
  options.path = data;
  app::UseRegistryColumnFamilies(options);
  auto store = store::EventStore::Open(options);
  if (!store.ok()) return store.status();
  const bool explicit_origin = !origin.given.empty();
  bool keys_made = false;
  auto keys = origin.key_file.empty()
                  ? EnsureLogKeys(data, explicit_origin ? origin.given : origin.fallback, explicit_origin, &keys_made)
                  : EnsureGivenLogKey(data, origin.key_file, origin.given, &keys_made);
  if (!keys.ok()) return keys.status();
  if (keys_made) spdlog::info("made the log's signing keys in {}/keys (origin {})", data, keys->log.name);
  Registry registry;
  registry.log_keys = std::move(keys).value();
  registry.scheme = std::move(scheme);
  registry.store = std::move(store).value();
  registry.service =
      std::make_unique<app::Registry>(*registry.store, registry.scheme ? *registry.scheme : scheme::BuiltInScheme(),
                                      std::move(calendar).value(), std::move(service_options));
  // Events appended by a version without read models are projected now.
  const std::uint64_t applied_before = registry.service->ReadModelsApplied().value_or(0);
  auto caught_up = registry.service->CatchUpReadModels();
  if (caught_up.ok() && *caught_up > 0) LogCatchUp(applied_before, *caught_up, registry.store->Head().size);
  if (!caught_up.ok() && caught_up.status().subcode() == Status::SubCode::kNoSpace) {
    spdlog::warn("the read models are behind the log and the disk is too full to bring them up: {}",
                 caught_up.status().ToString());
  } else if (!caught_up.ok()) {
    return caught_up.status().WithContext("bringing the read models up to the log");
  }
  return registry;
}

std::optional<Registry> OpenRegistryOrReport(const char* command, const std::string& data, const RuleSettings& rules,
                                             store::StoreOptions store_options, bool create,
                                             const LogOriginSetting& origin) {
  auto registry = OpenRegistry(data, rules, std::move(store_options), create, origin);
  if (!registry.ok()) {
    fmt::print(stderr, "certreg {}: {}\n", command, registry.status().ToString());
    return std::nullopt;
  }
  return std::move(registry).value();
}

}  // namespace certreg::tool
