// The witness settings of `certreg serve` (README, "The verifiable log:
// witnesses"): --witness NAME=URL, --witness-vkey, --witness-quorum,
// --witness-refresh.
#pragma once

#include "certreg/commands.h"
#include "certreg/common/status.h"
#include "certreg/http/server.h"

namespace certreg::tool {

// Fills options->witnesses, witness_quorum and witness_refresh from `args`.
// InvalidArgument naming the cause: a --witness that is not NAME=URL or
// repeats a name or URL, a verifier key that does not parse, names no
// --witness or repeats one, a witness without a key, a quorum above the
// number of witnesses (or one with none). The URLs' form is the server's
// check (Server::Bind).
Status SetWitnessOptions(const ServeArgs& args, http::ServerOptions* options);

}  // namespace certreg::tool
