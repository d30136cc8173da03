// Domain values and read-model rows -> the JSON of api.md. Pure functions;
// the public renderers never touch personal data (they take only rows of the
// public index, which hold none).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "certreg/app/registry.h"
#include "certreg/domain/file_state.h"
#include "certreg/domain/scheme.h"
#include "certreg/domain/scoring.h"
#include "certreg/projections/query.h"
#include "certreg/projections/rows.h"
#include "certreg/store/record_format.h"

namespace certreg::http {

// A date as "YYYY-MM-DD", null when absent.
nlohmann::json DateOrNull(const std::optional<domain::Date>& date);

// RFC 3339 UTC with microseconds trimmed to what is there: "2026-03-01T08:00:00.123456Z".
std::string Instant(std::int64_t micros);

// --- public ---------------------------------------------------------------------
nlohmann::json EvaluationJson(const domain::EvaluationResults& evaluation);
nlohmann::json PublicCertificate(const projections::CertificateRow& row, domain::Date today);
// What the scores of `evaluation` are out of, from the scheme (evaluation_scale.cc):
// {"max": {"service_characteristic_score", "service_management_score",
// "enhancement_score", "comprehensive_score", "area"}, "indicator_thresholds":
// {"rule", "indicators", "lowest", "highest"}}; a public certificate carries it
// as `evaluation_scale`. Holds nothing of any holder.
nlohmann::json EvaluationScaleJson(const domain::Scheme& scheme);
nlohmann::json ChangeJson(const projections::ChangeRow& row);
nlohmann::json StatusRowJson(const projections::StatusRow& row);
nlohmann::json PublicHistory(const std::vector<projections::ChangeRow>& changes,
                             const std::vector<projections::StatusRow>& statuses);

// --- staff ----------------------------------------------------------------------
nlohmann::json SurveillanceJson(const projections::SurveillanceRow& row);
nlohmann::json WorkQueueItemJson(const projections::WorkQueueItem& item);
// [{"code", "message"}] of domain::RegistryWarnings.
nlohmann::json WarningsJson(const std::vector<domain::RegistryWarning>& warnings);
// The full state of a file (GET /api/v1/files/{id}); `form` is the latest
// application (personal data included: staff only), null when none.
nlohmann::json FileStateJson(const domain::FileState& state, domain::Date today);
nlohmann::json ApplicationFormJson(const domain::ApplicationForm& form);  // render_form.cc
nlohmann::json ScoresEvaluationJson(const domain::Evaluation& evaluation, const domain::Scheme& scheme);
nlohmann::json WriteResultJson(const app::CommandResult& result);

// --- regulators -------------------------------------------------------------------
// One event of the log: position, version, type, recorded_at, effective_date,
// actor, hash, prev_hash, data (the payload; personal data appears only as
// sealed references, never as plaintext).
nlohmann::json EventJson(const store::ExportedEvent& event);

}  // namespace certreg::http
