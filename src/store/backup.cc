// Backups through RocksDB's BackupEngine on the open store
// (certreg/store/backup.h).
#include "certreg/store/backup.h"

#include <rocksdb/env.h>
#include <rocksdb/utilities/backup_engine.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <optional>
#include <system_error>

#include "certreg/common/sha256.h"
#include "store/backup_files.h"
#include "store/event_codec.h"
#include "store/keys.h"
#include "store/rocks_event_store.h"

namespace certreg::store {
namespace fs = std::filesystem;

namespace {

std::mutex backup_mu;  // one backup at a time in this process

Status FromRocks(const rocksdb::Status& s, const std::string& context) {
  if (s.ok()) return Status::Ok();
  if (s.IsCorruption()) return Status::Corruption(context + ": " + s.ToString());
  if (s.IsNoSpace()) return Status::NoSpace(context + ": " + s.ToString());
  if (s.IsNotFound()) return Status::NotFound(context + ": " + s.ToString());
  return Status::IOError(context + ": " + s.ToString());
}

Status CheckAbsolute(const std::string& path, const char* what) {
  if (path.empty()) return Status::InvalidArgument(std::string("no ") + what + " given");
  if (!fs::path(path).is_absolute()) {
    return Status::InvalidArgument(std::string(what) + " must be an absolute path, not " + path);
  }
  return Status::Ok();
}

// Ok when `backup_dir` exists (made now when missing), may be written, and is
// empty or a backup directory.
Status PrepareBackupDir(const std::string& backup_dir) {
  std::error_code ec;
  fs::create_directories(backup_dir, ec);
  if (ec || !fs::is_directory(backup_dir, ec) || ::access(backup_dir.c_str(), W_OK | X_OK) != 0) {
    return Status::StateConflict("backup directory " + backup_dir + " cannot be created or written", "UNWRITABLE");
  }
  bool empty = true;
  for (const auto& entry : fs::directory_iterator(backup_dir, ec)) {
    (void)entry;
    empty = false;
    break;
  }
  if (!empty && !fs::is_directory(fs::path(backup_dir) / "meta", ec)) {
    return Status::StateConflict("backup directory " + backup_dir + " holds files that are not a certreg backup",
                                 "NOT_A_BACKUP_DIRECTORY");
  }
  return Status::Ok();
}

rocksdb::BackupEngineOptions EngineOptions(const std::string& backup_dir) {
  rocksdb::BackupEngineOptions options(backup_dir);
  options.share_table_files = true;          // a later backup copies only new table files
  options.share_files_with_checksum = true;  // named by checksum, so an identical file is shared
  options.sync = true;
  options.max_background_operations = 2;
  return options;
}

// The log head a backup holds, read by opening the backup itself read-only.
Result<LogHead> HeadOfBackup(rocksdb::BackupEngineReadOnlyBase& engine, rocksdb::BackupID id) {
  rocksdb::BackupInfo info;
  CERTREG_RETURN_IF_ERROR(
      FromRocks(engine.GetBackupInfo(id, &info, /*include_file_details=*/true), "reading backup " + std::to_string(id)));
  rocksdb::DBOptions db_options;
  db_options.env = info.env_for_open.get();
  std::vector<std::string> names;
  CERTREG_RETURN_IF_ERROR(FromRocks(rocksdb::DB::ListColumnFamilies(db_options, info.name_for_open, &names),
                                    "listing the backup's column families"));
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : names) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  CERTREG_RETURN_IF_ERROR(FromRocks(
      rocksdb::DB::OpenForReadOnly(db_options, info.name_for_open, descriptors, &handles, &raw), "opening the backup"));
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  for (auto* handle : handles) {
    if (handle->GetName() == keys::kMetaCf) meta = handle;
  }
  std::string bytes;
  rocksdb::Status s =
      meta == nullptr ? rocksdb::Status::Corruption("no meta column family") : db->Get({}, meta, keys::kHeadKey, &bytes);
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
  db->Close().PermitUncheckedError();
  if (s.IsNotFound()) return LogHead{};
  CERTREG_RETURN_IF_ERROR(FromRocks(s, "reading the backup's log head"));
  return DecodeLogHead(bytes);
}

BackupInfo InfoOf(const rocksdb::BackupInfo& rocks, const LogHead& head) {
  BackupInfo info;
  info.backup_id = rocks.backup_id;
  info.created_at_micros = rocks.timestamp * std::int64_t{1'000'000};
  info.log_size = head.size;
  if (head.size > 0) info.head_hash_hex = ToHex(head.hash);
  info.bytes = rocks.size;
  info.files = rocks.number_files;
  return info;
}

}  // namespace

