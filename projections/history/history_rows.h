// Internal to the projections: the history read models (Annex B.2 changes,
// B.3 status, B.4 surveillance), rows keyed by certificate number and stream
// version (keys.h), appended event by event and never rewritten.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "certreg/domain/events.h"
#include "certreg/domain/file_state.h"
#include "certreg/domain/scheme.h"
#include "certreg/projections/project.h"

namespace certreg::projections::internal {

// Appends the history rows of `event` to `out`: `version` is its stream
// version, `prior` the certificate's status before it (none before the issue),
// `state` the file right after it. Nothing while the file has no certificate.
// `deferred`, when given, also gets each B.3 row with its place in `out`, for
// a caller that learns the recording instant later.
void AddHistoryRows(const domain::Event& event, std::uint64_t version, std::optional<domain::CertificateStatus> prior,
                    const domain::FileState& state, const domain::Scheme& scheme, ProjectionWrites& out,
                    std::vector<DeferredStatusRow>* deferred = nullptr);

}  // namespace certreg::projections::internal
