// A variant of types that each say their own wire name (`kName`): the name of
// the alternative a value holds, and a compile-time check that no two
// alternatives share a name. Events and commands use it (events.h, commands.h).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace certreg::domain {

// The kName of the alternative `value` holds.
template <typename Variant>
constexpr std::string_view TypeName(const Variant& value) {
  return std::visit([](const auto& alternative) { return std::decay_t<decltype(alternative)>::kName; }, value);
}

namespace type_name_detail {
template <typename Variant, std::size_t... I>
constexpr bool Unique(std::index_sequence<I...>) {
  constexpr std::array<std::string_view, sizeof...(I)> names = {std::variant_alternative_t<I, Variant>::kName...};
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j) {
      if (names[i] == names[j]) return false;
    }
  }
  return true;
}
}  // namespace type_name_detail

// True when no two alternatives of Variant carry the same kName.
template <typename Variant>
inline constexpr bool kNamesUnique =
    type_name_detail::Unique<Variant>(std::make_index_sequence<std::variant_size_v<Variant>>());

}  // namespace certreg::domain
