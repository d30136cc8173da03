// `certreg init`: a new data directory (operations.md §1).
#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "certreg/commands.h"
#include "certreg/registry.h"

namespace certreg::tool {
namespace {

namespace fs = std::filesystem;

// Why `data` cannot become a new data directory; empty when it can (it is
// missing, or an empty directory).
std::string WhyNotNew(const std::string& data) {
  std::error_code error;
  if (!fs::exists(data, error)) return "";
  if (!fs::is_directory(data, error)) return fmt::format("{} exists and is not a directory", data);
  if (fs::exists(fs::path(data) / "CURRENT", error)) return fmt::format("{} already holds a store", data);
  if (!fs::is_empty(data, error)) {
    return fmt::format("{} is not empty (a data directory starts empty; choose a new path)", data);
  }
  return "";
}

// The directory, owner-only (0700): it will hold token hashes and personal data.
Status CreateDirectory(const std::string& data) {
  std::error_code error;
  fs::create_directories(data, error);
  if (error) return Status::IOError(fmt::format("cannot create {}: {}", data, error.message()));
  if (::chmod(data.c_str(), 0700) != 0) return Status::IOError(fmt::format("cannot make {} mode 0700", data));
  return Status::Ok();
}

}  // namespace

int RunInit(const InitArgs& args) {
  if (!args.log_origin.empty()) {
    if (Status origin = CheckLogOrigin(args.log_origin); !origin.ok()) {
      fmt::print(stderr, "certreg init: {}\n", origin.message());
      return 2;
    }
  }
  if (!args.log_key.empty()) {  // checked before anything is made
    auto key = ReadGivenLogKey(args.log_key);
    Status usable = key.ok() ? Status::Ok() : key.status();
    if (usable.ok() && !args.log_origin.empty() && key->name != args.log_origin) {
      usable = Status::InvalidArgument(fmt::format(
          "the log key in {} is named '{}', not the origin '{}' of --log-origin (a log key is named by its origin)",
          args.log_key, key->name, args.log_origin));
    }
    if (usable.ok()) usable = CheckLogOrigin(key->name);
    if (!usable.ok()) {
      fmt::print(stderr, "certreg init: {}\n", usable.message());
      return 2;
    }
  }
  if (const std::string why = WhyNotNew(args.data); !why.empty()) {
    fmt::print(stderr, "certreg init: {}\n", why);
    return 2;
  }
  std::vector<std::string> created;
  if (Status made = CreateDirectory(args.data); !made.ok()) {
    fmt::print(stderr, "certreg init: {}\n", made.ToString());
    return 2;
  }
  created.push_back(fmt::format("data directory {} (mode 0700)", args.data));
  {
    auto registry = OpenRegistryOrReport("init", args.data, {}, {}, /*create=*/true,
                                         {.given = args.log_origin, .key_file = args.log_key});
    if (!registry) return 2;
    created.push_back(fmt::format("an empty event store: the log, its Merkle tree, and {} read-model tables initialised",
                                  app::RegistryColumnFamilies().size()));
    created.push_back(fmt::format("the log's signing keys {}/keys/log.key{} and status.key (mode 0600), origin {}",
                                  args.data, args.log_key.empty() ? "" : " (from " + args.log_key + ")",
                                  registry->log_keys.log.name));
  }
  fmt::print("certreg init created:\n");
  for (const std::string& item : created) fmt::print("  {}\n", item);
  fmt::print("next: certreg token create --data {} --role admin --name NAME; certreg serve --data {}\n", args.data,
             args.data);
  return 0;
}

}  // namespace certreg::tool
