// Loading the scheme file and the working-day calendar from JSON.
//
// Errors are InvalidArgument whose message names the offending field by its
// JSON path, e.g. `indicators[3].threshold: must be a number from 0 to 100`,
// or `unknown field "weigth" in areas[2]`. Unknown fields are errors.
#pragma once

#include <string>
#include <string_view>

#include "certreg/common/status.h"
#include "certreg/domain/calendar.h"
#include "certreg/domain/scheme.h"

namespace certreg::scheme {

// Parses and validates a scheme file; sets Scheme::sha256 to the hex SHA-256 of `json`.
Result<domain::Scheme> LoadScheme(std::string_view json);
Result<domain::Scheme> LoadSchemeFile(const std::string& path);  // NotFound when the file is missing

// CMM-525-0010 V1.0, compiled into the binary from src/scheme/cmm-525-0010.json.
const domain::Scheme& BuiltInScheme();

// {"holidays": ["2026-10-01", ...], "makeup_workdays": ["2026-09-27", ...]}
Result<domain::WorkingCalendar> LoadCalendar(std::string_view json);
Result<domain::WorkingCalendar> LoadCalendarFile(const std::string& path);

}  // namespace certreg::scheme
