// `certreg backup` and `certreg restore` (README, "Backup and
// restore"). A backup opens the store itself when no process holds the data
// directory, else asks the server that holds it (DATA/serve.address). A
// restore goes into a staging directory beside the target, is verified there
// and only then renamed to the target; a restore that does not verify is
// removed.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "certreg/commands.h"
#include "certreg/common/sha256.h"
#include "certreg/registry.h"
#include "certreg/serve_address.h"
#include "certreg/store/backup.h"

namespace certreg::tool {
namespace fs = std::filesystem;
namespace {

std::string Absolute(const std::string& path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  return ec ? path : absolute.lexically_normal().string();
}

void PrintBackup(const store::BackupInfo& b, const std::string& to) {
  fmt::print("backup {} in {}: log size {}, head {}, {} bytes in {} store files, {} other files\n", b.backup_id, to,
             b.log_size, b.head_hash_hex.empty() ? "-" : b.head_hash_hex, b.bytes, b.files, b.data_files);
}

// The admin token for asking a running server: --token-file, else CERTREG_TOKEN.
std::optional<std::string> AdminToken(const BackupArgs& args) {
  if (!args.token_file.empty()) {
    std::ifstream in(args.token_file);
    std::string token;
    if (!in || !std::getline(in, token)) return std::nullopt;
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    return token.empty() ? std::nullopt : std::optional<std::string>(token);
  }
  const char* env = std::getenv("CERTREG_TOKEN");
  if (env != nullptr && *env != '\0') return std::string(env);
  return std::nullopt;
}

// Asks the server that holds `args.data` for the backup.
int BackupThroughServer(const BackupArgs& args, const std::string& to) {
  auto address = ReadServeAddress(args.data);
  if (!address.ok()) {
    fmt::print(stderr,
               "certreg backup: {} is in use by another process, but it names no server ({}); stop that process, or "
               "back up through a running `certreg serve`\n",
               args.data, address.status().message());
    return 2;
  }
  const std::optional<std::string> token = AdminToken(args);
  if (!token) {
    fmt::print(stderr,
               "certreg backup: a server holds {} (at {}), so the backup is taken through it, which needs an admin "
               "token: give it with --token-file FILE (the token alone on the first line) or in the CERTREG_TOKEN "
               "environment variable{}\n",
               args.data, *address, args.token_file.empty() ? "" : " (" + args.token_file + " is missing or empty)");
    return 2;
  }
  auto answer = HttpRequest(*address, "POST", "/api/v1/admin/backups", *token, nlohmann::json{{"to", to}}.dump());
  if (!answer.ok()) {
    fmt::print(stderr, "certreg backup: asking the server at {}: {}\n", *address, answer.status().message());
    return 2;
  }
  const nlohmann::json body = nlohmann::json::parse(answer->body, nullptr, /*allow_exceptions=*/false);
  if (answer->status != 201 || !body.is_object()) {
    std::string why = body.is_object() ? body.value("detail", body.value("title", "")) : "";
    if (body.is_object() && body.contains("errors") && body["errors"].is_array() && !body["errors"].empty()) {
      why = body["errors"][0].value("message", why);
    }
    fmt::print(stderr, "certreg backup: the server at {} refused the backup ({}): {}\n", *address, answer->status, why);
    return 2;
  }
  fmt::print("backup {} in {} taken by the server at {}: log size {}, head {}, {} bytes in {} store files, {} "
             "other files\n",
             body.value("backup_id", 0), to, *address, body.value("log_size", 0),
             body["head_hash"].is_string() ? body["head_hash"].get<std::string>() : "-", body.value("bytes", 0),
             body.value("files", 0), body.value("data_files", 0));
  return 0;
}

int ListBackups(const std::string& to) {
  auto backups = store::ListBackups(to);
  if (!backups.ok()) {
    fmt::print(stderr, "certreg backup --list: {}\n", backups.status().message());
    return backups.status().code() == Status::Code::kNotFound ? 1 : 2;
  }
  fmt::print("{:>4}  {:<20}  {:>10}  {:>14}  {}\n", "id", "created", "log size", "bytes", "head");
  for (const store::BackupInfo& b : *backups) {
    const std::time_t created = static_cast<std::time_t>(b.created_at_micros / 1'000'000);
    fmt::print("{:>4}  {:%Y-%m-%dT%H:%M:%SZ}  {:>10}  {:>14}  {}\n", b.backup_id, fmt::gmtime(created), b.log_size,
               b.bytes, b.head_hash_hex.empty() ? "-" : b.head_hash_hex);
  }
  return 0;
}

// Everything a restored directory must pass before it is handed over: the
// hash chain and the Merkle tree's stored nodes (the code of `certreg
// verify`), the head the backup recorded, and the read models against a
// rebuild from the log (the compare of `certreg rebuild`). Returns what
// failed; Ok when all holds.
Status VerifyRestored(const std::string& data, const store::BackupInfo& backup) {
  auto registry = OpenRegistry(data, {});
  if (!registry.ok()) return registry.status().WithContext("opening the restored store");
  auto report = registry->store->Verify({});
  if (!report.ok()) return report.status().WithContext("walking the log");
  if (!report->ok) {
    return Status::Corruption(fmt::format("the log does not verify at position {}: {}",
                                          report->first_bad_position.value_or(0), report->problem));
  }
  const store::LogHead head = registry->store->Head();
  const std::string hash = head.size == 0 ? "" : ToHex(head.hash);
  if (head.size != backup.log_size || hash != backup.head_hash_hex) {
    return Status::Corruption(fmt::format("the restored log head (size {}, {}) is not the backup's (size {}, {})",
                                          head.size, hash, backup.log_size, backup.head_hash_hex));
  }
  auto rebuilt = registry->service->RebuildReadModels();
  if (!rebuilt.ok()) return rebuilt.status().WithContext("rebuilding the read models");
  if (!rebuilt->identical) {
    return Status::Corruption(fmt::format("the read models differ from a rebuild from the log (digest {} vs {})",
                                          rebuilt->old_digest, rebuilt->new_digest));
  }
  return Status::Ok();
}

}  // namespace

int RunBackup(const BackupArgs& args) {
  if (args.to.empty()) {
    fmt::print(stderr, "certreg backup: --to BACKUP_DIR is required\n");
    return 2;
  }
  const std::string to = Absolute(args.to);
  if (args.list) return ListBackups(to);
  std::error_code ec;
  if (!fs::exists(fs::path(args.data) / "CURRENT", ec)) {
    fmt::print(stderr, "certreg backup: no store in {}\n", args.data);
    return 2;
  }
  store::StoreOptions options;
  options.path = args.data;
  options.read_only_when_full = false;
  auto opened = store::EventStore::Open(options);
  if (!opened.ok() && opened.status().Is(Status::Code::kBusy, Status::SubCode::kLockHeld)) {
    return BackupThroughServer(args, to);
  }
  if (!opened.ok()) {
    fmt::print(stderr, "certreg backup: {}\n", opened.status().ToString());
    return 2;
  }
  auto backup = store::CreateBackup(**opened, to);
  if (!backup.ok()) {
    fmt::print(stderr, "certreg backup: {}\n", backup.status().ToString());
    return 2;
  }
  PrintBackup(*backup, to);
  return 0;
}

int RunRestore(const RestoreArgs& args) {
  if (args.from.empty() || args.data.empty()) {
    fmt::print(stderr, "certreg restore: --from BACKUP_DIR and --data NEW_DIR are required\n");
    return 2;
  }
  const std::string from = Absolute(args.from);
  const std::string data = Absolute(args.data);
  std::error_code ec;
  if (fs::exists(data, ec) && !(fs::is_directory(data, ec) && fs::is_empty(data, ec))) {
    fmt::print(stderr, "certreg restore: {} exists and is not empty; restore into a new directory\n", data);
    return 2;
  }
  const fs::path target(data);
  fs::create_directories(target.parent_path(), ec);
  const std::string staging = (target.parent_path() / (target.filename().string() + ".restoring-" +
                                                       std::to_string(::getpid()))).string();
  fs::remove_all(staging, ec);
  const std::optional<std::uint32_t> id = args.backup_id == 0 ? std::nullopt : std::optional<std::uint32_t>(args.backup_id);
  auto restored = store::RestoreBackup(from, id, staging);
  if (!restored.ok()) {
    fs::remove_all(staging, ec);
    const bool bad_backup = restored.status().code() == Status::Code::kCorruption;
    fmt::print(stderr, "certreg restore: {}{}\n", bad_backup ? "FAILED, nothing restored: " : "",
               restored.status().ToString());
    return bad_backup ? 1 : 2;
  }
  const Status verified = VerifyRestored(staging, *restored);
  if (!verified.ok()) {
    fs::remove_all(staging, ec);
    fmt::print(stderr, "certreg restore: FAILED, backup {} does not verify and nothing was restored: {}\n",
               restored->backup_id, verified.ToString());
    return 1;
  }
  if (fs::exists(data, ec)) fs::remove(data, ec);  // empty, as checked above
  fs::rename(staging, data, ec);
  if (ec) {
    fmt::print(stderr, "certreg restore: the restore verified in {} but cannot be renamed to {}: {}\n", staging, data,
               ec.message());
    return 2;
  }
  fmt::print("restored backup {} of {} into {}: log size {}, head {}; the hash chain, the Merkle tree and the read models verified\n",
             restored->backup_id, from, data, restored->log_size,
             restored->head_hash_hex.empty() ? "-" : restored->head_hash_hex);
  return 0;
}

}  // namespace certreg::tool
