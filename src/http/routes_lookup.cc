// Bulk lookup (platforms.md §2): POST /public/v1/certificates/lookup. A read
// on the public surface: no token, no Idempotency-Key, no personal data (the
// public index holds none); CORS and its preflight come from the server
// (cors.h) like every other public route.

#include <cstddef>
#include <string>
#include <vector>

#include "http/body_reader.h"
#include "http/render_public.h"
#include "http/router.h"

namespace certreg::http {
namespace {

constexpr std::size_t kMaxInputs = 1'000;           // numbers and usccs together
constexpr std::size_t kMaxNumberBytes = 64;         // a certificate number, e.g. CMM-525-2026-00001
constexpr std::size_t kUsccBytes = 18;              // GB 32100-2015
constexpr std::size_t kMaxBodyBytes = 128 * 1024;   // 1,000 inputs of the longest kind, quoted, with room for spaces

bool IsAsciiAlnum(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// What is wrong with a number input, empty when nothing.
std::string NumberProblem(const std::string& s) {
  if (s.empty() || s.size() > kMaxNumberBytes) {
    return "must be a certificate number of 1 to " + std::to_string(kMaxNumberBytes) + " bytes";
  }
  for (char c : s) {
    if (!IsAsciiAlnum(c) && c != '-') return "must be a certificate number: ASCII letters, digits and '-' only";
  }
  return "";
}

std::string UsccProblem(const std::string& s) {
  bool ok = s.size() == kUsccBytes;
  for (char c : s) ok = ok && IsAsciiAlnum(c);
  return ok ? "" : "must be a unified social credit code: 18 ASCII letters and digits";
}

// The inputs of one list of the body, each checked; problems go to `errors`.
std::vector<std::string> Inputs(const nlohmann::json& body, const char* name, std::string (*problem_of)(const std::string&),
                                std::vector<FieldError>* errors) {
  std::vector<std::string> out;
  if (!body.contains(name)) return out;
  const nlohmann::json& list = body.at(name);
  if (!list.is_array()) {
    errors->push_back({name, "must be a list of strings"});
    return out;
  }
  if (list.size() > kMaxInputs) return out;  // the count is refused as a whole
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string field = std::string(name) + "[" + std::to_string(i) + "]";
    if (!list[i].is_string()) {
      errors->push_back({field, "must be a string"});
      continue;
    }
    const std::string& input = list[i].get_ref<const std::string&>();
    if (std::string problem = problem_of(input); !problem.empty()) {
      errors->push_back({field, problem});
      continue;
    }
    out.push_back(input);
  }
  return out;
}

std::size_t CountOf(const nlohmann::json& body, const char* name) {
  return body.contains(name) && body.at(name).is_array() ? body.at(name).size() : 0;
}

void Lookup(Api& api, Call& call) {
  if (call.req.body.size() > kMaxBodyBytes) return SendProblem(call, PayloadTooLarge(kMaxBodyBytes));
  Problem problem;
  auto body = ParseJsonBody(call.req.get_header_value("Content-Type"), call.req.body, &problem);
  if (!body) return SendProblem(call, problem);
  if (!body->is_object()) return SendProblem(call, Invalid({{"body", "must be an object with numbers and usccs"}}));
  std::vector<FieldError> errors;
  for (const auto& [key, value] : body->items()) {
    if (key != "numbers" && key != "usccs") errors.push_back({key, "unknown field"});
  }
  const std::size_t count = CountOf(*body, "numbers") + CountOf(*body, "usccs");
  if (count > kMaxInputs) {
    errors.push_back({"body", "numbers and usccs together must be at most " + std::to_string(kMaxInputs) +
                                  " inputs, not " + std::to_string(count)});
  }
  const std::vector<std::string> numbers = Inputs(*body, "numbers", NumberProblem, &errors);
  const std::vector<std::string> usccs = Inputs(*body, "usccs", UsccProblem, &errors);
  if (errors.empty() && count == 0) errors.push_back({"body", "numbers and usccs name no input"});
  if (!errors.empty()) return SendProblem(call, Invalid(std::move(errors)));

  const domain::Date today = api.registry.Today();
  nlohmann::json items = nlohmann::json::array();
  for (const std::string& number : numbers) {
    auto bytes = api.registry.CertificateRowBytes(number);
    if (!bytes.ok()) return SendStatus(call, bytes.status().WithContext("looking up certificates"));
    if (!bytes->has_value()) {
      items.push_back(LookupMissJson(number));
      continue;
    }
    auto row = api.registry.DecodeCertificateRow(**bytes);
    if (!row.ok()) return SendStatus(call, row.status().WithContext("looking up certificates"));
    items.push_back(LookupItemJson(number, *row, today));
  }
  for (const std::string& uscc : usccs) {
    auto rows = api.registry.CertificatesByUscc(uscc);
    if (!rows.ok()) return SendStatus(call, rows.status().WithContext("looking up certificates"));
    if (rows->empty()) items.push_back(LookupMissJson(uscc));
    for (const auto& row : *rows) items.push_back(LookupItemJson(uscc, row, today));
  }
  call.res.set_header("Cache-Control", "no-store");  // an answer to a POST: nothing to keep
  SendJson(call, 200, {{"items", std::move(items)}});
}

}  // namespace

void AddLookupRoutes(Router& r) { r.Add("POST", "/public/v1/certificates/lookup", {}, Lookup); }

}  // namespace certreg::http
