#include <cstdio>
#include <cstdlib>

#include "builtin_scheme_json.h"  // generated from src/scheme/cmm-525-0010.json (CMakeLists.txt)
#include "certreg/scheme/scheme_loader.h"

namespace certreg::scheme {

const domain::Scheme& BuiltInScheme() {
  // Validated once, on first use; a built-in that does not validate is a
  // build defect, so the program stops rather than run with a broken rule.
  static const domain::Scheme* const scheme = [] {
    Result<domain::Scheme> loaded = LoadScheme(kBuiltInSchemeJson);
    if (!loaded.ok()) {
      std::fprintf(stderr, "certreg: the built-in scheme does not validate: %s\n",
                   loaded.status().ToString().c_str());
      std::abort();
    }
    return new domain::Scheme(std::move(loaded).value());
  }();
  return *scheme;
}

}  // namespace certreg::scheme
