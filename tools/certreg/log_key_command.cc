// `certreg log key`: the verifiable log's verifier keys (README, "The
// verifiable log: keys"). Reads DATA/keys only: it opens no store and makes no key.
#include <fmt/format.h>

#include "certreg/commands.h"
#include "certreg/log_keys.h"
#include "certreg/registry.h"

namespace certreg::tool {

int RunLogKey(const LogKeyArgs& args) {
  if (Status found = RequireStore(args.data); !found.ok()) {
    fmt::print(stderr, "certreg log key: {}\n", found.message());
    return 2;
  }
  auto keys = LoadLogKeys(args.data);
  if (!keys.ok()) {
    fmt::print(stderr, "certreg log key: {}{}\n", keys.status().message(),
               keys.status().code() == Status::Code::kNotFound
                   ? " (the first writable open makes them: certreg serve, sweep or token list)"
                   : "");
    return 2;
  }
  fmt::print("{}", VerifierKeysText(*keys));
  return 0;
}

}  // namespace certreg::tool
