#include "certreg/public_base_url.h"

#include <fmt/format.h>

#include <string_view>

namespace certreg::tool {
namespace {

bool IsLoopback(std::string_view host) {
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return host == "localhost" || host == "::1" || host.starts_with("127.") || host.ends_with(".localhost");
}

bool IsWildcard(std::string_view host) { return host == "0.0.0.0" || host == "[::]" || host == "::"; }

// A name or IPv4 address ([A-Za-z0-9.-]), or a bracketed IPv6 address.
bool IsHost(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') {
    return host.size() > 2 && host.back() == ']' &&
           host.substr(1, host.size() - 2).find_first_not_of("0123456789abcdefABCDEF:.") == std::string_view::npos;
  }
  return host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") ==
             std::string_view::npos &&
         host.front() != '.' && host.front() != '-';
}

bool IsPort(std::string_view port) {
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) return false;
  const int value = std::stoi(std::string(port));
  return value >= 1 && value <= 65535;
}

}  // namespace

Status CheckPublicBaseUrl(std::string& url, const std::string& listen_host) {
  if (url.empty()) return Status::Ok();
  const auto refuse = [&url](std::string_view why) {
    return Status::InvalidArgument(fmt::format("--public-base-url {}: {}", url, why));
  };
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return refuse("must start with http:// or https://");
  }
  if (rest.find_first_of("?#") != std::string_view::npos) return refuse("must have no query (?) or fragment (#)");
  if (rest.find_first_of(" \t\r\n\\@") != std::string_view::npos) {
    return refuse("must have no blanks, backslashes or user (@)");
  }
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view host = authority;
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    host = authority.substr(0, colon);
    if (!IsPort(authority.substr(colon + 1))) return refuse("the port must be a number from 1 to 65535");
  }
  if (!IsHost(host)) return refuse("expected http(s)://HOST[:PORT][/PATH] with a host name or address");
  if (IsWildcard(host)) return refuse("0.0.0.0 and :: are listen addresses no client can reach; name the public host");
  if (IsLoopback(host) && !IsLoopback(listen_host)) {
    return refuse(fmt::format("a loopback host while listening on {} would send every QR code reader to their own "
                              "machine; name the public host",
                              listen_host));
  }
  const std::size_t origin = url.size() - rest.size() + authority.size();  // scheme://authority
  while (url.size() > origin && url.back() == '/') url.pop_back();
  return Status::Ok();
}

}  // namespace certreg::tool
