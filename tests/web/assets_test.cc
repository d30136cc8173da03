// The public page's files, embedded from web/ at build time.
#include "web/assets.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace certreg::web {
namespace {

std::string SourceFile(const std::string& name) {
  std::ifstream in(std::string(CERTREG_SOURCE_DIR) + "/web/" + name, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

TEST_CASE("the files of the public page are embedded exactly as in web/", "[web][assets]") {
  const struct {
    const char* name;
    const char* content_type;
  } expected[] = {
      {"index.html", "text/html; charset=utf-8"},
      {"i18n.js", "text/javascript; charset=utf-8"},
      {"elements.js", "text/javascript; charset=utf-8"},
      {"api.js", "text/javascript; charset=utf-8"},
      {"statement.js", "text/javascript; charset=utf-8"},
      {"app.js", "text/javascript; charset=utf-8"},
      {"footer.js", "text/javascript; charset=utf-8"},
      {"base.css", "text/css; charset=utf-8"},
      {"app.css", "text/css; charset=utf-8"},
      {"media.css", "text/css; charset=utf-8"},
  };
  for (const auto& file : expected) {
    INFO(file.name);
    const Asset* asset = FindAsset(file.name);
    REQUIRE(asset != nullptr);
    CHECK(asset->name == file.name);
    CHECK(asset->content_type == file.content_type);
    CHECK(asset->body == SourceFile(file.name));
    // A quoted SHA-256 in hex.
    REQUIRE(asset->etag.size() == 66);
    CHECK(asset->etag.front() == '"');
    CHECK(asset->etag.back() == '"');
    CHECK(asset->etag.substr(1, 64).find_first_not_of("0123456789abcdef") == std::string_view::npos);
  }
  CHECK(FindAsset("index.html")->etag != FindAsset("app.js")->etag);
}

TEST_CASE("the page refers only to its own assets, scripts in the order they build on each other",
          "[web][assets]") {
  const std::string_view html = FindAsset("index.html")->body;
  std::size_t at = 0;
  for (const char* name : {"base.css", "app.css", "media.css", "i18n.js", "elements.js", "api.js", "statement.js", "app.js", "footer.js"}) {
    INFO(name);
    const std::size_t found = html.find("/assets/" + std::string(name) + "\"");
    REQUIRE(found != std::string_view::npos);
    CHECK(found > at);
    at = found;
  }
  // Nothing from elsewhere (no CDN) and nothing inline (the CSP allows only 'self').
  CHECK(html.find("http://") == std::string_view::npos);
  CHECK(html.find("https://") == std::string_view::npos);
  CHECK(html.find("<style") == std::string_view::npos);
  CHECK(html.find(" style=") == std::string_view::npos);
  CHECK(html.find("<script>") == std::string_view::npos);
  CHECK_FALSE(std::regex_search(html.begin(), html.end(), std::regex(R"(\son[a-z]+\s*=)")));  // no onclick=...
}

TEST_CASE("an unknown asset name is not found, and no path is resolved", "[web][assets]") {
  CHECK(FindAsset("") == nullptr);
  CHECK(FindAsset("missing.js") == nullptr);
  CHECK(FindAsset("APP.JS") == nullptr);
  CHECK(FindAsset("app.js/") == nullptr);
  CHECK(FindAsset("./app.js") == nullptr);
  CHECK(FindAsset("../web/app.js") == nullptr);
  CHECK(FindAsset("web/app.js") == nullptr);
}

}  // namespace certreg::web
