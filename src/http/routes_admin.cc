// Administration while the server runs, for admins: online backups of the
// store into a directory of the server's machine (certreg/store/backup.h;
// README, "Backup and restore"). `certreg backup` asks here when
// a server holds the data directory.
#include <spdlog/spdlog.h>

#include "http/body_reader.h"
#include "http/render.h"
#include "http/router.h"

namespace certreg::http {
namespace {

const std::vector<std::string> kAdmin = {"admin"};

constexpr std::size_t kMaxPathBytes = 4096;  // PATH_MAX

nlohmann::json BackupJson(const store::BackupInfo& b) {
  return {{"backup_id", b.backup_id}, {"created_at", Instant(b.created_at_micros)},
          {"log_size", b.log_size},   {"head_hash", b.head_hash_hex.empty() ? nlohmann::json(nullptr) : nlohmann::json(b.head_hash_hex)},
          {"bytes", b.bytes},         {"files", b.files},
          {"data_files", b.data_files}};
}

// The refusals a person can act on (a relative path, a directory that cannot
// be written or is not a backup directory) name the directory; anything
// else goes through the table (storage trouble: 503, details logged only).
void SendBackupRefusal(Call& call, const Status& status) {
  if (status.code() == Status::Code::kInvalidArgument) return SendProblem(call, Invalid({{"to", status.message()}}));
  if (status.code() == Status::Code::kRejected) return SendProblem(call, ProblemOf(status));
  SendStatus(call, status.WithContext("backing up"));
}

void CreateBackup(Api& api, Call& call) {
  Problem problem;
  auto body = ParseJsonBody(call.req.get_header_value("Content-Type"), call.req.body, &problem);
  if (!body) return SendProblem(call, problem);
  std::vector<domain::FieldError> errors;
  BodyReader reader(*body, "", &errors);
  const std::string to = reader.Text("to", Need::kRequired, kMaxPathBytes);
  reader.Finish();
  if (!errors.empty()) return SendProblem(call, Invalid(std::move(errors)));
  auto backup = api.registry.CreateBackup(to);
  if (!backup.ok()) return SendBackupRefusal(call, backup.status());
  spdlog::info("request {}: backup {} of {} events ({} bytes, {} files) into {} by {}", call.request_id,
               backup->backup_id, backup->log_size, backup->bytes, backup->files, to, call.actor->name);
  SendJson(call, 201, BackupJson(*backup));
}

void ListBackups(Api& api, Call& call) {
  const std::optional<std::string> to = call.query("to");
  if (!to || to->empty()) return SendProblem(call, InvalidQuery("to", "the backup directory is required"));
  auto backups = api.registry.ListBackups(*to);
  nlohmann::json items = nlohmann::json::array();
  if (!backups.ok() && backups.status().code() == Status::Code::kInvalidArgument) {
    return SendProblem(call, InvalidQuery("to", backups.status().message()));
  }
  if (!backups.ok() && backups.status().code() != Status::Code::kNotFound) {
    return SendStatus(call, backups.status().WithContext("listing backups"));
  }
  if (backups.ok()) {
    for (const store::BackupInfo& b : *backups) items.push_back(BackupJson(b));
  }
  SendJson(call, 200, {{"backups", items}});
}

}  // namespace

void AddAdminRoutes(Router& r) {
  r.Add("GET", "/api/v1/admin/backups", kAdmin, ListBackups);
  r.Add("POST", "/api/v1/admin/backups", kAdmin, CreateBackup);
}

}  // namespace certreg::http
