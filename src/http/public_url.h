// Internal to the HTTP room: the registry's public address of a certificate,
// as QR codes and `public_url` fields print it. The one place that builds it.
#pragma once

#include <string>

#include "http/router.h"

namespace certreg::http {

// Whether the public address is the same for every request: a configured
// public_base_url, or a server listening on one address. False when it
// listens on a wildcard address (0.0.0.0, ::) with no base URL configured:
// then each request's Host names it (answers that hold it are not shared).
bool PublicUrlIsFixed(const Api& api);

// The registry's public base URL, SCHEME://HOST[:PORT] with no trailing
// slash, chosen as PublicCertificateUrl's below.
std::string PublicBaseUrl(const Api& api, const Call& call);

// `{base}/certificates/{number}`. The base is public_base_url when set; else,
// on a wildcard address, SCHEME://HOST[:PORT] of the request's Host header when
// it holds host[:port] characters only (SCHEME: http, or the X-Forwarded-Proto
// of a trusted proxy, ForwardedProto), else the listen address.
std::string PublicCertificateUrl(const Api& api, const Call& call, const std::string& number);

}  // namespace certreg::http
