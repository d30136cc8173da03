// The registry's settings as the public sees them: who runs it (GET
// /public/v1/registry, the page's footer) and the public address printed in
// `public_url` fields and QR codes, configured or, on a wildcard listen
// address, taken from the request's Host.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

HttpFixture::Options Tuned(std::function<void(http::ServerOptions&)> tune) {
  HttpFixture::Options options;
  options.tune_server = std::move(tune);
  return options;
}

std::string PublicUrlOf(HttpFixture& fx, const std::string& number, httplib::Headers headers = {}) {
  const Reply lookup = Ok(fx.Get("/public/v1/certificates/" + number, "", headers));
  return lookup["public_url"];
}

TEST_CASE("GET /public/v1/registry answers the certification body's settings and the time zone", "[http][settings]") {
  HttpFixture fx(Tuned([](http::ServerOptions& o) {
    o.body_name = "示例认证有限公司";
    o.body_contact = "010-12345678";
    o.complaint_channel = "complaints@example.cn";
    o.icp_filing = "京ICP备12345678号-1";
  }));
  const Reply info = Ok(fx.Get("/public/v1/registry"));
  CHECK(info["body_name"] == "示例认证有限公司");
  CHECK(info["contact"] == "010-12345678");
  CHECK(info["complaint_channel"] == "complaints@example.cn");
  CHECK(info["icp_filing"] == "京ICP备12345678号-1");
  CHECK(info["time_zone"] == "Asia/Shanghai");
  CHECK(info.header("Cache-Control") == "public, max-age=300");
  CHECK(info.json_body.size() == 5);  // nothing else: no personal data, no internals
}

TEST_CASE("GET /public/v1/registry answers null for settings not given", "[http][settings]") {
  HttpFixture fx;
  const Reply info = Ok(fx.Get("/public/v1/registry"));
  for (const char* key : {"body_name", "contact", "complaint_channel", "icp_filing"}) {
    INFO(key);
    CHECK(info[key].is_null());
  }
  CHECK(info["time_zone"] == "Asia/Shanghai");
}

TEST_CASE("the page shows instants in the registry's time zone, named on its html element", "[http][settings]") {
  HttpFixture shanghai;
  const Reply plain = shanghai.Get("/");
  REQUIRE(plain.status == 200);
  CHECK(plain.body.find("<html lang=\"zh-CN\">") != std::string::npos);  // the page's default zone
  HttpFixture::Options options;
  options.time_zone = "America/New_York";
  HttpFixture new_york(options);
  const Reply page = new_york.Get("/certificates/CMM-525-2026-00001");
  REQUIRE(page.status == 404);  // no such certificate: still the page, with status 404
  CHECK(page.body.find("<html lang=\"zh-CN\" data-time-zone=\"America/New_York\">") != std::string::npos);
  CHECK(Ok(new_york.Get("/public/v1/registry"))["time_zone"] == "America/New_York");
  // Its own ETag: a copy kept for the default zone is not taken for this one.
  const std::string etag = page.header("ETag");
  CHECK(etag != plain.header("ETag"));
  CHECK(etag.find("America/New_York") != std::string::npos);
  CHECK(new_york.Get("/", "", {{"If-None-Match", etag}}).status == 304);
  CHECK(new_york.Get("/", "", {{"If-None-Match", plain.header("ETag")}}).status == 200);
}

TEST_CASE("on a wildcard address with no base URL, public_url takes the request's Host, never 0.0.0.0",
          "[http][settings][public_url]") {
  HttpFixture fx(Tuned([](http::ServerOptions& o) {
    o.host = "0.0.0.0";
    o.public_base_url.clear();  // the fixture sets one
  }));
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string no = file.certificate_no;
  CHECK(PublicUrlOf(fx, no, {{"Host", "registry.example.cn:8443"}}) ==
        "http://registry.example.cn:8443/certificates/" + no);
  // Another Host gets its own address: a lookup kept for one is not served to the other.
  CHECK(PublicUrlOf(fx, no, {{"Host", "[2001:db8::1]:9443"}}) == "http://[2001:db8::1]:9443/certificates/" + no);
  const Reply found = Ok(fx.Get("/public/v1/certificates?q=" + Q(no), "", {{"Host", "cert.example.cn"}}));
  REQUIRE(found["items"].size() == 1);
  CHECK(found["items"][0]["public_url"] == "http://cert.example.cn/certificates/" + no);
  // A Host with anything but host[:port] characters is not echoed into the address.
  const std::string fallback = PublicUrlOf(fx, no, {{"Host", "evil.example/phish?x="}});
  CHECK(fallback.find("evil") == std::string::npos);
  CHECK(fallback == "http://0.0.0.0:" + std::to_string(fx.port()) + "/certificates/" + no);
}

TEST_CASE("a configured public base URL is what public_url and QR codes carry, whatever the Host",
          "[http][settings][public_url]") {
  HttpFixture fx(Tuned([](http::ServerOptions& o) {
    o.host = "0.0.0.0";
    o.public_base_url = "https://registry.example.cn/cmm";
  }));
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  CHECK(PublicUrlOf(fx, file.certificate_no, {{"Host", "other.example:9"}}) ==
        "https://registry.example.cn/cmm/certificates/" + file.certificate_no);
}

TEST_CASE("on one listen address with no base URL, public_url is that address as before", "[http][settings][public_url]") {
  HttpFixture fx(Tuned([](http::ServerOptions& o) { o.public_base_url.clear(); }));
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  CHECK(PublicUrlOf(fx, file.certificate_no, {{"Host", "elsewhere.example"}}) ==
        "http://127.0.0.1:" + std::to_string(fx.port()) + "/certificates/" + file.certificate_no);
}

}  // namespace
}  // namespace certreg::testing
