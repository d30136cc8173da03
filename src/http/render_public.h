// Internal to the HTTP room: the public renderings built from the public
// lookup's own (render.h PublicCertificate), so that no field is written twice.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "certreg/domain/date.h"
#include "certreg/projections/rows.h"

namespace certreg::http {

// One item of a bulk lookup (platforms.md §2) for an input that found `row`:
// {"input", "found": true, "certificate_no", "holder_name", "status",
// "status_since", "valid_until", "in_validity"}, each field exactly as
// GET /public/v1/certificates/{no} answers it on `today`. No personal data:
// the public row holds none.
nlohmann::json LookupItemJson(const std::string& input, const projections::CertificateRow& row, domain::Date today);

// The item of an input that found nothing: {"input", "found": false}.
nlohmann::json LookupMissJson(const std::string& input);

}  // namespace certreg::http
