// The `from`/`limit` query parameters of a list read by index (README,
// "Histories in pages"): the global log, a file's events and timeline, a
// certificate's public history. An answer carries `from` and, unless it is
// the last page, `next`: the `from` of the following page.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "http/router.h"

namespace certreg::http {

struct RangeLimits {
  std::uint64_t default_limit = 0;  // when `limit` is absent
  std::uint64_t max_limit = 0;      // the most a page holds: bounds an answer's size
  std::uint64_t min_limit = 1;      // 1: a page always moves on
};

// The page sizes of the histories (README, "Histories in pages", for the bytes they bound).
inline constexpr RangeLimits kEventsPage = {.default_limit = 500, .max_limit = 1000};
inline constexpr RangeLimits kTimelinePage = {.default_limit = 100, .max_limit = 200};
inline constexpr RangeLimits kPublicHistoryPage = {.default_limit = 200, .max_limit = 1000};

struct Range {
  std::uint64_t from = 0;  // index of the first item, 0 = the oldest
  std::size_t limit = 0;
};

// An unsigned integer query parameter from `min` to `max`; `fallback` when
// absent. When malformed it answers 422 naming the parameter itself and
// returns nullopt.
std::optional<std::uint64_t> UnsignedQuery(Call& call, const char* name, std::uint64_t fallback, std::uint64_t min,
                                           std::uint64_t max);

// `from` (0 to 2^63 - 1, default 0) and `limit` (within `limits`); nullopt
// when one is malformed: it answered 422 itself.
std::optional<Range> RangeQuery(Call& call, RangeLimits limits);

// Sets `from` and, when `next` has a value, `next` on a page's answer.
void AddPaging(nlohmann::json& body, std::uint64_t from, std::optional<std::uint64_t> next);

}  // namespace certreg::http
