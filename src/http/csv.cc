#include "http/csv.h"

namespace certreg::http {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::string TextOf(const nlohmann::json& value) {
  if (value.is_null()) return {};
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array()) {
    std::string joined;
    for (const auto& item : value) {
      if (!joined.empty()) joined += "; ";
      joined += item.is_string() ? item.get<std::string>() : item.dump();
    }
    return joined;
  }
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string CsvCell(std::string_view text) {
  std::string cell;
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) cell = "'";
  cell += text;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string CsvDocument(const std::vector<CsvColumn>& columns, const nlohmann::json& rows) {
  std::string out(kByteOrderMark);
  for (std::size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + CsvCell(columns[i].header);
  out += "\r\n";
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const nlohmann::json::json_pointer pointer(columns[i].pointer);
      if (i) out += ',';
      if (row.contains(pointer)) out += CsvCell(TextOf(row.at(pointer)));
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace certreg::http
