#include "http/render_public.h"

#include "http/render.h"

namespace certreg::http {

nlohmann::json LookupItemJson(const std::string& input, const projections::CertificateRow& row, domain::Date today) {
  // The fields a platform needs to keep a seller listed or delist them.
  static constexpr const char* kFields[] = {"certificate_no", "holder_name", "status",
                                            "status_since",   "valid_until", "in_validity"};
  const nlohmann::json full = PublicCertificate(row, today);
  nlohmann::json item = {{"input", input}, {"found", true}};
  for (const char* field : kFields) item[field] = full.at(field);
  return item;
}

nlohmann::json LookupMissJson(const std::string& input) { return {{"input", input}, {"found", false}}; }

}  // namespace certreg::http
