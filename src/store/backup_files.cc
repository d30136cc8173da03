#include "store/backup_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "certreg/common/sha256.h"

namespace certreg::store {

bool IsStoreFileName(const std::string& name) {
  auto starts = [&](const char* prefix) { return name.rfind(prefix, 0) == 0; };
  auto ends = [&](const char* suffix) {
    const std::string s(suffix);
    return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return name == "CURRENT" || name == "LOCK" || name == "IDENTITY" || name == "LOG" || starts("LOG.old") ||
         starts("MANIFEST-") || starts("OPTIONS-") || ends(".sst") || ends(".log") || ends(".blob") ||
         ends(".dbtmp") || ends(".ldb");
}

namespace backup_files {
namespace fs = std::filesystem;

namespace {

constexpr char kServeAddress[] = "serve.address";  // the running server's, not the registry's

Result<std::string> FileSha256(const fs::path& path, std::uint64_t* size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path.string());
  Sha256 hash;
  char buffer[1 << 16];
  *size = 0;
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    hash.Add(buffer, static_cast<std::size_t>(in.gcount()));
    *size += static_cast<std::uint64_t>(in.gcount());
  }
  if (in.bad()) return Status::IOError("cannot read " + path.string());
  return ToHex(hash.Finish());
}

// Copies `from` to `to` with its permission bits; the folders it makes for it
// are the owner's alone (they may hold the signing keys).
Status CopyOne(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (fs::create_directories(to.parent_path(), ec)) fs::permissions(to.parent_path(), fs::perms::owner_all, ec);
  if (!ec) fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
  if (ec) return Status::IOError("copying " + from.string() + " to " + to.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

std::string BackupFolder(const std::string& backup_dir, std::uint32_t backup_id) {
  return (fs::path(backup_dir) / "certreg" / std::to_string(backup_id)).string();
}

Result<std::vector<DataFile>> CopyDataFiles(const std::string& data_dir, const std::string& folder) {
  std::vector<DataFile> out;
  std::error_code ec;
  const fs::path root(data_dir);
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path relative = fs::relative(it->path(), root, ec);
    if (ec) break;
    const bool top = it.depth() == 0;
    const std::string name = it->path().filename().string();
    if (top && (IsStoreFileName(name) || name == kServeAddress)) continue;
    if (!it->is_regular_file(ec)) continue;
    DataFile file{.path = relative.generic_string(), .size = 0, .sha256 = ""};
    auto sha = FileSha256(it->path(), &file.size);
    if (!sha.ok()) return sha.status();
    file.sha256 = *sha;
    CERTREG_RETURN_IF_ERROR(CopyOne(it->path(), fs::path(folder) / "files" / relative));
    out.push_back(std::move(file));
  }
  if (ec) return Status::IOError("listing " + data_dir + ": " + ec.message());
  return out;
}

Status RestoreDataFiles(const std::string& folder, const std::vector<DataFile>& files, const std::string& data_dir) {
  for (const DataFile& file : files) {
    const fs::path relative(file.path);
    bool escapes = relative.empty() || relative.is_absolute();
    for (const fs::path& part : relative) escapes = escapes || part == "..";
    if (escapes) return Status::Corruption("the backup names a file outside the data directory: " + file.path);
    const fs::path from = fs::path(folder) / "files" / file.path;
    std::uint64_t size = 0;
    auto sha = FileSha256(from, &size);
    if (!sha.ok()) return Status::Corruption("the backup's copy of " + file.path + " is missing or unreadable");
    if (size != file.size || *sha != file.sha256) {
      return Status::Corruption("the backup's copy of " + file.path + " does not match its checksum");
    }
    CERTREG_RETURN_IF_ERROR(CopyOne(from, fs::path(data_dir) / file.path));
  }
  return Status::Ok();
}

Status WriteManifest(const std::string& folder, const Manifest& manifest) {
  const BackupInfo& i = manifest.info;
  nlohmann::json files = nlohmann::json::array();
  for (const DataFile& f : manifest.files) files.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
  const nlohmann::json json = {{"backup_id", i.backup_id}, {"created_at_micros", i.created_at_micros},
                               {"log_size", i.log_size},   {"head_hash", i.head_hash_hex},
                               {"bytes", i.bytes},         {"files", i.files},
                               {"data_files", files}};
  std::error_code ec;
  fs::create_directories(folder, ec);
  const fs::path target = fs::path(folder) / "backup.json";
  const fs::path temporary = fs::path(folder) / "backup.json.tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << json.dump(2) << "\n";
    out.flush();
    if (!out) return Status::IOError("writing " + temporary.string());
  }
  fs::rename(temporary, target, ec);
  if (ec) return Status::IOError("renaming " + temporary.string() + ": " + ec.message());
  return Status::Ok();
}

Result<Manifest> ReadManifest(const std::string& folder) {
  const fs::path path = fs::path(folder) / "backup.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + " is missing");
  std::stringstream text;
  text << in.rdbuf();
  try {
    const nlohmann::json json = nlohmann::json::parse(text.str());
    Manifest m;
    m.info.backup_id = json.at("backup_id").get<std::uint32_t>();
    m.info.created_at_micros = json.at("created_at_micros").get<std::int64_t>();
    m.info.log_size = json.at("log_size").get<std::uint64_t>();
    m.info.head_hash_hex = json.at("head_hash").get<std::string>();
    m.info.bytes = json.at("bytes").get<std::uint64_t>();
    m.info.files = json.at("files").get<std::uint32_t>();
    for (const auto& f : json.at("data_files")) {
      m.files.push_back({.path = f.at("path").get<std::string>(), .size = f.at("size").get<std::uint64_t>(),
                         .sha256 = f.at("sha256").get<std::string>()});
    }
    m.info.data_files = static_cast<std::uint32_t>(m.files.size());
    return m;
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(path.string() + " does not parse: " + e.what());
  }
}

}  // namespace backup_files
}  // namespace certreg::store
