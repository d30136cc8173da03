// Internal: RocksDB's own diagnostic log (DATA/LOG), bounded and safe on a
// full disk.
//
// RocksDB's default logger aborts the process (an assertion in the Debian
// build) on the first line it writes after a write of its LOG file failed,
// e.g. with ENOSPC; this one drops the line instead and keeps going. It keeps
// DATA/LOG below `max_file_bytes` by renaming it to LOG.old.1 (LOG.old.1 to
// LOG.old.2, ...) and keeps `keep_old_files` old files at most.
//
// Thread-safe: RocksDB logs from its own threads.
#pragma once

#include <rocksdb/env.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace certreg::store {

struct InfoLogOptions {
  std::string directory;                 // the data directory; the log is DIRECTORY/LOG
  std::size_t max_file_bytes = 4 << 20;  // 4 MiB; LOG is rotated when a line would pass it
  int keep_old_files = 3;                // LOG.old.1 .. LOG.old.3
  rocksdb::InfoLogLevel level = rocksdb::InfoLogLevel::INFO_LEVEL;
};

class InfoLog final : public rocksdb::Logger {
 public:
  explicit InfoLog(InfoLogOptions options);
  ~InfoLog() override;

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override;
  size_t GetLogFileSize() const override;

  // Lines not written (the disk was full, or the file could not be opened).
  std::uint64_t dropped_lines() const;

 private:
  void OpenLocked();
  void RotateLocked();

  const InfoLogOptions options_;
  mutable std::mutex mu_;
  int fd_ = -1;               // mu_; -1 when LOG could not be opened
  std::size_t size_ = 0;      // mu_; bytes in LOG
  std::uint64_t dropped_ = 0;  // mu_
};

// Drops every line: RocksDB's log for a read-only open, a tool beside the
// running server (certreg verify, dump), which must leave the server's
// DATA/LOG alone (RocksDB would otherwise write its own LOG there).
class DiscardedLog final : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char* /*format*/, va_list /*ap*/) override {}
};

}  // namespace certreg::store
