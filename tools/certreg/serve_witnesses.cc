#include "certreg/serve_witnesses.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "certreg/common/cosignature.h"

namespace certreg::tool {

Status SetWitnessOptions(const ServeArgs& args, http::ServerOptions* options) {
  std::vector<http::WitnessOptions> witnesses;
  std::set<std::string> urls;
  for (const std::string& given : args.witnesses) {
    const std::size_t eq = given.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == given.size()) {
      return Status::InvalidArgument("--witness '" + given + "' is not NAME=URL");
    }
    http::WitnessOptions w{.name = given.substr(0, eq), .url = given.substr(eq + 1), .key = {}};
    if (!ValidNoteKeyName(w.name)) {
      return Status::InvalidArgument("--witness '" + given + "': the name holds a space, '+' or control character");
    }
    for (const http::WitnessOptions& earlier : witnesses) {
      if (earlier.name == w.name) return Status::InvalidArgument("--witness " + w.name + " is given twice");
    }
    if (Status url = http::CheckWitnessUrl(w.url); !url.ok()) {
      return Status::InvalidArgument("--witness " + w.name + ": " + url.message());
    }
    if (!urls.insert(w.url).second) return Status::InvalidArgument("--witness URL " + w.url + " is given twice");
    witnesses.push_back(std::move(w));
  }
  std::set<std::string> keyed;
  for (const std::string& vkey : args.witness_vkeys) {
    auto key = ParseCosignerKey(vkey);
    if (!key.ok()) return Status::InvalidArgument("--witness-vkey '" + vkey + "': " + key.status().message());
    auto named = std::find_if(witnesses.begin(), witnesses.end(),
                              [&](const http::WitnessOptions& w) { return w.name == key->name; });
    if (named == witnesses.end()) {
      return Status::InvalidArgument("--witness-vkey '" + vkey + "' names " + key->name +
                                     ", which no --witness NAME=URL names");
    }
    if (!keyed.insert(key->name).second) {
      return Status::InvalidArgument("--witness-vkey: witness " + key->name + " has two keys");
    }
    named->key = *key;
  }
  for (const http::WitnessOptions& w : witnesses) {
    if (keyed.count(w.name) == 0) return Status::InvalidArgument("--witness " + w.name + " has no --witness-vkey");
  }
  if (args.witness_quorum > witnesses.size()) {
    return Status::InvalidArgument("--witness-quorum " + std::to_string(args.witness_quorum) + " is more than the " +
                                   std::to_string(witnesses.size()) + " witnesses given");
  }
  options->witnesses = std::move(witnesses);
  options->witness_quorum = args.witness_quorum;
  options->witness_refresh = std::chrono::milliseconds(std::lround(args.witness_refresh_seconds * 1000));
  return Status::Ok();
}

}  // namespace certreg::tool
