// One vocabulary for regulators (platforms.md §6): the `data` of every event
// of the demo log, as /api/v1/log, /api/v1/files/{id}/events and `certreg
// dump --json` give it, has snake_case names only, no {"value": ...}
// wrappers, numbers as JSON numbers and enumerants as snake_case wire names;
// the three agree; and each event's data has exactly the fields the OpenAPI
// document names for its type.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "certreg/fixtures/demo_data.h"
#include "http/http_steps.h"
#include "support/process.h"

namespace certreg::testing {
namespace {

// Every problem of `value` at `path` against the vocabulary, appended to `out`.
void Vocabulary(const json& value, const std::string& path, std::vector<std::string>* out) {
  if (value.is_object()) {
    if (value.size() == 1 && value.contains("value")) out->push_back(path + ": a {\"value\": ...} wrapper");
    for (const auto& [key, item] : value.items()) {
      for (char c : key) {
        if (c >= 'A' && c <= 'Z') out->push_back(path + "." + key + ": a key with an upper-case letter");
        if (c >= 'A' && c <= 'Z') break;
      }
      Vocabulary(item, path + "." + key, out);
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) Vocabulary(value[i], path + "[" + std::to_string(i) + "]", out);
  }
}

std::set<std::string> Keys(const json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

json OpenApi() {
  std::ifstream in(std::string(CERTREG_SOURCE_DIR) + "/src/http/openapi.json");
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

TEST_CASE("every event of the demo log speaks snake_case with plain numbers, in the log, the file and the dump",
          "[http][regulator][vocabulary]") {
  HttpFixture fx;
  auto loaded = app::LoadDemo(fx.service());
  INFO((loaded.ok() ? std::string() : loaded.status().ToString()));
  REQUIRE(loaded.ok());

  std::vector<json> log;
  for (std::uint64_t from = 0;;) {
    const Reply page = Ok(fx.Get("/api/v1/log?limit=1000&from=" + std::to_string(from), "regulator"));
    for (const json& e : page["events"]) log.push_back(e);
    if (page["events"].empty()) break;
    from = page["next"];
  }
  REQUIRE(log.size() > 300);

  const json schemas = OpenApi().at("components").at("schemas");
  std::vector<std::string> problems;
  std::set<std::string> types;
  std::size_t turnovers = 0, onsite_days = 0, enums = 0;
  for (const json& e : log) {
    const std::string type = e["type"];
    types.insert(type);
    REQUIRE(e["data"].is_object());
    Vocabulary(e["data"], std::to_string(e["position"].get<int>()) + " " + type, &problems);
    // The document names exactly these fields for the type.
    INFO(type);
    REQUIRE(schemas.contains(type + "Data"));
    CHECK(Keys(e["data"]) == Keys(schemas.at(type + "Data").at("properties")));
    if (type == "ApplicationSubmitted") {
      const json& amount = e["data"]["form"]["business"]["annual_turnover_cny"];
      CHECK((amount.is_null() || amount.is_number_integer()));
      if (amount.is_number_integer()) ++turnovers;
      CHECK(e["data"]["form"]["applicant"]["org_type"].get<std::string>().find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") ==
            std::string::npos);
      CHECK(e["data"]["form"]["personal"]["commitment"].get<std::string>().size() == 64);  // hex, not bytes
    }
    if (type == "AuditPlanned") {
      CHECK(e["data"]["onsite_days"].is_number_integer());
      ++onsite_days;
      const std::string kind = e["data"]["kind"];
      CHECK(std::set<std::string>{"initial", "surveillance", "special", "recertification"}.count(kind) == 1);
      ++enums;
    }
  }
  INFO(problems.size() << " problems, the first: " << (problems.empty() ? "" : problems.front()));
  CHECK(problems.empty());
  CHECK(turnovers > 0);
  CHECK(onsite_days > 0);
  CHECK(enums > 0);
  CHECK(types.size() > 25);

  // A file's events are the log's, data and all.
  const std::string file_id = log.front()["stream_id"].get<std::string>().substr(std::string("cert-file/").size());
  const Reply file = Ok(fx.Get("/api/v1/files/" + file_id + "/events?limit=1000", "regulator"));
  REQUIRE_FALSE(file["events"].empty());
  for (const json& e : file["events"]) CHECK(e == log.at(e["position"].get<std::size_t>()));

  // `certreg dump --json` writes the same data (read-only, beside the running server).
  const CommandOutput dump = RunCommand(std::string(CERTREG_TOOL) + " dump --json --data " + fx.dir() + " 2>&1");
  REQUIRE(dump.exit_code == 0);
  std::istringstream lines(dump.text);
  std::size_t n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    const json e = json::parse(line);
    REQUIRE(n < log.size());
    CHECK(e["type"] == log[n]["type"]);
    CHECK(e["data"] == log[n]["data"]);
    CHECK_FALSE(e.contains("payload"));
  }
  CHECK(n == log.size());
}

}  // namespace
}  // namespace certreg::testing
