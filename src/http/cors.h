// Internal to the HTTP room: CORS on the public surface (platforms.md §1).
//
// Every answer under /public/ and /log/ (errors, 304s and refusals included)
// carries `Access-Control-Allow-Origin: *` and names the headers a platform's
// script may read; an OPTIONS preflight on a path there is answered 204 by
// the server itself (no route handles OPTIONS). Never
// Access-Control-Allow-Credentials: the public surface knows no cookies and no
// credentials. The staff API (/api/), the page and operations get no CORS.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <httplib.h>

namespace certreg::http {

// Whether `path` is on the public surface: /public/... or /log/...
bool IsCorsPath(std::string_view path);

// Adds Access-Control-Allow-Origin and Access-Control-Expose-Headers.
void AddCorsHeaders(httplib::Response& res);

// The 204 answer to a preflight of a path whose routes take `methods`
// (HEAD and OPTIONS added): the CORS headers, Allow, and the allowed methods,
// request headers and how long a browser may keep the answer.
void AnswerPreflight(httplib::Response& res, const std::vector<std::string>& methods);

}  // namespace certreg::http
