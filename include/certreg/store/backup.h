// Online, incremental backups of a data directory, and their restore
// (operations.md §3; README, "Backup and restore").
//
// A backup directory holds RocksDB BackupEngine backups of the store (table
// files shared between backups, so a later backup copies only the files that
// are new since the last one) and, per backup id, a copy of every regular
// file of the data directory that is not RocksDB's own (calendar.json, key
// files, a keys/ directory):
//
//   BACKUP_DIR/meta/ID, private/ID/, shared_checksum/   RocksDB's BackupEngine
//   BACKUP_DIR/certreg/ID/backup.json                    BackupInfo as JSON
//   BACKUP_DIR/certreg/ID/files/...                      the data directory's other files
//
// Token hashes and everything else the registry keeps live in the store and
// are in its backup. One process at a time may write to a backup directory.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreg/common/status.h"

namespace certreg::store {

class EventStore;

struct BackupInfo {
  std::uint32_t backup_id = 0;
  std::int64_t created_at_micros = 0;  // when the backup was taken (UTC)
  std::uint64_t log_size = 0;          // events the backup holds: positions 0..log_size-1
  std::string head_hash_hex;           // hash of event log_size-1; empty when log_size is 0
  std::uint64_t bytes = 0;             // bytes of the store's files in this backup (shared ones counted too)
  std::uint32_t files = 0;             // the store's files in this backup
  std::uint32_t data_files = 0;        // other files of the data directory copied with it
};

// The names RocksDB gives its own files in a data directory (CURRENT, LOCK,
// LOG*, MANIFEST-*, OPTIONS-*, *.sst, *.log, IDENTITY, ...): a backup copies
// every other regular file. `name` is a file name without directories.
bool IsStoreFileName(const std::string& name);

// Backs up `store` (open for writing, e.g. a running server's) into
// `backup_dir` while appends go on: memtables are flushed, the store's
// files and WAL are copied as of one instant, then the data directory's
// other files. The backup holds a prefix of the log (log_size events); its
// id is one more than the last one's. Errors:
//   InvalidArgument  `backup_dir` is empty or not an absolute path, or inside the data directory
//   Rejected         `backup_dir` cannot be created or written (current_state "UNWRITABLE"),
//                    or holds something that is not a backup (current_state "NOT_A_BACKUP_DIRECTORY")
//   Busy             the store is open read-only
//   IOError          the copy failed (nothing is left of the failed backup)
// Thread-safe; backups of one process are taken one at a time.
Result<BackupInfo> CreateBackup(EventStore& store, const std::string& backup_dir);

// The backups in `backup_dir`, oldest first. NotFound when it holds none
// (or does not exist); InvalidArgument for a relative path.
Result<std::vector<BackupInfo>> ListBackups(const std::string& backup_dir);

// Restores backup `backup_id` (the latest when nullopt) of `backup_dir` into
// `data_dir`, which must not exist or be empty, checking every file's
// checksum against the backup's: the store's files and the data directory's
// other files. It does not open the store: the caller verifies it. Errors:
//   InvalidArgument  a relative path, or `data_dir` exists and is not empty
//   NotFound         no such backup
//   Corruption       a file of the backup does not match its checksum
//   IOError          the copy failed
// On failure `data_dir` may hold part of the restore: the caller removes it.
Result<BackupInfo> RestoreBackup(const std::string& backup_dir, std::optional<std::uint32_t> backup_id,
                                 const std::string& data_dir);

}  // namespace certreg::store
