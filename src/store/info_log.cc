#include "store/info_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <ctime>

namespace certreg::store {

InfoLog::InfoLog(InfoLogOptions options) : rocksdb::Logger(options.level), options_(std::move(options)) {
  std::lock_guard<std::mutex> lock(mu_);
  OpenLocked();
}

InfoLog::~InfoLog() {
  std::lock_guard<std::mutex> lock(mu_);
  if (fd_ >= 0) ::close(fd_);
}

void InfoLog::OpenLocked() {
  fd_ = ::open((options_.directory + "/LOG").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  struct stat st {};
  size_ = fd_ >= 0 && ::fstat(fd_, &st) == 0 ? static_cast<std::size_t>(st.st_size) : 0;
}

void InfoLog::RotateLocked() {
  if (fd_ >= 0) ::close(fd_);
  const std::string base = options_.directory + "/LOG";
  auto old = [&](int i) { return base + ".old." + std::to_string(i); };
  if (options_.keep_old_files > 0) {
    std::remove(old(options_.keep_old_files).c_str());
    for (int i = options_.keep_old_files - 1; i >= 1; --i) std::rename(old(i).c_str(), old(i + 1).c_str());
    std::rename(base.c_str(), old(1).c_str());
  } else {
    std::remove(base.c_str());
  }
  OpenLocked();
}

void InfoLog::Logv(const char* format, va_list ap) {
  char line[2048];
  struct timeval now {};
  ::gettimeofday(&now, nullptr);
  struct tm tm {};
  ::gmtime_r(&now.tv_sec, &tm);
  int n = std::snprintf(line, sizeof line, "%04d/%02d/%02d-%02d:%02d:%02d.%06ld ", tm.tm_year + 1900, tm.tm_mon + 1,
                        tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long>(now.tv_usec));
  va_list copy;
  va_copy(copy, ap);
  const int body = std::vsnprintf(line + n, sizeof line - n - 1, format, copy);
  va_end(copy);
  if (body > 0) n += std::min<int>(body, static_cast<int>(sizeof line) - n - 2);
  if (line[n - 1] != '\n') line[n++] = '\n';

  std::lock_guard<std::mutex> lock(mu_);
  if (size_ + n > options_.max_file_bytes && size_ > 0) RotateLocked();
  if (fd_ < 0) {
    ++dropped_;
    return;
  }
  const ssize_t written = ::write(fd_, line, n);
  if (written == n) {
    size_ += n;
  } else {
    ++dropped_;  // ENOSPC or a short write: the line is lost, the process is not
    if (written > 0) size_ += written;
  }
}

size_t InfoLog::GetLogFileSize() const {
  std::lock_guard<std::mutex> lock(mu_);
  return size_;
}

std::uint64_t InfoLog::dropped_lines() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dropped_;
}

}  // namespace certreg::store
