// Restoring a backup into a new data directory (certreg/store/backup.h).
#include <rocksdb/env.h>
#include <rocksdb/utilities/backup_engine.h>

#include <filesystem>
#include <system_error>

#include "certreg/store/backup.h"
#include "store/backup_files.h"

namespace certreg::store {
namespace fs = std::filesystem;

namespace {

Status FromRocks(const rocksdb::Status& s, const std::string& context) {
  if (s.ok()) return Status::Ok();
  if (s.IsCorruption() || s.IsInvalidArgument()) return Status::Corruption(context + ": " + s.ToString());
  if (s.IsNotFound()) return Status::NotFound(context + ": " + s.ToString());
  if (s.IsNoSpace()) return Status::NoSpace(context + ": " + s.ToString());
  return Status::IOError(context + ": " + s.ToString());
}

}  // namespace

Result<BackupInfo> RestoreBackup(const std::string& backup_dir, std::optional<std::uint32_t> backup_id,
                                 const std::string& data_dir) {
  for (const std::string* path : {&backup_dir, &data_dir}) {
    if (path->empty() || !fs::path(*path).is_absolute()) {
      return Status::InvalidArgument("paths must be absolute, not \"" + *path + "\"");
    }
  }
  std::error_code ec;
  if (fs::exists(data_dir, ec) && !(fs::is_directory(data_dir, ec) && fs::is_empty(data_dir, ec))) {
    return Status::InvalidArgument("the data directory " + data_dir + " exists and is not empty; restore into a new one");
  }
  if (!fs::is_directory(fs::path(backup_dir) / "meta", ec)) return Status::NotFound("no backups in " + backup_dir);
  rocksdb::BackupEngineReadOnly* raw_engine = nullptr;
  rocksdb::BackupEngineOptions options(backup_dir);
  CERTREG_RETURN_IF_ERROR(FromRocks(rocksdb::BackupEngineReadOnly::Open(options, rocksdb::Env::Default(), &raw_engine),
                                    "opening the backup directory " + backup_dir));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw_engine);
  std::vector<rocksdb::BackupInfo> infos;
  engine->GetBackupInfo(&infos);
  if (infos.empty()) return Status::NotFound("no backups in " + backup_dir);
  std::uint32_t id = 0;
  for (const rocksdb::BackupInfo& info : infos) {
    if (backup_id ? info.backup_id == *backup_id : info.backup_id > id) id = info.backup_id;
  }
  if (id == 0) return Status::NotFound("no backup " + std::to_string(*backup_id) + " in " + backup_dir);

  const std::string folder = backup_files::BackupFolder(backup_dir, id);
  auto manifest = backup_files::ReadManifest(folder);
  if (!manifest.ok()) return manifest.status().WithContext("backup " + std::to_string(id));
  // Every file of the backup against its checksum before anything is copied.
  CERTREG_RETURN_IF_ERROR(FromRocks(engine->VerifyBackup(id, /*verify_with_checksum=*/true),
                                    "backup " + std::to_string(id) + " does not verify"));
  fs::create_directories(data_dir, ec);
  if (!ec) fs::permissions(data_dir, fs::perms::owner_all, ec);  // a data directory is the owner's alone
  if (ec) return Status::IOError("creating " + data_dir + ": " + ec.message());
  CERTREG_RETURN_IF_ERROR(FromRocks(engine->RestoreDBFromBackup(rocksdb::RestoreOptions(), id, data_dir, data_dir),
                                    "restoring backup " + std::to_string(id)));
  CERTREG_RETURN_IF_ERROR(backup_files::RestoreDataFiles(folder, manifest->files, data_dir));
  return manifest->info;
}

}  // namespace certreg::store
