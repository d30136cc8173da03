// Tables of an enum's wire names ({value, "name"} pairs) and the two lookups
// over them, for the ToWire / FromWire functions of the domain's enums.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace certreg::domain::internal {

template <typename E, std::size_t N>
using WireNames = std::array<std::pair<E, std::string_view>, N>;

// The wire name of `value`; empty when the table lacks it.
template <typename E, std::size_t N>
std::string_view NameOf(const WireNames<E, N>& names, E value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "";
}

// The value named `name`; nullopt for a name not in the table.
template <typename E, std::size_t N>
std::optional<E> ValueOf(const WireNames<E, N>& names, std::string_view name) {
  for (const auto& [v, n] : names) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace certreg::domain::internal
