#include "certreg/domain/uscc.h"

#include <array>

namespace certreg::domain {
namespace {

// GB 32100-2015: the 31 code characters, whose values are their positions.
constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// The weights of positions 1..17 (3^(i-1) mod 31).
constexpr std::array<int, 17> kWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

}  // namespace

std::optional<char> UsccCheckCharacter(std::string_view first17) {
  if (first17.size() != kWeights.size()) return std::nullopt;
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) {
    const auto value = kCharset.find(first17[i]);
    if (value == std::string_view::npos) return std::nullopt;
    sum += static_cast<int>(value) * kWeights[i];
  }
  const int check = (31 - sum % 31) % 31;  // 31 becomes 0
  return kCharset[check];
}

bool IsValidUscc(std::string_view code) {
  if (code.size() != 18) return false;
  const auto check = UsccCheckCharacter(code.substr(0, 17));
  return check.has_value() && *check == code[17];
}

}  // namespace certreg::domain
