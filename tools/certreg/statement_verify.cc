// `certreg statement verify`: the offline check of a certificate status
// statement (README, "The verifiable log: the status statement"), with only
// the statement and the two verifier keys one trusts (app::CheckStatusStatement).
// Accepts the text form and the JSON form (?format=json: {"statement", "proof"}).
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <nlohmann/json.hpp>

#include "certreg/app/statement_check.h"
#include "certreg/commands.h"

namespace certreg::tool {
namespace {

// The statement file's text; nullopt when it cannot be read.
std::optional<std::string> ReadInput(const std::string& file) {
  if (file == "-") return std::string(std::istreambuf_iterator<char>(std::cin), {});
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The JSON form's parts joined as the text form; the text itself otherwise.
std::optional<std::string> TextForm(const std::string& input) {
  const auto first = input.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || input[first] != '{') return input;
  auto json = nlohmann::json::parse(input, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("statement") || !json.contains("proof") || !json["statement"].is_string() ||
      !json["proof"].is_string()) {
    return std::nullopt;
  }
  return json["statement"].get<std::string>() + json["proof"].get<std::string>();
}

}  // namespace

int RunStatementVerify(const StatementVerifyArgs& args) {
  auto log_key = ParseNoteVerifierKey(args.log_vkey);
  if (!log_key.ok()) {
    fmt::print(stderr, "certreg statement verify: --log-vkey: {}\n", log_key.status().message());
    return 2;
  }
  auto status_key = ParseNoteVerifierKey(args.status_vkey);
  if (!status_key.ok()) {
    fmt::print(stderr, "certreg statement verify: --status-vkey: {}\n", status_key.status().message());
    return 2;
  }
  auto input = ReadInput(args.file);
  if (!input) {
    fmt::print(stderr, "certreg statement verify: cannot read {}\n", args.file);
    return 2;
  }
  auto text = TextForm(*input);
  if (!text) {
    fmt::print(stderr, "certreg statement verify: REFUSED: the JSON form needs the strings \"statement\" and \"proof\"\n");
    return 1;
  }
  auto facts = app::CheckStatusStatement(*text, *log_key, *status_key);
  if (!facts.ok()) {
    fmt::print(stderr, "certreg statement verify: REFUSED: {}\n", facts.status().message());
    return 1;
  }
  // Validity is not a status (domain.md §4): say when it had ended by as_of.
  const bool live = facts->status == "VALID" || facts->status == "SUSPENDED";
  const bool out_of_validity = live && facts->valid_until < facts->as_of.substr(0, 10);
  fmt::print("OK {} {} since {}, valid until {}{}; {} ({}); event {} in the tree of {} signed by {}; as of {}\n",
             facts->certificate, facts->status, facts->status_since, facts->valid_until,
             out_of_validity ? " (out of validity)" : "", facts->holder, facts->uscc, facts->event, facts->size,
             facts->origin, facts->as_of);
  return 0;
}

}  // namespace certreg::tool
