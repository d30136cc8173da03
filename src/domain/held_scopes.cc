// Duplicate applications (domain.md §9.12).
#include "certreg/domain/held_scopes.h"

#include <algorithm>

namespace certreg::domain {
namespace {

bool IsSpaceAt(std::string_view s, std::size_t i, std::size_t* width) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
    *width = 1;
    return true;
  }
  if (s.substr(i, 3) == "\xE3\x80\x80") {  // U+3000 ideographic space
    *width = 3;
    return true;
  }
  return false;
}

std::string UpperAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

std::string ScopeKey(std::string_view scope) {
  std::string out;
  bool pending_space = false;
  for (std::size_t i = 0; i < scope.size();) {
    std::size_t width = 0;
    if (IsSpaceAt(scope, i, &width)) {
      pending_space = !out.empty();
      i += width;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    char c = scope[i++];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out += c;
  }
  return out;
}

HeldScope ApplicationScope(std::string_view uscc, std::string_view scope) {
  return HeldScope{UpperAscii(uscc), ScopeKey(scope)};
}

std::vector<HeldScope> HeldScopes(const FileState& s) {
  std::vector<HeldScope> held;
  const CycleState* cycle = s.current_cycle();
  if (cycle != nullptr && cycle->open() && !s.applicant.uscc.empty()) {
    held.push_back(ApplicationScope(s.applicant.uscc, s.scope));
  }
  if (s.certificate && !s.ended() && !s.certificate->uscc.empty()) {
    held.push_back(ApplicationScope(s.certificate->uscc, s.certificate->scope));
  }
  std::sort(held.begin(), held.end());
  held.erase(std::unique(held.begin(), held.end()), held.end());
  return held;
}

}  // namespace certreg::domain
