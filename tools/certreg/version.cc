// `certreg version` and `certreg --version`. The build passes the versions in
// (CMakeLists.txt): the project's, the git commit configured from, and the
// RocksDB and Cap'n Proto packages found.
#include <fmt/format.h>

#include "certreg/commands.h"

#ifndef CERTREG_VERSION
#define CERTREG_VERSION "unknown"
#endif
#ifndef CERTREG_GIT_COMMIT
#define CERTREG_GIT_COMMIT "unknown"
#endif
#ifndef CERTREG_ROCKSDB_VERSION
#define CERTREG_ROCKSDB_VERSION "unknown"
#endif
#ifndef CERTREG_CAPNP_VERSION
#define CERTREG_CAPNP_VERSION "unknown"
#endif

namespace certreg::tool {

std::string VersionText() {
  return fmt::format("certreg {}\ngit commit {}\nrocksdb {}\ncapnproto {}", CERTREG_VERSION, CERTREG_GIT_COMMIT,
                     CERTREG_ROCKSDB_VERSION, CERTREG_CAPNP_VERSION);
}

int RunVersion(const VersionArgs&) {
  fmt::print("{}\n", VersionText());
  return 0;
}

}  // namespace certreg::tool
