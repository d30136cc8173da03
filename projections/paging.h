// Internal to the projections: reading a table in full and cutting pages,
// shared by the read models' queries.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/projections/query.h"
#include "certreg/projections/row_reader.h"

namespace certreg::projections::internal {

// Every entry of `column_family` whose key starts with `prefix`, in key order,
// read in chunks; the reader's errors pass through.
Result<KeyValues> ScanAll(const RowReader& reader, std::string_view column_family, const std::string& prefix);

// InvalidArgument unless page >= 1 and 1 <= page_size <= max_page_size.
Status CheckPage(int page, int page_size, int max_page_size = kMaxPageSize);

// Page `page` (from 1) of `all`, with the count of all: a SearchPage or a
// WorkQueuePage. Requires CheckPage to have passed.
template <typename Page, typename T>
Page PageOf(std::vector<T> all, int page, int page_size) {
  Page out;
  out.total = all.size();
  out.page = page;
  out.page_size = page_size;
  const std::size_t first = static_cast<std::size_t>(page - 1) * static_cast<std::size_t>(page_size);
  if (first >= all.size()) return out;
  const std::size_t last = std::min(all.size(), first + static_cast<std::size_t>(page_size));
  out.items.assign(std::make_move_iterator(all.begin() + first), std::make_move_iterator(all.begin() + last));
  return out;
}

}  // namespace certreg::projections::internal
