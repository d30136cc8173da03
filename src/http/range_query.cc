#include "http/range_query.h"

#include <algorithm>
#include <string>

namespace certreg::http {

std::optional<std::uint64_t> UnsignedQuery(Call& call, const char* name, std::uint64_t fallback, std::uint64_t min,
                                           std::uint64_t max) {
  auto value = call.query(name);
  if (!value) return fallback;
  const bool digits = !value->empty() && value->size() <= 19 &&
                      std::all_of(value->begin(), value->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || std::stoull(*value) < min || std::stoull(*value) > max) {
    SendProblem(call, InvalidQuery(name, "must be an integer from " + std::to_string(min) + " to " +
                                             std::to_string(max)));
    return std::nullopt;
  }
  return std::stoull(*value);
}

std::optional<Range> RangeQuery(Call& call, RangeLimits limits) {
  auto from = UnsignedQuery(call, "from", 0, 0, UINT64_MAX / 2);
  if (!from) return std::nullopt;
  auto limit = UnsignedQuery(call, "limit", limits.default_limit, limits.min_limit, limits.max_limit);
  if (!limit) return std::nullopt;
  return Range{.from = *from, .limit = static_cast<std::size_t>(*limit)};
}

void AddPaging(nlohmann::json& body, std::uint64_t from, std::optional<std::uint64_t> next) {
  body["from"] = from;
  if (next) body["next"] = *next;
}

}  // namespace certreg::http
