// Internal to the HTTP room: the families of /metrics about the build and
// the process, as Prometheus client libraries name them:
//   certreg_build_info{version,commit,rocksdb} 1
//   process_cpu_seconds_total, process_resident_memory_bytes,
//   process_open_fds, process_max_fds, process_start_time_seconds
// read from /proc/self (Linux); a figure that cannot be read is left out.
#pragma once

#include <string>

namespace certreg::http {

// The version and the git commit this binary was built from (CMake's
// PROJECT_VERSION and `git rev-parse` at configure time; "unknown" outside git).
const char* BuildVersion();
const char* BuildCommit();

// The families, in exposition format; `rocksdb_version` labels build_info.
std::string ProcessMetricsText(const std::string& rocksdb_version);

}  // namespace certreg::http
