// The QR code of the printable certificate view: well-formed SVG, the modules
// libqrencode chose, and (when zbarimg is installed) a code a scanner reads back.
#include "web/qr_svg.h"

#include <qrencode.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace certreg::web {
namespace {

constexpr int kQuietZone = 4;

// The dark modules an SVG of QrSvg draws, as rows of '#' and '.', quiet zone
// included; the test fails when the document is not of the promised shape.
struct ParsedSvg {
  int size = 0;  // modules per side, quiet zone included
  std::vector<std::string> grid;
};

ParsedSvg ParseSvg(const std::string& svg) {
  // The fixed parts by regular expression; the path data (up to ~100 kB, too
  // long for std::regex's recursion) by hand.
  static const std::regex kHead(
      R"re(<\?xml version="1\.0" encoding="UTF-8"\?>\n)re"
      R"re(<svg xmlns="http://www\.w3\.org/2000/svg" version="1\.1" viewBox="0 0 (\d+) (\d+)" width="(\d+)mm" height="(\d+)mm" shape-rendering="crispEdges">)re"
      R"re(<rect width="(\d+)" height="(\d+)" fill="#fff"/>)re"
      R"re(<path fill="#000" d=")re");
  const std::string tail = "\"/></svg>\n";
  const std::size_t head_end = svg.find(" d=\"");
  REQUIRE(head_end != std::string::npos);
  const std::string head = svg.substr(0, head_end + 4);
  std::smatch match;
  REQUIRE(std::regex_match(head, match, kHead));
  REQUIRE(svg.size() >= head.size() + tail.size());
  REQUIRE(svg.compare(svg.size() - tail.size(), tail.size(), tail) == 0);

  ParsedSvg parsed;
  parsed.size = std::stoi(match[1]);
  for (int i = 2; i <= 6; ++i) REQUIRE(std::stoi(match[i]) == parsed.size);
  parsed.grid.assign(parsed.size, std::string(parsed.size, '.'));

  // d is a sequence of "M<x> <y>h<run>v1h-<run>z".
  const std::string d = svg.substr(head.size(), svg.size() - head.size() - tail.size());
  std::size_t at = 0;
  const auto expect = [&](const char* literal) {
    const std::string text = literal;
    REQUIRE(d.compare(at, text.size(), text) == 0);
    at += text.size();
  };
  const auto number = [&] {
    const std::size_t start = at;
    while (at < d.size() && d[at] >= '0' && d[at] <= '9') ++at;
    REQUIRE(at > start);
    return std::stoi(d.substr(start, at - start));
  };
  while (at < d.size()) {
    expect("M");
    const int x = number();
    expect(" ");
    const int y = number();
    expect("h");
    const int run = number();
    expect("v1h-");
    REQUIRE(number() == run);
    expect("z");
    REQUIRE(run >= 1);
    REQUIRE(y < parsed.size);
    REQUIRE(x + run <= parsed.size);
    for (int i = 0; i < run; ++i) {
      REQUIRE(parsed.grid[y][x + i] == '.');  // runs never overlap
      parsed.grid[y][x + i] = '#';
    }
  }
  return parsed;
}

// libqrencode's own matrix for the same input, framed by the quiet zone.
std::vector<std::string> ReferenceGrid(const std::string& text) {
  QRcode* code = QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()),
                                   0, QR_ECLEVEL_M);
  REQUIRE(code != nullptr);
  const int size = code->width + 2 * kQuietZone;
  std::vector<std::string> grid(size, std::string(size, '.'));
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      if (code->data[y * code->width + x] & 1) grid[y + kQuietZone][x + kQuietZone] = '#';
    }
  }
  QRcode_free(code);
  return grid;
}

int VersionOf(const ParsedSvg& parsed) {
  const int modules = parsed.size - 2 * kQuietZone;
  REQUIRE((modules - 17) % 4 == 0);
  return (modules - 17) / 4;
}

// The 7×7 finder pattern with its top-left corner at (x, y).
bool FinderAt(const std::vector<std::string>& grid, int x, int y) {
  for (int dy = 0; dy < 7; ++dy) {
    for (int dx = 0; dx < 7; ++dx) {
      const bool ring = dx == 0 || dx == 6 || dy == 0 || dy == 6;
      const bool centre = dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4;
      if ((grid[y + dy][x + dx] == '#') != (ring || centre)) return false;
    }
  }
  return true;
}

