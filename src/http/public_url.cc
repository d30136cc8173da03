#include "http/public_url.h"

namespace certreg::http {
namespace {

// host[:port] as a Host header may carry it: a name, an IPv4 address or a
// bracketed IPv6 one, and a port; nothing that could change the URL's shape.
bool IsHostAndPort(const std::string& value) {
  if (value.empty() || value.size() > 261) return false;
  for (char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return value.front() != ':' && value.front() != '.' && value.front() != '-';
}

}  // namespace

bool PublicUrlIsFixed(const Api& api) { return !api.public_base_url.empty(); }

std::string PublicBaseUrl(const Api& api, const Call& call) {
  if (!api.public_base_url.empty()) return api.public_base_url;
  const std::string host = call.req.get_header_value("Host");
  return IsHostAndPort(host) ? ForwardedProto(call) + "://" + host : api.listen_url;
}

std::string PublicCertificateUrl(const Api& api, const Call& call, const std::string& number) {
  return PublicBaseUrl(api, call) + "/certificates/" + number;
}

}  // namespace certreg::http
