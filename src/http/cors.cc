#include "http/cors.h"

#include <algorithm>

namespace certreg::http {
namespace {

// What a browser may send beyond the safelisted headers: revalidation and the
// content type of a body.
constexpr char kAllowHeaders[] = "Accept, Content-Type, If-None-Match, Last-Event-ID";
// What a platform reads from an answer.
constexpr char kExposeHeaders[] = "ETag, X-Certreg-Tree-Size, Retry-After, X-Request-Id, X-Total-Count";
// A day: the allowed methods and headers change only with a release.
constexpr char kMaxAge[] = "86400";

}  // namespace

bool IsCorsPath(std::string_view path) { return path.starts_with("/public/") || path.starts_with("/log/"); }

void AddCorsHeaders(httplib::Response& res) {
  res.set_header("Access-Control-Allow-Origin", "*");
  res.set_header("Access-Control-Expose-Headers", kExposeHeaders);
  res.headers.erase("Set-Cookie");  // never a cookie on the public surface
}

void AnswerPreflight(httplib::Response& res, const std::vector<std::string>& methods) {
  std::vector<std::string> all = methods;
  if (std::find(all.begin(), all.end(), "GET") != all.end()) all.push_back("HEAD");
  all.push_back("OPTIONS");
  std::string list;
  for (const std::string& m : all) {
    if (list.find(m) == std::string::npos) list += (list.empty() ? "" : ", ") + m;
  }
  res.status = 204;
  res.body.clear();
  res.set_header("Allow", list);
  res.set_header("Access-Control-Allow-Methods", list);
  res.set_header("Access-Control-Allow-Headers", kAllowHeaders);
  res.set_header("Access-Control-Max-Age", kMaxAge);
  AddCorsHeaders(res);
}

}  // namespace certreg::http
