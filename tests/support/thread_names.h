// The names of this process's threads, as /proc shows them.
#pragma once

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

namespace certreg::testing {

inline std::multiset<std::string> ThreadNames() {
  std::multiset<std::string> names;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (std::getline(comm, name)) names.insert(name);
  }
  return names;
}

}  // namespace certreg::testing
