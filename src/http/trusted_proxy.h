// Internal to the HTTP room: the reverse proxies whose forwarding headers the
// server believes (operations.md §5, `certreg serve --trusted-proxy CIDR`).
//
// Only when a connection's peer address lies inside a trusted range are
// X-Forwarded-For and X-Forwarded-Proto read; from any other peer they are
// ignored, so a client cannot choose the address the access log shows or the
// scheme public URLs are built with. No range is trusted by default.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/common/status.h"

namespace httplib {
struct Request;
}

namespace certreg::http {

// One IPv4 or IPv6 range; IPv4 addresses are held as IPv4-mapped IPv6 ones.
struct Cidr {
  std::array<std::uint8_t, 16> address{};
  int prefix_bits = 128;  // of the 128 bits
};

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts no one
  // Each range as "A.B.C.D/N", "X:Y::Z/N" or one address (a /32 or /128).
  // InvalidArgument naming the first that is neither.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& ranges);

  // Whether `address` (a textual IPv4 or IPv6 address, e.g. a peer's) lies in
  // a trusted range; false for anything that is not an address.
  bool Contains(std::string_view address) const;
  bool empty() const { return ranges_.empty(); }

 private:
  std::vector<Cidr> ranges_;
};

// Where a request came from, as far as the server may believe it.
struct RequestOrigin {
  std::string client_address;  // the peer, or from a trusted peer the right-most untrusted X-Forwarded-For entry
  std::string scheme = "http";  // "http", or a trusted peer's X-Forwarded-Proto when it is "http" or "https"
};

// The origin of `req` given the trusted proxies (cheap: no allocation beyond
// the two strings when no proxy is trusted).
RequestOrigin OriginOf(const httplib::Request& req, const TrustedProxies& proxies);

}  // namespace certreg::http
