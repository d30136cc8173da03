// The unified social credit code 统一社会信用代码 (GB 32100-2015).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace certreg::domain {

// True for an 18-character code whose characters are from the standard's
// 31-character set (digits and upper-case letters except I, O, Z, S, V) and
// whose last character is the check character of the first 17.
bool IsValidUscc(std::string_view code);

// The check character for the first 17 characters; nullopt when they are not
// 17 characters of the standard's set.
std::optional<char> UsccCheckCharacter(std::string_view first17);

}  // namespace certreg::domain
