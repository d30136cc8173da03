// The check of serve's --public-base-url at start (operations.md §2).
#pragma once

#include <string>

#include "certreg/common/status.h"

namespace certreg::tool {

// Ok when `url` is empty (the server derives the address) or has the form
// http(s)://HOST[:PORT][/PATH] with no query, fragment, user or blank, a host
// other than 0.0.0.0 and :: (no client can reach those), and, when
// `listen_host` (serve's --listen host) is not a loopback address, a host
// other than a loopback one (localhost, 127.x.x.x, ::1): printed in a QR code,
// it would send every reader to their own machine. Else InvalidArgument
// saying why. Trailing slashes of the path are dropped from `url`.
Status CheckPublicBaseUrl(std::string& url, const std::string& listen_host);

}  // namespace certreg::tool
