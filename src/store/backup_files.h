// Internal to backup*.cc: what a backup keeps beside RocksDB's own backup,
// BACKUP_DIR/certreg/ID/ (certreg/store/backup.h has the layout).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/store/backup.h"

namespace certreg::store::backup_files {

// A file of the data directory outside the store, as the backup copied it.
struct DataFile {
  std::string path;    // relative to the data directory, e.g. "calendar.json", "keys/log.key"
  std::uint64_t size = 0;
  std::string sha256;  // hex
};

struct Manifest {
  BackupInfo info;
  std::vector<DataFile> files;
};

// BACKUP_DIR/certreg/ID
std::string BackupFolder(const std::string& backup_dir, std::uint32_t backup_id);

// Copies every regular file of `data_dir` that is not the store's (nor the
// running server's serve.address) into FOLDER/files, keeping the relative paths.
Result<std::vector<DataFile>> CopyDataFiles(const std::string& data_dir, const std::string& folder);

// Copies the files of a manifest from FOLDER/files into `data_dir`; Corruption
// when one is missing or its size or SHA-256 differs from the manifest's.
Status RestoreDataFiles(const std::string& folder, const std::vector<DataFile>& files, const std::string& data_dir);

// FOLDER/backup.json, written to a temporary file and renamed.
Status WriteManifest(const std::string& folder, const Manifest& manifest);
// NotFound when FOLDER/backup.json is missing; Corruption when it does not parse.
Result<Manifest> ReadManifest(const std::string& folder);

}  // namespace certreg::store::backup_files