Result<BackupInfo> CreateBackup(EventStore& store, const std::string& backup_dir) {
  CERTREG_RETURN_IF_ERROR(CheckAbsolute(backup_dir, "the backup directory"));
  auto* rocks = dynamic_cast<RocksEventStore*>(&store);
  if (rocks == nullptr || !rocks->db_) return Status::InvalidArgument("not a RocksDB event store");
  if (rocks->options_.read_only) return Status::Busy("the event store is open read-only: back up the running server's");
  std::error_code ec;
  const fs::path data = fs::weakly_canonical(rocks->options_.path, ec);
  const fs::path target = fs::weakly_canonical(backup_dir, ec);
  if (std::mismatch(data.begin(), data.end(), target.begin(), target.end()).first == data.end()) {
    return Status::InvalidArgument("the backup directory " + backup_dir + " is inside the data directory");
  }
  std::lock_guard<std::mutex> lock(backup_mu);
  CERTREG_RETURN_IF_ERROR(PrepareBackupDir(backup_dir));

  rocksdb::BackupEngine* raw_engine = nullptr;
  CERTREG_RETURN_IF_ERROR(FromRocks(rocksdb::BackupEngine::Open(EngineOptions(backup_dir), rocksdb::Env::Default(), &raw_engine),
                                    "opening the backup directory " + backup_dir));
  std::unique_ptr<rocksdb::BackupEngine> engine(raw_engine);
  rocksdb::CreateBackupOptions options;
  options.flush_before_backup = true;  // the table files hold the log; the WAL since the flush is copied too
  rocksdb::BackupID id = 0;
  Status created = FromRocks(engine->CreateNewBackup(options, rocks->db_.get(), &id), "backing up");
  std::optional<BackupInfo> result;
  if (created.ok()) {
    rocksdb::BackupInfo rocks_info;
    created = FromRocks(engine->GetBackupInfo(id, &rocks_info), "reading the new backup");
    auto head = created.ok() ? HeadOfBackup(*engine, id) : Result<LogHead>(created);
    if (!head.ok()) {
      created = head.status();
    } else {
      backup_files::Manifest manifest{.info = InfoOf(rocks_info, *head), .files = {}};
      const std::string folder = backup_files::BackupFolder(backup_dir, id);
      auto copied = backup_files::CopyDataFiles(rocks->options_.path, folder);
      if (copied.ok()) {
        manifest.files = std::move(copied).value();
        manifest.info.data_files = static_cast<std::uint32_t>(manifest.files.size());
        created = backup_files::WriteManifest(folder, manifest);
      } else {
        created = copied.status();
      }
      if (created.ok()) result = manifest.info;
    }
  }
  if (!created.ok()) {
    if (id != 0) engine->DeleteBackup(id).PermitUncheckedError();
    if (id != 0) fs::remove_all(backup_files::BackupFolder(backup_dir, id), ec);
    engine->GarbageCollect().PermitUncheckedError();  // the files of a backup that failed half-way
    return created;
  }
  return *result;
}

Result<std::vector<BackupInfo>> ListBackups(const std::string& backup_dir) {
  CERTREG_RETURN_IF_ERROR(CheckAbsolute(backup_dir, "the backup directory"));
  std::error_code ec;
  if (!fs::is_directory(fs::path(backup_dir) / "meta", ec)) return Status::NotFound("no backups in " + backup_dir);
  rocksdb::BackupEngineReadOnly* raw_engine = nullptr;
  CERTREG_RETURN_IF_ERROR(FromRocks(
      rocksdb::BackupEngineReadOnly::Open(EngineOptions(backup_dir), rocksdb::Env::Default(), &raw_engine),
      "opening the backup directory " + backup_dir));
  std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw_engine);
  std::vector<rocksdb::BackupInfo> rocks_infos;
  engine->GetBackupInfo(&rocks_infos);
  if (rocks_infos.empty()) return Status::NotFound("no backups in " + backup_dir);
  std::vector<BackupInfo> out;
  for (const rocksdb::BackupInfo& rocks : rocks_infos) {
    auto manifest = backup_files::ReadManifest(backup_files::BackupFolder(backup_dir, rocks.backup_id));
    if (manifest.ok()) {
      out.push_back(manifest->info);
      continue;
    }
    auto head = HeadOfBackup(*engine, rocks.backup_id);  // a backup without its manifest: read its head
    if (!head.ok()) return head.status();
    out.push_back(InfoOf(rocks, *head));
  }
  std::sort(out.begin(), out.end(), [](const BackupInfo& a, const BackupInfo& b) { return a.backup_id < b.backup_id; });
  return out;
}

}  // namespace certreg::store
