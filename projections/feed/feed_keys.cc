// proj_feed's key of projections/README.md: BE8(global log position).
#include "certreg/projections/keys.h"

namespace certreg::projections {

std::string FeedKey(std::uint64_t position) {
  std::string key(8, '\0');
  for (int i = 0; i < 8; ++i) key[i] = static_cast<char>((position >> (8 * (7 - i))) & 0xff);
  return key;
}

std::optional<std::uint64_t> PositionOfFeedKey(std::string_view key) {
  if (key.size() != 8) return std::nullopt;
  std::uint64_t position = 0;
  for (char c : key) position = (position << 8) | static_cast<unsigned char>(c);
  return position;
}

}  // namespace certreg::projections
