// Internal to the HTTP room: what the verifiable log's routes and the status
// statement share about tree sizes in paths and queries, and the signed
// checkpoint an answer is against.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "certreg/app/signed_log.h"
#include "http/router.h"

namespace certreg::http {

// A decimal number as a path or query gives it: digits only, no leading zero.
std::optional<std::uint64_t> ParseCount(const std::string& text);

// A path that names nothing the log has, or malformed: 404 saying why.
void SendPathStatus(Call& call, const Status& status);

// The checkpoint an answer is against: the one signed at `size_text`, or the
// latest published one. NotFound for a size no published checkpoint was
// signed at (a proof helps only against a root someone can check the
// signature of), or when none is published yet (size_text absent);
// InvalidArgument for a malformed size.
Result<app::SignedCheckpoint> ProofCheckpoint(Api& api, const std::optional<std::string>& size_text);

}  // namespace certreg::http
