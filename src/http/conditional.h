// Internal to the HTTP room: conditional GETs, in one place for every route
// (platforms.md §1; RFC 9110 §13.1.2).
//
// After a handler answered a GET or HEAD with 200, the server calls
// Revalidate: an answer on the public surface (the page, its assets,
// /public/, /log/) without an ETag of its handler's gets a strong one from
// its exact body bytes; then any answer with an ETag (the page's, the staff
// version tags, the computed ones) whose request's If-None-Match names it
// becomes a 304 with no body and the same headers (ETag, Cache-Control, ...).
#pragma once

#include <string>
#include <string_view>

#include <httplib.h>

namespace certreg::http {

// The strong ETag of `body`: "\"" + the first 16 bytes of its SHA-256 in hex + "\"".
std::string BodyTag(std::string_view body);

// Whether an If-None-Match header value names `etag`: "*", or a list of
// entity tags one of which equals it by the weak comparison (W/ ignored on
// both sides). False for an empty or malformed header.
bool NoneMatchNames(std::string_view if_none_match, std::string_view etag);

// Tags (when `tag_body`) and revalidates a 200 answer to a GET or HEAD;
// leaves any other answer alone.
void Revalidate(const httplib::Request& req, httplib::Response& res, bool tag_body);

}  // namespace certreg::http
