#include "store/format_version.h"

#include <charconv>

#include "store/keys.h"

namespace certreg::store {

static_assert(keys::kFormatVersion[0] == '0' + kDataFormat && keys::kFormatVersion[1] == '\0',
              "keys::kFormatVersion is kDataFormat written out");

Status CheckDataFormat(const std::optional<std::string>& stored) {
  if (!stored) return Status::Ok();
  int format = 0;
  const char* end = stored->data() + stored->size();
  const auto [rest, error] = std::from_chars(stored->data(), end, format);
  if (error != std::errc() || rest != end || format < 1) {
    return Status::Corruption("the data directory's format marker \"" + *stored + "\" is not a format number");
  }
  if (format > kDataFormat) {
    return Status::Rejected("data directory format " + std::to_string(format) + " is newer than this certreg (" +
                            std::to_string(kDataFormat) + "); upgrade certreg");
  }
  return Status::Ok();
}

}  // namespace certreg::store
