// Reads a JSON request body field by field, collecting every problem at once
// (api.md: "a 422 lists every invalid field at once").
//
// Each accessor names one field of the object, marks it as known, and returns
// its value, or an empty/default value after recording a FieldError when the
// field is required and absent, of the wrong type, malformed or out of range.
// Finish() then records every field the body has that no accessor named
// ("unknown field"). Field paths are dotted: "applicant.contact.phone",
// "sites[2]". Every string read is checked against the text rule of
// certreg/common/text.h: single-line unless the accessor says kLines. Not
// thread-safe; one reader per request.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "certreg/domain/date.h"
#include "certreg/domain/scoring.h"
#include "certreg/domain/values.h"
#include "http/problem.h"
#include "certreg/common/text.h"

namespace certreg::http {

enum class Need { kOptional, kRequired };

inline constexpr std::size_t kMaxTextBytes = 20'000;  // any one string field
inline constexpr std::size_t kMaxListItems = 500;     // any one list

class BodyReader {
 public:
  // `object` must outlive the reader. When it is not a JSON object, the
  // reader records one error for `path` and answers every accessor as absent.
  BodyReader(const nlohmann::json& object, std::string path, std::vector<domain::FieldError>* errors);

  bool Has(const char* name) const;

  std::string Text(const char* name, Need need = Need::kOptional, std::size_t max_bytes = kMaxTextBytes,
                   TextKind kind = TextKind::kLine);
  // Multi-line free text (a reason, a description, a finding): Text of kind kLines.
  std::string Lines(const char* name, Need need = Need::kOptional, std::size_t max_bytes = kMaxTextBytes) {
    return Text(name, need, max_bytes, TextKind::kLines);
  }
  std::optional<std::string> OptionalText(const char* name, std::size_t max_bytes = kMaxTextBytes,
                                          TextKind kind = TextKind::kLine);
  std::optional<domain::Date> Date(const char* name, Need need = Need::kOptional);
  std::optional<bool> Bool(const char* name, Need need = Need::kOptional);
  std::optional<std::int64_t> Integer(const char* name, Need need, std::int64_t min, std::int64_t max);
  std::optional<double> Number(const char* name, Need need, double min, double max);
  // A list of single-line strings.
  std::vector<std::string> TextList(const char* name, Need need = Need::kOptional);

  // An enumerated wire value (certreg/domain/values.h); the error lists the allowed ones.
  template <typename E>
  std::optional<E> Enum(const char* name, Need need, std::initializer_list<const char*> allowed) {
    std::optional<std::string> text = RawEnum(name, need, allowed);
    if (!text) return std::nullopt;
    return domain::FromWire<E>(*text);
  }
  // A string that must be one of `allowed`.
  std::optional<std::string> RawEnum(const char* name, Need need, std::initializer_list<const char*> allowed);

  // A nested object; absent (or not an object) gives a reader over nothing.
  BodyReader Object(const char* name, Need need = Need::kOptional);
  // A list of objects: one reader per element (elements that are not objects are errors).
  std::vector<BodyReader> ObjectList(const char* name, Need need = Need::kOptional);
  // The members of an object whose keys are free (scores by indicator, ...).
  const nlohmann::json* Map(const char* name, Need need = Need::kOptional);

  // Records an error for a field of this object (for cross-field checks).
  void Invalid(const std::string& name, const std::string& message);
  std::string PathOf(const std::string& name) const;

  // Records every member that no accessor named.
  void Finish();

 private:
  const nlohmann::json* Field(const char* name, Need need);
  // The field when it is an array of at most kMaxListItems items; else
  // nullptr, with `must_be` ("must be a list of strings") recorded when it is
  // present but no array.
  const nlohmann::json* List(const char* name, Need need, const char* must_be);

  const nlohmann::json* object_;  // nullptr: not an object
  std::string path_;
  std::vector<domain::FieldError>* errors_;
  std::set<std::string> known_;
};

// Whether a Content-Type header names JSON (parameters such as charset allowed).
bool IsJsonContentType(const std::string& value);

inline constexpr int kMaxJsonDepth = 64;  // objects and arrays nested in a body

// Parses a request body (json_body.cc), or says which problem to answer:
//   400 malformed-json  not JSON (RFC 8259, which includes: not UTF-8), or
//                       objects and arrays nested deeper than kMaxJsonDepth
//                       (the parse stops there: no deep value is built);
//   422 validation-failed  a key repeated in one object, at any depth, named
//                       by its path ("applicant.contact.name", "sites[2].x"):
//                       the body is JSON, but which value was meant is not
//                       known, so it is refused like any other invalid field.
// On nullopt *problem is set.
std::optional<nlohmann::json> ParseJson(const std::string& body, Problem* problem);
// The same for a body whose Content-Type header is `content_type`: also 415
// unsupported-media-type when it does not name JSON.
std::optional<nlohmann::json> ParseJsonBody(const std::string& content_type, const std::string& body,
                                            Problem* problem);

}  // namespace certreg::http
