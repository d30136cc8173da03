// The files of the public query page (web/: index.html, its scripts and style sheets),
// embedded in the binary at build time, so the server needs no asset folder,
// no CDN and no internet (api.md "Public").
#pragma once

#include <string_view>

namespace certreg::web {

struct Asset {
  std::string_view name;          // the file's name in web/, e.g. "app.js"
  std::string_view content_type;  // e.g. "text/javascript; charset=utf-8"
  std::string_view body;          // the file's bytes, exactly as in the source tree
  std::string_view etag;          // the ETag header value, quotes included: "\"<SHA-256 of body, hex>\""
};

// The asset named `name` (a bare file name, as in `GET /assets/<name>`), or
// nullptr for any other name: no path is ever resolved, so "../x" or
// "index.html/" are simply unknown. The returned object and its views are
// static: they live as long as the program. Thread-safe.
const Asset* FindAsset(std::string_view name);

}  // namespace certreg::web
