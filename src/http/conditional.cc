#include "http/conditional.h"

#include "certreg/common/sha256.h"

namespace certreg::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The opaque tag of an entity tag (W/ dropped), quotes included; empty when malformed.
std::string_view Opaque(std::string_view tag) {
  tag = Trim(tag);
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  if (tag.size() < 2 || tag.front() != '"' || tag.back() != '"') return {};
  if (tag.substr(1, tag.size() - 2).find('"') != std::string_view::npos) return {};
  return tag;
}

}  // namespace

std::string BodyTag(std::string_view body) {
  const Digest digest = Sha256Of(body);
  return "\"" + ToHex(std::string_view(reinterpret_cast<const char*>(digest.data()), 16)) + "\"";
}

bool NoneMatchNames(std::string_view if_none_match, std::string_view etag) {
  const std::string_view wanted = Opaque(etag);
  if (wanted.empty()) return false;
  if (Trim(if_none_match) == "*") return true;
  while (!if_none_match.empty()) {
    const std::size_t comma = if_none_match.find(',');
    const std::string_view one = if_none_match.substr(0, comma);
    if (Opaque(one) == wanted) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

void Revalidate(const httplib::Request& req, httplib::Response& res, bool tag_body) {
  if ((req.method != "GET" && req.method != "HEAD") || res.status != 200) return;
  if (tag_body && !res.has_header("ETag")) res.set_header("ETag", BodyTag(res.body));
  if (!res.has_header("ETag") || !req.has_header("If-None-Match")) return;
  if (!NoneMatchNames(req.get_header_value("If-None-Match"), res.get_header_value("ETag"))) return;
  res.status = 304;
  res.body.clear();
}

}  // namespace certreg::http
