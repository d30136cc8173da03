// The history tables' keys of projections/README.md: number ‖ 0x00 ‖ BE8(version) [‖ BE2(item)].
#include "certreg/projections/keys.h"

namespace certreg::projections {
namespace {

void AppendBigEndian(std::string& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

}  // namespace

std::string HistoryPrefix(std::string_view number) {
  std::string key(number);
  key.push_back('\0');
  return key;
}

std::string HistoryKey(std::string_view number, std::uint64_t version) {
  std::string key = HistoryPrefix(number);
  AppendBigEndian(key, version, 8);
  return key;
}

std::string ChangeKey(std::string_view number, std::uint64_t version, std::uint16_t item) {
  std::string key = HistoryKey(number, version);
  AppendBigEndian(key, item, 2);
  return key;
}

}  // namespace certreg::projections
