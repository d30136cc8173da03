// Internal to the projections: the staff index of the USCCs and scopes files
// hold (domain::HeldScopes), keys with empty values in proj_held_scopes
// (keys.h HeldScopeKey); read by query.h's FilesHolding, which the duplicate
// application check of domain.md §9.12 asks.
#pragma once

#include <string>
#include <vector>

#include "certreg/domain/held_scopes.h"
#include "certreg/projections/project.h"

namespace certreg::projections::internal {

// The index keys of `held` (domain::HeldScopes of one file's state), sorted.
std::vector<std::string> HeldScopeKeys(const std::string& file_id, const std::vector<domain::HeldScope>& held);

}  // namespace certreg::projections::internal
