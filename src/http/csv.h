// Internal to the HTTP room: JSON rows as a CSV document (platforms.md §1):
// UTF-8 with a byte order mark (so spreadsheets read Chinese right), a header
// row, CRLF line ends, RFC 4180 quoting, and cells that a spreadsheet would
// take for a formula (starting with = + - @, a tab or a CR) prefixed with '.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace certreg::http {

// One column: its header and where its value is in a row (a JSON pointer).
struct CsvColumn {
  std::string header;
  std::string pointer;  // e.g. "/evaluation/qms_result"
};

// One cell as written: the guard applied, quoted when it holds , " CR or LF.
std::string CsvCell(std::string_view text);

// The document of `rows` (JSON objects). A value is written as: a string as
// it is, a number or boolean as JSON writes it, null or absent empty, an
// array of strings joined by "; ", anything else as its JSON.
std::string CsvDocument(const std::vector<CsvColumn>& columns, const nlohmann::json& rows);

}  // namespace certreg::http
