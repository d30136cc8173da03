#include "web/qr_svg.h"

#include <qrencode.h>

#include <memory>

namespace certreg::web {
namespace {

constexpr int kQuietZone = 4;  // modules, ISO/IEC 18004 §6.3.8

struct QrCodeFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::optional<std::string> QrSvg(std::string_view text) {
  if (text.empty()) return std::nullopt;
  // QRcode_encodeData takes the bytes with their length, so a NUL in `text`
  // is encoded rather than ending it; version 0 picks the smallest that fits.
  std::unique_ptr<QRcode, QrCodeFree> code(QRcode_encodeData(static_cast<int>(text.size()),
                                                             reinterpret_cast<const unsigned char*>(text.data()),
                                                             /*version=*/0, QR_ECLEVEL_M));
  if (code == nullptr) return std::nullopt;

  const int width = code->width;
  const std::string size = std::to_string(width + 2 * kQuietZone);
  std::string svg;
  svg.reserve(static_cast<std::size_t>(width) * width * 4 + 400);
  svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + size + " " + size +
         "\" width=\"" + size + "mm\" height=\"" + size + "mm\" shape-rendering=\"crispEdges\">";
  svg += "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>";
  svg += "<path fill=\"#000\" d=\"";
  // One subpath per horizontal run of dark modules (bit 0 of each byte).
  for (int y = 0; y < width; ++y) {
    const unsigned char* row = code->data + static_cast<std::ptrdiff_t>(y) * width;
    for (int x = 0; x < width;) {
      if ((row[x] & 1) == 0) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < width && (row[x + run] & 1) != 0) ++run;
      svg += 'M' + std::to_string(x + kQuietZone) + ' ' + std::to_string(y + kQuietZone) + 'h' + std::to_string(run) +
             "v1h-" + std::to_string(run) + 'z';
      x += run;
    }
  }
  svg += "\"/></svg>\n";
  return svg;
}

}  // namespace certreg::web
