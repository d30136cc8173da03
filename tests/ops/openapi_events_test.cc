// The OpenAPI document's event data against the Cap'n Proto schema
// (platforms.md §6): for every member of event.capnp's `Payload` union (every
// event type) the document describes its `data` as `<Type>Data`, and every
// struct the data is made of as `Event<Struct>`, exactly as the store's
// payload_json.h writes them: snake_case names, every field required, no
// other field. The expected schemas are generated here by walking the
// Cap'n Proto schema; a new field or event type without its description in
// src/http/openapi.json fails this test. Setting CERTREG_WRITE_EVENT_SCHEMAS
// to a path writes the generated schemas there (to update the document).
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include <capnp/schema.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "event.capnp.h"
#include "openapi_json.h"  // generated from src/http/openapi.json
#include "store/payload_json.h"

namespace {

using nlohmann::json;
using certreg::store::SnakeCase;

std::string Name(capnp::StructSchema::Field field) { return SnakeCase(field.getProto().getName().cStr()); }

std::string Ref(const std::string& name) { return "#/components/schemas/" + name; }

bool IsOptionalValue(capnp::StructSchema group) {
  auto members = group.getUnionFields();
  return group.getNonUnionFields().size() == 0 && members.size() == 2 &&
         members[0].getProto().getName() == "notStated" && members[1].getProto().getName() == "value";
}

class Generator {
 public:
  // The schema of a struct; the structs it uses are added to `named_`.
  json Object(capnp::StructSchema s) {
    json properties = json::object();
    json required = json::array();
    auto add = [&](capnp::StructSchema::Field f) {
      properties[Name(f)] = Field(f);
      required.push_back(Name(f));
    };
    for (auto f : s.getNonUnionFields()) add(f);
    json out = {{"type", "object"}, {"additionalProperties", false}};
    if (s.getUnionFields().size() > 0) {
      // An unnamed union: exactly one of its members is written.
      json one_of = json::array();
      for (auto f : s.getUnionFields()) {
        properties[Name(f)] = Field(f);
        one_of.push_back({{"required", {Name(f)}}});
      }
      out["oneOf"] = one_of;
    }
    out["required"] = required;
    out["properties"] = properties;
    return out;
  }

  json Field(capnp::StructSchema::Field f) {
    if (f.getProto().isGroup()) {
      const capnp::StructSchema group = f.getType().asStruct();
      if (IsOptionalValue(group)) {
        json value = Type(group.getUnionFields()[1].getType());
        value["type"] = {value.at("type"), "null"};
        value["description"] = "null when not stated";
        return value;
      }
      return Object(group);
    }
    return Type(f.getType());
  }

  json Type(capnp::Type t) {
    switch (t.which()) {
      case capnp::schema::Type::VOID: return {{"type", "null"}};
      case capnp::schema::Type::BOOL: return {{"type", "boolean"}};
      case capnp::schema::Type::INT8: case capnp::schema::Type::INT16: case capnp::schema::Type::INT32:
      case capnp::schema::Type::INT64: case capnp::schema::Type::UINT8: case capnp::schema::Type::UINT16:
      case capnp::schema::Type::UINT32: case capnp::schema::Type::UINT64:
        return {{"type", "integer"}};
      case capnp::schema::Type::FLOAT32: case capnp::schema::Type::FLOAT64: return {{"type", "number"}};
      case capnp::schema::Type::TEXT: return {{"type", "string"}};
      case capnp::schema::Type::DATA: return {{"type", "string"}, {"pattern", "^([0-9a-f]{2})*$"}};
      case capnp::schema::Type::LIST: return {{"type", "array"}, {"items", Type(t.asList().getElementType())}};
      case capnp::schema::Type::ENUM: {
        json values = json::array();
        for (auto e : t.asEnum().getEnumerants()) values.push_back(SnakeCase(e.getProto().getName().cStr()));
        return {{"type", "string"}, {"enum", values}};
      }
      case capnp::schema::Type::STRUCT: {
        const capnp::StructSchema s = t.asStruct();
        const std::string name = "Event" + std::string(s.getShortDisplayName().cStr());
        if (!named_.contains(name)) {
          named_[name] = nullptr;  // taken before recursing
          named_[name] = Object(s);
        }
        return {{"$ref", Ref(name)}};
      }
      default: return json::object();  // interfaces and AnyPointer: none in the events
    }
  }

  json named_ = json::object();
};

// The generated components: "<Type>Data" per event type and "Event<Struct>"
// per struct they use, and the Event's oneOf by type.
struct Generated {
  json schemas = json::object();
  json variants = json::array();
};

Generated Generate() {
  Generator g;
  Generated out;
  for (auto member : capnp::Schema::from<certreg::schema::Payload>().getUnionFields()) {
    const capnp::StructSchema s = member.getType().asStruct();
    const std::string type = s.getShortDisplayName().cStr();
    json data = g.Object(s);
    data["description"] = "The data of a " + type + " event.";
    out.schemas[type + "Data"] = data;
    out.variants.push_back({{"type", "object"},
                            {"required", {"type", "data"}},
                            {"properties", {{"type", {{"const", type}}}, {"data", {{"$ref", Ref(type + "Data")}}}}}});
  }
  for (auto& [name, schema] : g.named_.items()) out.schemas[name] = schema;
  return out;
}

TEST_CASE("the OpenAPI document describes every event type's data exactly as the schema has it", "[openapi][events]") {
  const Generated generated = Generate();
  if (const char* path = std::getenv("CERTREG_WRITE_EVENT_SCHEMAS")) {
    std::ofstream(path) << json({{"schemas", generated.schemas}, {"variants", generated.variants}}).dump(1) << "\n";
  }
  const json doc = json::parse(certreg::http::kOpenApiJson);
  const json& schemas = doc.at("components").at("schemas");
  REQUIRE(generated.schemas.size() > 50);  // every event type and the values they are made of
  for (const auto& [name, expected] : generated.schemas.items()) {
    INFO(name);
    REQUIRE(schemas.contains(name));
    CHECK(schemas.at(name) == expected);
  }
  // The event names its data's schema by its type: one variant per event type, no other.
  const json& event = schemas.at("Event");
  REQUIRE(event.contains("oneOf"));
  CHECK(event.at("oneOf") == generated.variants);
  // No described event data the schema does not have (a removed type stays described).
  for (const auto& [name, schema] : schemas.items()) {
    if (name.ends_with("Data") || (name.starts_with("Event") && name != "Event")) {
      INFO(name);
      CHECK(generated.schemas.contains(name));
    }
  }
}

TEST_CASE("snake_case names: an underscore before each capital, lowered", "[openapi][events]") {
  CHECK(SnakeCase("certificateNo") == "certificate_no");
  CHECK(SnakeCase("noMajorAccident12m") == "no_major_accident12m");
  CHECK(SnakeCase("annualTurnoverCny") == "annual_turnover_cny");
  CHECK(SnakeCase("inPlatformMerchant") == "in_platform_merchant");
  CHECK(SnakeCase("scope") == "scope");
}

}  // namespace
