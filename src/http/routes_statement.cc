// The certificate status statement (README, "The verifiable log: the status
// statement"; trust.md §5): a note signed with the status key followed by the
// tlog-proof of the certificate's latest public event against a published
// checkpoint, and the QR code of its address that the printable statement
// carries. No token: the statement holds only what the public page shows.
#include <chrono>
#include <string>

#include "certreg/app/status_statement.h"
#include "http/log_sizes.h"
#include "http/public_url.h"
#include "http/router.h"
#include "web/qr_svg.h"

namespace certreg::http {
namespace {

constexpr char kSizeHeader[] = "X-Certreg-Tree-Size";

std::int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// 503 with Retry-After while no checkpoint is published (before the first is
// signed, or while witnesses have not cosigned one).
void SendNoCheckpoint(Call& call) {
  Problem unavailable = ProblemOf(Status::Busy("no checkpoint"));
  unavailable.detail = "no checkpoint is published yet; try again shortly";
  call.res.set_header("Retry-After", "1");
  SendProblem(call, unavailable);
}

// The statement of the certificate against the published checkpoint of
// `?size=N` (the latest published one without it). A statement for a given
// size states the same facts whenever it is fetched; only as_of (when it was
// signed) and so the signature differ: such answers may be kept an hour by
// any cache, as a kept one is as true as a fresh one. Without a size the
// answer follows the latest checkpoint: revalidated each time.
void Statement(Api& api, Call& call) {
  const std::string& number = call.param("certificate_no");
  const auto format = call.query("format");
  if (format && *format != "json" && *format != "text") {
    return SendProblem(call, InvalidQuery("format", "must be json or text"));
  }
  const auto size_text = call.query("size");
  if (size_text && (*size_text == "0" || !ParseCount(*size_text))) {
    return SendProblem(call, InvalidQuery("size", "a tree size is a whole number from 1 to the log's size"));
  }
  if (!size_text && !api.signed_log.Published()) return SendNoCheckpoint(call);
  auto checkpoint = ProofCheckpoint(api, size_text);
  if (!checkpoint.ok()) return SendPathStatus(call, checkpoint.status());
  auto statement = app::MakeStatusStatement(api.registry, api.signed_log, number, *checkpoint, NowMicros());
  if (!statement.ok()) return SendPathStatus(call, statement.status());
  call.res.set_header("Cache-Control", size_text ? "public, max-age=3600" : "no-cache");
  call.res.set_header(kSizeHeader, std::to_string(checkpoint->body.size));
  if (format && *format == "json") {
    return SendJson(call, 200, {{"statement", statement->note}, {"proof", statement->proof}});
  }
  call.res.status = 200;
  call.res.set_content(statement->note + statement->proof, "text/plain; charset=utf-8");
}

// The QR code of the printable statement: the statement's address with the
// size pinned to the latest published checkpoint (named in X-Certreg-Tree-Size).
// It changes as the log grows: revalidated each time.
void StatementQrCode(Api& api, Call& call) {
  const std::string& number = call.param("certificate_no");
  auto row = api.registry.CertificateRowBytes(number);
  if (!row.ok() && row.status().code() != Status::Code::kNotFound) return SendStatus(call, row.status());
  if (!row.ok() || !row->has_value()) return SendProblem(call, NotFound("certificate " + number));
  auto published = api.signed_log.Published();
  if (!published) return SendNoCheckpoint(call);
  const std::string size = std::to_string(published->body.size);
  auto svg = web::QrSvg(PublicBaseUrl(api, call) + "/public/v1/certificates/" + number + "/statement?size=" + size);
  if (!svg) return SendProblem(call, NotFound("certificate " + number));
  call.res.set_header("Cache-Control", "no-cache");
  call.res.set_header("X-Content-Type-Options", "nosniff");
  call.res.set_header(kSizeHeader, size);
  call.res.status = 200;
  call.res.set_content(*svg, "image/svg+xml");
}

}  // namespace

void AddStatementRoutes(Router& r) {
  r.Add("GET", "/public/v1/certificates/{certificate_no}/statement", {}, Statement);
  r.Add("GET", "/public/v1/certificates/{certificate_no}/statement/qr.svg", {}, StatementQrCode);
}

}  // namespace certreg::http