std::string Text(std::size_t length) {
  std::string text = "https://certreg.example.cn/certificates/";
  while (text.size() < length) text += static_cast<char>('A' + text.size() % 26);
  text.resize(length);
  return text;
}

}  // namespace

TEST_CASE("the QR code of a certificate's address is a well-formed SVG of libqrencode's modules", "[web][qr]") {
  const std::string text = "https://certreg.example.cn/certificates/CMM-525-2025-00001";
  const auto svg = QrSvg(text);
  REQUIRE(svg.has_value());
  const ParsedSvg parsed = ParseSvg(*svg);
  // 57 bytes in 8-bit mode at level M need version 4 (holds 62).
  CHECK(VersionOf(parsed) == 4);
  CHECK(parsed.size == 17 + 4 * 4 + 2 * kQuietZone);
  CHECK(parsed.grid == ReferenceGrid(text));

  // The quiet zone is light, and the three finder patterns sit in their corners.
  const int n = parsed.size;
  for (int i = 0; i < n; ++i) {
    for (int q = 0; q < kQuietZone; ++q) {
      CHECK(parsed.grid[q][i] == '.');
      CHECK(parsed.grid[n - 1 - q][i] == '.');
      CHECK(parsed.grid[i][q] == '.');
      CHECK(parsed.grid[i][n - 1 - q] == '.');
    }
  }
  CHECK(FinderAt(parsed.grid, kQuietZone, kQuietZone));
  CHECK(FinderAt(parsed.grid, n - kQuietZone - 7, kQuietZone));
  CHECK(FinderAt(parsed.grid, kQuietZone, n - kQuietZone - 7));
}

TEST_CASE("the QR version is the smallest that holds the text at level M", "[web][qr]") {
  // Byte-mode capacities at level M: version 1 holds 14 bytes, 2 holds 26, 4 holds 62, 40 holds 2331.
  const std::vector<std::pair<std::size_t, int>> cases = {{14, 1}, {15, 2}, {26, 2}, {27, 3}, {62, 4}, {63, 5},
                                                          {2331, 40}};
  for (const auto& [length, version] : cases) {
    INFO("text of " << length << " bytes");
    const auto svg = QrSvg(Text(length));
    REQUIRE(svg.has_value());
    const ParsedSvg parsed = ParseSvg(*svg);
    CHECK(VersionOf(parsed) == version);
    CHECK(parsed.grid == ReferenceGrid(Text(length)));
  }
}

TEST_CASE("the same text always gives the same SVG bytes", "[web][qr]") {
  CHECK(QrSvg("https://certreg.example.cn/certificates/CMM-525-2024-00003") ==
        QrSvg("https://certreg.example.cn/certificates/CMM-525-2024-00003"));
}

TEST_CASE("an empty text or one no QR code holds gives no SVG", "[web][qr]") {
  CHECK_FALSE(QrSvg("").has_value());
  CHECK_FALSE(QrSvg(Text(2332)).has_value());
}

TEST_CASE("a scanner reads the certificate's address back from the QR code", "[web][qr][zbar]") {
  if (testing::RunCommand("command -v zbarimg >/dev/null 2>&1").exit_code != 0) {
    WARN("zbarimg (Debian zbar-tools) is not installed; the scan is not checked");
    return;
  }
  const std::string text = "https://certreg.example.cn/certificates/CMM-525-2025-00012";
  const auto svg = QrSvg(text);
  REQUIRE(svg.has_value());
  const ParsedSvg parsed = ParseSvg(*svg);

  // Rasterise the SVG's modules, 4 pixels each, into a plain PBM (1 = black).
  constexpr int kScale = 4;
  testing::TempDir dir;
  const std::string image = dir.Sub("qr.pbm");
  {
    std::ofstream out(image);
    out << "P1\n" << parsed.size * kScale << ' ' << parsed.size * kScale << '\n';
    for (const std::string& row : parsed.grid) {
      std::string line;
      for (char module : row) line += std::string(kScale, module == '#' ? '1' : '0');
      for (int i = 0; i < kScale; ++i) out << line << '\n';
    }
  }
  const auto scanned = testing::RunCommand("zbarimg --quiet --nodbus --raw -Sdisable -Sqrcode.enable '" + image + "' 2>" + dir.Sub("zbarimg.err"));
  CHECK(scanned.exit_code == 0);
  CHECK(scanned.text == text + "\n");
}

}  // namespace certreg::web
