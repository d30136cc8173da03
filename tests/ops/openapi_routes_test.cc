// The OpenAPI document served at /openapi.json against the server's route
// table: every route is documented with its method and roles, and every
// documented operation is a route.
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "certreg/http/server.h"
#include "openapi_json.h"  // generated from src/http/openapi.json

namespace {

using nlohmann::json;
using certreg::http::RegisteredRoutes;
using certreg::http::RouteInfo;

const char* const kMethods[] = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

json Document() { return json::parse(certreg::http::kOpenApiJson); }

// (METHOD, path) of every operation in the document.
std::set<std::pair<std::string, std::string>> DocumentedOperations(const json& doc) {
  std::set<std::pair<std::string, std::string>> out;
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const char* method : kMethods) {
      if (item.contains(method)) out.insert({Upper(method), path});
    }
  }
  return out;
}

const json& Operation(const json& doc, const RouteInfo& route) {
  std::string method = route.method;
  for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return doc.at("paths").at(route.pattern).at(method);
}

}  // namespace

TEST_CASE("the embedded OpenAPI document is the source file, byte for byte", "[openapi]") {
  std::ifstream in(std::string(CERTREG_SOURCE_DIR) + "/src/http/openapi.json", std::ios::binary);
  REQUIRE(in);
  std::stringstream source;
  source << in.rdbuf();
  CHECK(source.str() == std::string(certreg::http::kOpenApiJson));
  const json doc = Document();
  CHECK(doc.at("openapi").get<std::string>().rfind("3.1", 0) == 0);
}

TEST_CASE("every route the server registers is documented with its method", "[openapi]") {
  const json doc = Document();
  const auto documented = DocumentedOperations(doc);
  const std::vector<RouteInfo> routes = RegisteredRoutes();
  REQUIRE(!routes.empty());
  for (const RouteInfo& route : routes) {
    INFO(route.method << " " << route.pattern);
    CHECK(documented.count({route.method, route.pattern}) == 1);
  }
}

TEST_CASE("every documented operation is a route the server registers", "[openapi]") {
  const json doc = Document();
  std::set<std::pair<std::string, std::string>> registered;
  for (const RouteInfo& route : RegisteredRoutes()) registered.insert({route.method, route.pattern});
  for (const auto& operation : DocumentedOperations(doc)) {
    INFO(operation.first << " " << operation.second);
    CHECK(registered.count(operation) == 1);
  }
}

TEST_CASE("each operation names the roles the route admits, and only token routes need a token", "[openapi]") {
  const json doc = Document();
  const auto documented = DocumentedOperations(doc);
  for (const RouteInfo& route : RegisteredRoutes()) {
    if (!documented.count({route.method, route.pattern})) continue;  // reported above
    INFO(route.method << " " << route.pattern);
    const json& op = Operation(doc, route);
    const std::set<std::string> roles(route.roles.begin(), route.roles.end());
    CHECK(op.at("x-roles").get<std::set<std::string>>() == roles);
    for (const std::string& role : route.roles) {
      CHECK(op.at("description").get<std::string>().find(role) != std::string::npos);
    }
    const json& responses = op.at("responses");
    if (route.roles.empty()) {
      CHECK(op.at("security") == json::array());
      CHECK(!responses.contains("401"));
    } else {
      CHECK(!op.contains("security"));  // the document's default: bearer
      CHECK(responses.contains("401"));
      CHECK(responses.contains("403"));
    }
  }
  CHECK(doc.at("security") == json::parse(R"([{"bearerAuth": []}])"));
  CHECK(doc.at("components").at("securitySchemes").at("bearerAuth").at("scheme") == "bearer");
}

TEST_CASE("each write documents the statuses of a refused command", "[openapi]") {
  const json doc = Document();
  for (const RouteInfo& route : RegisteredRoutes()) {
    if (route.method != "POST" && route.method != "PUT") continue;
    if (route.pattern.rfind("/api/v1/tokens", 0) == 0) continue;  // not commands: the next test
    if (route.pattern.rfind("/api/v1/admin/", 0) == 0) continue;   // not commands: backups
    if (route.pattern.rfind("/public/", 0) == 0) continue;         // not commands: the bulk lookup is a read
    INFO(route.method << " " << route.pattern);
    const json& op = Operation(doc, route);
    const json& responses = op.at("responses");
    for (const char* status : {"400", "401", "403", "409", "412", "413", "415", "422"}) {
      INFO(status);
      CHECK(responses.contains(status));
    }
    CHECK((responses.contains("200") || responses.contains("201")));
    const json& body = op.at("requestBody").at("content").at("application/json").at("schema");
    const std::string ref = body.at("$ref").get<std::string>();
    const std::string prefix = "#/components/schemas/";
    REQUIRE(ref.rfind(prefix, 0) == 0);
    CHECK(doc.at("components").at("schemas").at(ref.substr(prefix.size())).at("additionalProperties") == false);
    std::set<std::string> headers;
    for (const json& p : op.at("parameters")) {
      if (p.contains("$ref")) headers.insert(p.at("$ref").get<std::string>());
    }
    CHECK(headers.count("#/components/parameters/IdempotencyKey") == 1);
    CHECK(headers.count("#/components/parameters/IfMatch") == 1);
  }
}

TEST_CASE("the token endpoints are documented as the admin's, with their refusals", "[openapi]") {
  const json doc = Document();
  const json& create = doc.at("paths").at("/api/v1/tokens").at("post");
  for (const char* status : {"201", "400", "401", "403", "415", "422"}) {
    INFO(status);
    CHECK(create.at("responses").contains(status));
  }
  const json& revoke = doc.at("paths").at("/api/v1/tokens/{token_id}/revocation").at("post");
  for (const char* status : {"200", "401", "403", "404"}) {
    INFO(status);
    CHECK(revoke.at("responses").contains(status));
  }
  CHECK(doc.at("paths").at("/api/v1/tokens").at("get").at("x-roles") == json::array({"admin"}));
}

