#include "http/router.h"

#include <algorithm>

#include "certreg/projections/query.h"

namespace certreg::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

// No id, number or name of the registry is this long: such a path names nothing.
constexpr std::size_t kMaxParamBytes = 128;

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

std::optional<std::string> Call::query(const char* name) const {
  if (!req.has_param(name)) return std::nullopt;
  return req.get_param_value(name);
}

void Router::Add(std::string method, std::string pattern, std::vector<std::string> roles, Handler handler) {
  segments_.push_back(Split(pattern));
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(roles), std::move(handler), {}});
}

void Router::AddQuick(std::string method, std::string pattern, QuickHandler quick, Handler handler) {
  Add(std::move(method), std::move(pattern), {}, std::move(handler));
  routes_.back().quick = std::move(quick);
}

const Route* Router::Match(const std::string& method, const std::string& path,
                           std::map<std::string, std::string>* params, std::vector<std::string>* allowed) const {
  if (path.empty() || path[0] != '/') return nullptr;
  const std::vector<std::string> segments = Split(path);
  allowed->clear();
  for (std::size_t r = 0; r < routes_.size(); ++r) {
    const std::vector<std::string>& pattern = segments_[r];
    if (pattern.size() != segments.size()) continue;
    std::map<std::string, std::string> found;
    bool match = true;
    for (std::size_t i = 0; i < pattern.size() && match; ++i) {
      if (IsParam(pattern[i])) {
        if (segments[i].empty() || segments[i].size() > kMaxParamBytes) {
          match = false;
        } else {
          // httplib has already percent-decoded the path.
          found[pattern[i].substr(1, pattern[i].size() - 2)] = segments[i];
        }
      } else {
        match = pattern[i] == segments[i];
      }
    }
    if (!match) continue;
    if (routes_[r].method != method && !(method == "HEAD" && routes_[r].method == "GET")) {
      allowed->push_back(routes_[r].method);
      continue;
    }
    *params = std::move(found);
    return &routes_[r];
  }
  return nullptr;
}

void SendJson(Call& call, int status, const nlohmann::json& body) {
  call.res.status = status;
  call.res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void SendProblem(Call& call, const Problem& problem) {
  call.res.status = problem.status;
  call.res.set_content(problem.ToJson().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/problem+json");
}

std::optional<int> PositiveQuery(Call& call, const char* name, int fallback, int max) {
  auto value = call.query(name);
  if (!value) return fallback;
  const bool digits = !value->empty() && value->size() <= 9 &&
                      std::all_of(value->begin(), value->end(), [](char c) { return c >= '0' && c <= '9'; });
  const long n = digits ? std::stol(*value) : 0;
  if (!digits || n < 1 || n > max) {
    SendProblem(call, InvalidQuery(name, "must be an integer from 1 to " + std::to_string(max)));
    return std::nullopt;
  }
  return static_cast<int>(n);
}

bool PageQuery(Call& call, int* page, int* page_size) {
  auto number = PositiveQuery(call, "page", 1, 1'000'000);
  if (!number) return false;
  auto size = PositiveQuery(call, "page_size", projections::kDefaultPageSize, projections::kMaxPageSize);
  if (!size) return false;
  *page = *number;
  *page_size = *size;
  return true;
}

void SetVersionTag(Call& call, std::uint64_t version) {
  call.res.set_header("ETag", "\"" + std::to_string(version) + "\"");
}

}  // namespace certreg::http
