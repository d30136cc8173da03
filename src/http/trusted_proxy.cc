#include "http/trusted_proxy.h"

#include <arpa/inet.h>

#include <cstring>

#include <httplib.h>

namespace certreg::http {
namespace {

// The address as 16 bytes (IPv4 mapped into ::ffff:0:0/96); false when it is none.
bool ParseAddress(std::string_view text, std::array<std::uint8_t, 16>* out, bool* v4) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return false;
  const std::string s(text);
  in_addr a4{};
  if (::inet_pton(AF_INET, s.c_str(), &a4) == 1) {
    out->fill(0);
    (*out)[10] = 0xff;
    (*out)[11] = 0xff;
    std::memcpy(out->data() + 12, &a4, 4);
    *v4 = true;
    return true;
  }
  in6_addr a6{};
  if (::inet_pton(AF_INET6, s.c_str(), &a6) == 1) {
    std::memcpy(out->data(), &a6, 16);
    *v4 = false;
    return true;
  }
  return false;
}

bool InRange(const std::array<std::uint8_t, 16>& address, const Cidr& range) {
  int bits = range.prefix_bits;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((address[i] & mask) != (range.address[i] & mask)) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& ranges) {
  TrustedProxies out;
  for (const std::string& text : ranges) {
    const std::size_t slash = text.find('/');
    Cidr range;
    bool v4 = false;
    const auto bad = [&] {
      return Status::InvalidArgument("--trusted-proxy " + text +
                                     " is not an address range such as 10.0.0.0/8, 127.0.0.1 or fd00::/8");
    };
    if (!ParseAddress(std::string_view(text).substr(0, slash), &range.address, &v4)) return bad();
    range.prefix_bits = 128;
    if (slash != std::string::npos) {
      const std::string digits = text.substr(slash + 1);
      if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string::npos) {
        return bad();
      }
      const int bits = std::stoi(digits);
      if (bits > (v4 ? 32 : 128)) return bad();
      range.prefix_bits = v4 ? 96 + bits : bits;
    }
    out.ranges_.push_back(range);
  }
  return out;
}

bool TrustedProxies::Contains(std::string_view address) const {
  if (ranges_.empty()) return false;
  std::array<std::uint8_t, 16> bytes{};
  bool v4 = false;
  if (!ParseAddress(address, &bytes, &v4)) return false;
  for (const Cidr& range : ranges_) {
    if (InRange(bytes, range)) return true;
  }
  return false;
}

RequestOrigin OriginOf(const httplib::Request& req, const TrustedProxies& proxies) {
  RequestOrigin origin{req.remote_addr, "http"};
  if (!proxies.Contains(req.remote_addr)) return origin;
  // Every X-Forwarded-For field, joined, read right to left: each proxy
  // appends the address it saw; the first one not trusted is the client.
  std::string forwarded;
  const std::size_t fields = req.get_header_value_count("X-Forwarded-For");
  for (std::size_t i = 0; i < fields; ++i) {
    forwarded += (i ? "," : "") + req.get_header_value("X-Forwarded-For", i);
  }
  std::string_view rest = forwarded;
  while (!rest.empty()) {
    const std::size_t comma = rest.rfind(',');
    const std::string_view entry = Trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    std::array<std::uint8_t, 16> bytes{};
    bool v4 = false;
    if (!ParseAddress(entry, &bytes, &v4)) break;  // not an address: believe nothing further left
    origin.client_address = std::string(entry);
    if (!proxies.Contains(entry)) break;
  }
  const std::string proto = req.get_header_value("X-Forwarded-Proto");
  if (proto == "https" || proto == "http") origin.scheme = proto;
  return origin;
}

}  // namespace certreg::http
