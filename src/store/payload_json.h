// The data of a stored event in the API's vocabulary (platforms.md §6): the
// one conversion from a Cap'n Proto payload to JSON, used by the HTTP
// rendering of events (through store::ExportEvent) and by `certreg dump
// --json` (store::EventToJson).
//
// The rules, for every struct the payload is made of:
// - field names in snake_case ("certificateNo" -> "certificate_no",
//   "noMajorAccident12m" -> "no_major_accident12m"); every field is written,
//   an empty Text as "" (the schema's "absent" for optional dates);
// - an optional integer (a named union of `notStated :Void` and
//   `value :Int64`, domain_events.capnp) as its number, or null when not
//   stated: no {"value": ...} wrapper;
// - integers as JSON numbers, 64-bit ones too: they print exactly, but the
//   API accepts counts and amounts up to 10^18 and a reader that parses
//   numbers as IEEE doubles (JavaScript) is exact only up to 2^53;
// - floats as numbers (a non-finite one as null), Bool as true/false;
// - an enumerant as its wire name in snake_case ("inPlatformMerchant" ->
//   "in_platform_merchant"), an enumerant this version does not know as its
//   number;
// - Data as lower-case hex; lists as arrays; Void and capabilities as null.
// Throws kj::Exception for bytes that do not decode (the caller converts).
#pragma once

#include <string>
#include <string_view>

#include <capnp/dynamic.h>
#include <nlohmann/json.hpp>

namespace certreg::store {

// "certificateNo" -> "certificate_no": an underscore before each upper-case
// ASCII letter, which is lowered. Other characters are kept.
std::string SnakeCase(std::string_view camel);

// A struct by the rules above.
nlohmann::json StructJson(capnp::DynamicStruct::Reader value);

// The data of a Payload: its union member's struct, null for a member this
// version does not know.
nlohmann::json PayloadDataJson(capnp::DynamicStruct::Reader payload);

}  // namespace certreg::store
