// The public query page (web/, embedded in the binary), its assets, and the
// QR code of a certificate's page. No cookies; a strict Content-Security-Policy.
#include <optional>
#include <string>

#include "http/public_url.h"
#include "http/router.h"
#include "web/assets.h"
#include "web/qr_svg.h"

namespace certreg::http {
namespace {

constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

// Sends `body` as `asset` with the ETag `etag` (the asset's own unless the
// body was adapted to this server); the server answers If-None-Match with it
// (conditional.h).
void SendAsset(Call& call, const web::Asset& asset, std::string body, const std::string& etag) {
  call.res.set_header("ETag", etag);
  // The names stay when the content changes: browsers revalidate each time (304 when unchanged).
  call.res.set_header("Cache-Control", "no-cache");
  call.res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  call.res.set_header("X-Content-Type-Options", "nosniff");
  call.res.set_header("Referrer-Policy", "no-referrer");
  call.res.status = 200;
  call.res.set_content(std::move(body), std::string(asset.content_type));
}

void SendAsset(Call& call, const web::Asset& asset) {
  SendAsset(call, asset, std::string(asset.body), std::string(asset.etag));
}

// The zone the page shows instants in: index.html's <html> names it in
// data-time-zone (web/elements.js reads it) when it is not the page's default,
// Asia/Shanghai; its ETag then names the zone too.
constexpr char kPageDefaultZone[] = "Asia/Shanghai";
constexpr char kHtmlTag[] = "<html lang=\"zh-CN\">";

void SendIndex(Api& api, Call& call) {
  const web::Asset& index = *web::FindAsset("index.html");
  const std::string& zone = api.registry.time_zone().name();
  std::string body(index.body);
  const std::size_t tag = body.find(kHtmlTag);
  if (zone == kPageDefaultZone || tag == std::string::npos) return SendAsset(call, index);
  body.replace(tag, sizeof kHtmlTag - 1, "<html lang=\"zh-CN\" data-time-zone=\"" + zone + "\">");
  std::string etag(index.etag);
  etag.insert(etag.size() - 1, "-" + zone);  // inside the quotes; zone names hold no quote
  SendAsset(call, index, std::move(body), etag);
}

// Whether the certificate `number` exists; nullopt when it answered (503) itself.
std::optional<bool> Known(Api& api, Call& call, const std::string& number) {
  auto row = api.registry.CertificateRowBytes(number);
  if (!row.ok() && row.status().code() != Status::Code::kNotFound) {
    SendStatus(call, row.status());
    return std::nullopt;
  }
  return row.ok() && row->has_value();
}

void Page(Api& api, Call& call) {
  // One document for the search and every certificate's page: the script
  // renders what the address names. An unknown number's page is the same
  // document with status 404 (the script shows "not found").
  if (call.params.count("certificate_no") != 0) {
    auto known = Known(api, call, call.param("certificate_no"));
    if (!known) return;
    SendIndex(api, call);
    if (!*known) call.res.status = 404;
    return;
  }
  SendIndex(api, call);
}

void AssetFile(Api&, Call& call) {
  const web::Asset* asset = web::FindAsset(call.param("name"));
  if (asset == nullptr) return SendProblem(call, NotFound("asset " + call.param("name")));
  SendAsset(call, *asset);
}

void QrCode(Api& api, Call& call) {
  const std::string& number = call.param("certificate_no");
  auto known = Known(api, call, number);
  if (!known) return;
  if (!*known) return SendProblem(call, NotFound("certificate " + number));
  auto svg = web::QrSvg(PublicCertificateUrl(api, call, number));
  if (!svg) return SendProblem(call, NotFound("certificate " + number));
  call.res.set_header("Cache-Control", "public, max-age=86400");
  call.res.set_header("X-Content-Type-Options", "nosniff");
  call.res.status = 200;
  call.res.set_content(*svg, "image/svg+xml");
}

// A setting as the page gets it: null when not set (the page then shows nothing).
nlohmann::json Setting(const std::string& value) { return value.empty() ? nlohmann::json() : nlohmann::json(value); }

// Who runs the registry, for the page's footer: settings only, nothing personal.
void RegistryInfo(Api& api, Call& call) {
  call.res.set_header("Cache-Control", "public, max-age=300");
  SendJson(call, 200,
           {{"body_name", Setting(api.options.body_name)},
            {"contact", Setting(api.options.body_contact)},
            {"complaint_channel", Setting(api.options.complaint_channel)},
            {"icp_filing", Setting(api.options.icp_filing)},
            {"time_zone", api.registry.time_zone().name()}});
}

}  // namespace

void AddPageRoutes(Router& r) {
  r.Add("GET", "/", {}, Page);
  r.Add("GET", "/certificates/{certificate_no}", {}, Page);
  r.Add("GET", "/assets/{name}", {}, AssetFile);
  r.Add("GET", "/public/v1/certificates/{certificate_no}/qr.svg", {}, QrCode);
  r.Add("GET", "/public/v1/registry", {}, RegistryInfo);
}

}  // namespace certreg::http
