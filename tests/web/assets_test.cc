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
      {"status_line.js", "text/javascript; charset=utf-8"},
      {"evaluation.js", "text/javascript; charset=utf-8"},
      {"statement.js", "text/javascript; charset=utf-8"},
      {"app.js", "text/javascript; charset=utf-8"},
      {"operator.js", "text/javascript; charset=utf-8"},
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
  for (const char* name : {"base.css", "app.css", "media.css", "i18n.js", "elements.js", "api.js",
                           "status_line.js", "evaluation.js", "statement.js", "app.js", "operator.js"}) {
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

TEST_CASE("the page has no words for 'within validity' and no operator written in", "[web][assets][page]") {
  // platforms.md §5: "在有效期内" never stands next to 暂停, 撤销 or 注销, so the
  // page has no such text at all (a valid certificate says "有效期至 …"); and
  // the certification body, its contact and ICP number come from the settings.
  for (const char* name : {"index.html", "i18n.js", "status_line.js", "evaluation.js", "app.js", "operator.js"}) {
    INFO(name);
    const std::string_view body = FindAsset(name)->body;
    for (const char* words : {"在有效期内", "within its validity period", "within validity", "ICP备", "有限公司"}) {
      INFO(words);
      CHECK(body.find(words) == std::string_view::npos);
    }
  }
  // The sentences the status line is made of are there, in both languages.
  const std::string_view texts = FindAsset("i18n.js")->body;
  for (const char* words : {"该证书已被暂停，暂停期间不得使用认证证书", "该证书有效，有效期至", "该证书已被撤销",
                            "该证书已注销", "This certificate is suspended"}) {
    INFO(words);
    CHECK(texts.find(words) != std::string_view::npos);
  }
}

}  // namespace certreg::web
