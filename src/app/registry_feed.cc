// The change feed's read (include/certreg/app/registry.h, Registry::Feed).
#include "app/read_side.h"
#include "certreg/app/registry.h"
#include "certreg/projections/feed.h"

namespace certreg::app {

Result<projections::FeedPage> Registry::Feed(std::optional<std::uint64_t> after, std::size_t limit) const {
  return projections::Feed(reads_->rows(), after, limit);
}

}  // namespace certreg::app
