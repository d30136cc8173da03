#include "http/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "http/metrics.h"

#ifndef CERTREG_METRICS_VERSION
#define CERTREG_METRICS_VERSION "unknown"
#endif
#ifndef CERTREG_METRICS_COMMIT
#define CERTREG_METRICS_COMMIT "unknown"
#endif

namespace certreg::http {
namespace {

// The fields of /proc/self/stat after the command name (field 3 onward, so
// fields[0] is the state): the name may hold spaces, so it is cut at the last ')'.
std::vector<std::string> StatFields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  std::getline(in, line);
  const std::size_t close = line.rfind(')');
  std::vector<std::string> fields;
  if (close == std::string::npos) return fields;
  std::istringstream rest(line.substr(close + 1));
  for (std::string f; rest >> f;) fields.push_back(f);
  return fields;
}

// Seconds since the epoch at boot (/proc/stat btime); 0 when unknown.
double BootTime() {
  std::ifstream in("/proc/stat");
  for (std::string key; in >> key;) {
    if (key == "btime") {
      double value = 0;
      in >> value;
      return value;
    }
    in.ignore(1 << 16, '\n');
  }
  return 0;
}

// Open descriptors of the process; -1 when /proc/self/fd cannot be read.
long OpenFds() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  long count = 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  ::closedir(dir);
  return count - 1;  // the directory's own descriptor
}

}  // namespace

const char* BuildVersion() { return CERTREG_METRICS_VERSION; }
const char* BuildCommit() { return CERTREG_METRICS_COMMIT; }

std::string ProcessMetricsText(const std::string& rocksdb_version) {
  std::string out = fmt::format(
      "# HELP certreg_build_info The build of this server: version, git commit, RocksDB version.\n"
      "# TYPE certreg_build_info gauge\n"
      "certreg_build_info{{version=\"{}\",commit=\"{}\",rocksdb=\"{}\"}} 1\n",
      LabelValue(BuildVersion()), LabelValue(BuildCommit()), LabelValue(rocksdb_version));
  auto family = [&](const char* name, const char* type, const char* help, double value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} {2}\n{0} {3}\n", name, help, type, value);
  };
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const std::vector<std::string> stat = StatFields();
  // Field numbers of proc(5), less 3: utime 14, stime 15, starttime 22, rss 24.
  if (stat.size() > 21 && ticks > 0) {
    family("process_cpu_seconds_total", "counter", "User and system CPU time spent in seconds.",
           (std::stod(stat[11]) + std::stod(stat[12])) / ticks);
    family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
           std::stod(stat[21]) * static_cast<double>(::sysconf(_SC_PAGESIZE)));
    if (const double boot = BootTime(); boot > 0) {
      family("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
             boot + std::stod(stat[19]) / ticks);
    }
  }
  if (const long fds = OpenFds(); fds >= 0) {
    family("process_open_fds", "gauge", "Number of open file descriptors.", static_cast<double>(fds));
  }
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    family("process_max_fds", "gauge", "Maximum number of open file descriptors.", static_cast<double>(limit.rlim_cur));
  }
  return out;
}

}  // namespace certreg::http
