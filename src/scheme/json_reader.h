// A checked reader over a parsed JSON document for the scheme and calendar
// loaders: every getter checks the type, records a message naming the field
// by its JSON path ("areas[2].weight: must be a number") and keeps going, so
// one load reports every problem. Unknown fields are reported by Finish().
// Internal to certreg_scheme.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "certreg/common/status.h"
#include "certreg/domain/date.h"

namespace certreg::scheme {

// The problems found so far, each "path: message".
class Problems {
 public:
  void Add(const std::string& path, const std::string& message);
  void AddRaw(std::string text) { list_.push_back(std::move(text)); }
  bool empty() const { return list_.empty(); }
  std::string Joined() const;  // "a: x; b: y"

 private:
  std::vector<std::string> list_;
};

// The bytes of the file at `path`; `what` names it in messages ("scheme file
// PATH does not exist"). NotFound when it does not exist, IOError when it
// cannot be read.
Result<std::string> ReadTextFile(const std::string& path, const std::string& what);

// The file at `path` read (ReadTextFile) and parsed by `load`; a problem in
// its text is reported with the path as context.
template <typename T>
Result<T> LoadFile(const std::string& path, const std::string& what, Result<T> (*load)(std::string_view)) {
  Result<std::string> text = ReadTextFile(path, what);
  if (!text.ok()) return text.status();
  Result<T> loaded = load(*text);
  if (!loaded.ok()) return loaded.status().WithContext(path);
  return loaded;
}

// A number as JSON writes it, without a trailing ".0": 30, 0.25.
std::string FormatNumber(double value);

// Paths: "" is the document; Child("", "areas") = "areas"; Element("areas", 2) = "areas[2]".
std::string Child(const std::string& path, const std::string& key);
std::string Element(const std::string& path, std::size_t index);

// Reads the fields of one JSON object. `value` and `problems` must outlive it.
// When `value` is not an object, that is recorded and every getter returns nullopt.
class ObjectReader {
 public:
  ObjectReader(const nlohmann::json& value, std::string path, Problems& problems);

  std::optional<std::string> String(const std::string& key);  // non-empty
  // Like String(), but absence is no problem.
  std::optional<std::string> OptionalString(const std::string& key);
  std::optional<double> Number(const std::string& key);       // finite
  // A number from `min` to `max` inclusive.
  std::optional<double> NumberIn(const std::string& key, double min, double max);
  std::optional<int> Integer(const std::string& key, int min, int max);
  std::optional<domain::Date> Date(const std::string& key);
  // The member, which must be an array / object (present, of that type).
  const nlohmann::json* Array(const std::string& key);
  const nlohmann::json* Object(const std::string& key);

  // Records a problem with one of this object's fields.
  void Problem(const std::string& key, const std::string& message);
  const std::string& path() const { return path_; }
  std::string PathOf(const std::string& key) const { return Child(path_, key); }

  // Reports every member no getter asked for. Call once, after reading.
  void Finish();

 private:
  // The member, or nullptr with "required" recorded.
  const nlohmann::json* Member(const std::string& key);
  // The member when `is` holds for it; else nullptr with `problem` recorded.
  const nlohmann::json* Typed(const std::string& key, bool (nlohmann::json::*is)() const noexcept,
                              const char* problem);

  const nlohmann::json* object_;  // nullptr when the value is not an object
  std::string path_;
  Problems& problems_;
  std::set<std::string> known_;
};

// Parses `text`, recording a syntax error or a duplicate key (which the parser
// would otherwise silently resolve to the last one). nullopt on a syntax error.
std::optional<nlohmann::json> ParseJson(std::string_view text, Problems& problems);

}  // namespace certreg::scheme
