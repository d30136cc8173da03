#include "store/payload_json.h"

#include <cmath>

#include <capnp/schema.h>

namespace certreg::store {
namespace {

using nlohmann::json;

json ValueJson(const capnp::DynamicValue::Reader& value);

std::string Hex(capnp::Data::Reader data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (const kj::byte b : data) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

// An optional integer: a group that is nothing but a union of `notStated
// :Void` and one `value`.
bool IsOptionalValue(capnp::StructSchema group) {
  if (group.getNonUnionFields().size() != 0) return false;
  auto members = group.getUnionFields();
  if (members.size() != 2) return false;
  return members[0].getProto().getName() == "notStated" && members[0].getType().isVoid() &&
         members[1].getProto().getName() == "value";
}

json GroupJson(capnp::DynamicStruct::Reader group) {
  if (IsOptionalValue(group.getSchema())) {
    KJ_IF_MAYBE(member, group.which()) {
      if (member->getProto().getName() == "value") return ValueJson(group.get(*member));
    }
    return nullptr;
  }
  return StructJson(group);
}

json ValueJson(const capnp::DynamicValue::Reader& value) {
  switch (value.getType()) {
    case capnp::DynamicValue::BOOL:
      return value.as<bool>();
    case capnp::DynamicValue::INT:
      return value.as<std::int64_t>();
    case capnp::DynamicValue::UINT:
      return value.as<std::uint64_t>();
    case capnp::DynamicValue::FLOAT: {
      const double d = value.as<double>();
      return std::isfinite(d) ? json(d) : json(nullptr);
    }
    case capnp::DynamicValue::TEXT:
      return std::string(value.as<capnp::Text>().cStr());
    case capnp::DynamicValue::DATA:
      return Hex(value.as<capnp::Data>());
    case capnp::DynamicValue::LIST: {
      json out = json::array();
      for (const auto& item : value.as<capnp::DynamicList>()) out.push_back(ValueJson(item));
      return out;
    }
    case capnp::DynamicValue::ENUM: {
      auto e = value.as<capnp::DynamicEnum>();
      KJ_IF_MAYBE(enumerant, e.getEnumerant()) {
        return SnakeCase(enumerant->getProto().getName().cStr());
      }
      return e.getRaw();
    }
    case capnp::DynamicValue::STRUCT:
      return StructJson(value.as<capnp::DynamicStruct>());
    default:  // UNKNOWN, VOID, CAPABILITY, ANY_POINTER: nothing to say
      return nullptr;
  }
}

json FieldJson(capnp::DynamicStruct::Reader value, capnp::StructSchema::Field field) {
  if (field.getProto().isGroup()) return GroupJson(value.get(field).as<capnp::DynamicStruct>());
  return ValueJson(value.get(field));
}

}  // namespace

std::string SnakeCase(std::string_view camel) {
  std::string out;
  out.reserve(camel.size() + 4);
  for (const char c : camel) {
    if (c >= 'A' && c <= 'Z') {
      if (!out.empty()) out.push_back('_');
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

json StructJson(capnp::DynamicStruct::Reader value) {
  json out = json::object();
  for (const auto field : value.getSchema().getNonUnionFields()) {
    out[SnakeCase(field.getProto().getName().cStr())] = FieldJson(value, field);
  }
  KJ_IF_MAYBE(member, value.which()) {
    out[SnakeCase(member->getProto().getName().cStr())] = FieldJson(value, *member);
  }
  return out;
}

json PayloadDataJson(capnp::DynamicStruct::Reader payload) {
  KJ_IF_MAYBE(member, payload.which()) {
    return FieldJson(payload, *member);
  }
  return nullptr;
}

}  // namespace certreg::store
