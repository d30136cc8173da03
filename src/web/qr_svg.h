// The QR code of the printable certificate view (api.md "Public": it encodes
// `{public_base_url}/certificates/{no}`), drawn as SVG by Debian's libqrencode.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace certreg::web {

// The QR code of `text` as a standalone SVG document (image/svg+xml, UTF-8):
// the bytes of `text` in 8-bit mode, error correction level M, the smallest
// version that holds them; a quiet zone of 4 modules on every side; one unit
// of the viewBox per module (`viewBox="0 0 N N"`, N = 17 + 4 × version + 8);
// a white background and one `<path>` for all dark modules. The same text
// always gives the same bytes.
//
// nullopt when `text` is empty, longer than a version-40 code holds at level M
// (2331 bytes), or libqrencode fails (out of memory). Thread-safe.
std::optional<std::string> QrSvg(std::string_view text);

}  // namespace certreg::web
