// Runs a shell command for tests that use a real client (the capnp tool, certreg itself).
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace certreg::testing {

struct CommandOutput {
  int exit_code = -1;  // -1 when the command could not be started or did not exit normally
  std::string text;    // standard output (and standard error when the command redirects it)
};

inline CommandOutput RunCommand(const std::string& command) {
  CommandOutput out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof(buffer), pipe)) out.text.append(buffer, n);
  const int status = ::pclose(pipe);
  if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
  return out;
}

}  // namespace certreg::testing
