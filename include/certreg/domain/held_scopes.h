// domain.md §9.12, duplicate applications: what a file holds against a new
// application of the same holder. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "certreg/domain/file_state.h"

namespace certreg::domain {

// A USCC and a scope a file holds: its open application or recertification
// (the applicant's USCC and the scope as applied), or its VALID or SUSPENDED
// certificate (the certificate's USCC and scope). The scope is ScopeKey'd.
struct HeldScope {
  std::string uscc;   // upper case; never empty (a live salesperson has none and holds nothing)
  std::string scope;  // ScopeKey of the scope
  friend bool operator==(const HeldScope&, const HeldScope&) = default;
  friend auto operator<=>(const HeldScope&, const HeldScope&) = default;
};

// What `state` holds, sorted, each once; none for a closed file, an ended
// certificate or a holder without a USCC.
std::vector<HeldScope> HeldScopes(const FileState& state);

// The scope as compared: leading and trailing white space dropped, inner runs
// of white space (ASCII and U+3000) one space, ASCII letters lower-cased. Two
// applications are for the same scope when their keys are equal.
std::string ScopeKey(std::string_view scope);

// The HeldScope a new application for `uscc` and `scope` would hold; it is a
// duplicate when a file already holds the same (an empty USCC is none).
HeldScope ApplicationScope(std::string_view uscc, std::string_view scope);

}  // namespace certreg::domain
