#include "certreg/log_keys.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace certreg::tool {
namespace {

namespace fs = std::filesystem;

fs::path KeysDir(const std::string& data) { return fs::path(data) / "keys"; }
fs::path LogKeyPath(const std::string& data) { return KeysDir(data) / "log.key"; }
fs::path StatusKeyPath(const std::string& data) { return KeysDir(data) / "status.key"; }

Result<NoteSigner> ReadKey(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return Status::Corruption(fmt::format("cannot read the key file {}", path.string()));
  std::string line = text.str();
  if (!line.empty() && line.back() == '\n') line.pop_back();
  auto key = ParseNoteSignerKey(line);
  if (!key.ok()) return Status::Corruption(fmt::format("the key file {} is malformed: {}", path.string(), key.status().message()));
  return key;
}

// Writes the key through a temporary file (0600, synced) renamed into place:
// a crash leaves the old state or the whole file.
Status WriteKey(const fs::path& path, const NoteSigner& key) {
  const std::string text = NoteSignerKeyText(key) + "\n";
  const fs::path temp = path.string() + ".tmp";
  ::unlink(temp.c_str());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError(fmt::format("cannot create {}", temp.string()));
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    return Status::IOError(fmt::format("cannot write {}", path.string()));
  }
  int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

Status MakeKeysDir(const std::string& data) {
  std::error_code error;
  fs::create_directories(KeysDir(data), error);
  if (error) return Status::IOError(fmt::format("cannot create {}: {}", KeysDir(data).string(), error.message()));
  if (::chmod(KeysDir(data).c_str(), 0700) != 0) {
    return Status::IOError(fmt::format("cannot make {} mode 0700", KeysDir(data).string()));
  }
  return Status::Ok();
}

Result<NoteSigner> LoadOrMake(const fs::path& path, const std::string& name, bool* created) {
  std::error_code error;
  if (fs::exists(path, error)) return ReadKey(path);
  auto key = GenerateNoteSigner(name);
  if (!key.ok()) return key.status();
  CERTREG_RETURN_IF_ERROR(WriteKey(path, *key));
  *created = true;
  return key;
}

}  // namespace

std::string DefaultLogOrigin(const std::string& public_base_url) {
  const auto scheme_end = public_base_url.find("://");
  if (scheme_end == std::string::npos) return kFallbackLogOrigin;
  const std::string rest = public_base_url.substr(scheme_end + 3);
  const std::string authority = rest.substr(0, rest.find('/'));
  if (authority.empty()) return kFallbackLogOrigin;
  return authority + "/log";
}

Status CheckLogOrigin(const std::string& origin) {
  if (!ValidNoteKeyName(origin)) {
    return Status::InvalidArgument(
        fmt::format("--log-origin '{}' is empty or holds a space, '+' or control character", origin));
  }
  if (origin.back() == '/') return Status::InvalidArgument(fmt::format("--log-origin '{}' ends in '/'", origin));
  return Status::Ok();
}

Result<LogKeys> LoadLogKeys(const std::string& data) {
  std::error_code error;
  const bool has_log = fs::exists(LogKeyPath(data), error);
  const bool has_status = fs::exists(StatusKeyPath(data), error);
  if (!has_log && !has_status) return Status::NotFound(fmt::format("{} holds no log keys", KeysDir(data).string()));
  if (!has_log || !has_status) {
    return Status::Corruption(fmt::format("{} is missing", (has_log ? StatusKeyPath(data) : LogKeyPath(data)).string()));
  }
  auto log = ReadKey(LogKeyPath(data));
  if (!log.ok()) return log.status();
  auto status = ReadKey(StatusKeyPath(data));
  if (!status.ok()) return status.status();
  if (status->name != log->name + "/status") {
    return Status::Corruption(fmt::format("{} names '{}', not '{}/status'", StatusKeyPath(data).string(),
                                          status->name, log->name));
  }
  return LogKeys{std::move(log).value(), std::move(status).value()};
}

Result<LogKeys> EnsureLogKeys(const std::string& data, const std::string& origin, bool explicit_origin,
                              bool* created) {
  bool made = false;
  if (created) *created = false;
  CERTREG_RETURN_IF_ERROR(CheckLogOrigin(origin));
  CERTREG_RETURN_IF_ERROR(MakeKeysDir(data));
  std::error_code error;
  std::string name = origin;
  if (fs::exists(LogKeyPath(data), error)) {
    auto stored = ReadKey(LogKeyPath(data));
    if (!stored.ok()) return stored.status();
    if (explicit_origin && stored->name != origin) {
      return Status::InvalidArgument(fmt::format(
          "--log-origin '{}' differs from the origin '{}' of the log's key {} (a log's origin never changes)", origin,
          stored->name, LogKeyPath(data).string()));
    }
    name = stored->name;
  }
  auto log = LoadOrMake(LogKeyPath(data), name, &made);
  if (!log.ok()) return log.status();
  auto status = LoadOrMake(StatusKeyPath(data), name + "/status", &made);
  if (!status.ok()) return status.status();
  if (created) *created = made;
  return LoadLogKeys(data);
}

Result<NoteSigner> ReadGivenLogKey(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::InvalidArgument(fmt::format("--log-key {}: no such file", path));
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(fmt::format("--log-key {} is not a regular file", path));
  if ((st.st_mode & 077) != 0) {
    return Status::InvalidArgument(fmt::format(
        "--log-key {} has mode {:04o}: a signing key must be readable by its owner alone (chmod 600 {})", path,
        st.st_mode & 07777, path));
  }
  auto key = ReadKey(path);
  if (!key.ok()) return Status::InvalidArgument("--log-key: " + key.status().message());
  return key;
}

Result<LogKeys> EnsureGivenLogKey(const std::string& data, const std::string& key_file,
                                  const std::string& given_origin, bool* created) {
  if (created) *created = false;
  auto key = ReadGivenLogKey(key_file);
  if (!key.ok()) return key.status();
  if (!given_origin.empty() && key->name != given_origin) {
    return Status::InvalidArgument(fmt::format(
        "the log key in {} is named '{}', not the origin '{}' of --log-origin (a log key is named by its origin)",
        key_file, key->name, given_origin));
  }
  CERTREG_RETURN_IF_ERROR(CheckLogOrigin(key->name));
  CERTREG_RETURN_IF_ERROR(MakeKeysDir(data));
  std::error_code error;
  if (fs::exists(LogKeyPath(data), error)) {
    auto stored = ReadKey(LogKeyPath(data));
    if (!stored.ok()) return stored.status();
    if (stored->name != key->name || stored->seed != key->seed) {
      return Status::InvalidArgument(fmt::format(
          "the log key in {} ({}) is not the key of this log ({} in {}): a log's key never changes; "
          "serve this data directory without --log-key, or give --log-key to a new one",
          key_file, NoteVerifierKeyText(VerifierOf(*key)), NoteVerifierKeyText(VerifierOf(*stored)),
          LogKeyPath(data).string()));
    }
  } else {
    CERTREG_RETURN_IF_ERROR(WriteKey(LogKeyPath(data), *key));
    if (created) *created = true;
  }
  bool made = false;
  auto keys = EnsureLogKeys(data, key->name, /*explicit_origin=*/true, &made);
  if (created) *created = *created || made;
  return keys;
}

std::string VerifierKeysText(const LogKeys& keys) {
  return NoteVerifierKeyText(VerifierOf(keys.log)) + "\n" + NoteVerifierKeyText(VerifierOf(keys.status)) + "\n";
}

}  // namespace certreg::tool
