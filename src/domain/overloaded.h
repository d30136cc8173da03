// Internal: the visitor idiom for std::visit over lambdas.
#pragma once

namespace certreg::domain {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace certreg::domain
