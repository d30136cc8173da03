#include "scheme/json_reader.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace certreg::scheme {

void Problems::Add(const std::string& path, const std::string& message) {
  list_.push_back(path.empty() ? message : path + ": " + message);
}

std::string Problems::Joined() const {
  std::string text;
  for (const std::string& problem : list_) text += (text.empty() ? "" : "; ") + problem;
  return text;
}

Result<std::string> ReadTextFile(const std::string& path, const std::string& what) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return Status::NotFound(what + " file " + path + " does not exist");
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::IOError(what + " file " + path + " cannot be opened");
  std::ostringstream bytes;
  bytes << file.rdbuf();
  if (file.bad()) return Status::IOError(what + " file " + path + ": read failed");
  return bytes.str();
}

std::string FormatNumber(double value) {
  std::string text = nlohmann::json(value).dump();
  if (text.size() > 2 && text.ends_with(".0")) text.resize(text.size() - 2);
  return text;
}

std::string Child(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

std::string Element(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

ObjectReader::ObjectReader(const nlohmann::json& value, std::string path, Problems& problems)
    : object_(value.is_object() ? &value : nullptr), path_(std::move(path)), problems_(problems) {
  if (object_ == nullptr) problems_.Add(path_, "must be an object");
}

const nlohmann::json* ObjectReader::Member(const std::string& key) {
  if (object_ == nullptr) return nullptr;
  known_.insert(key);
  auto it = object_->find(key);
  if (it == object_->end()) {
    Problem(key, "required");
    return nullptr;
  }
  return &*it;
}

void ObjectReader::Problem(const std::string& key, const std::string& message) {
  problems_.Add(PathOf(key), message);
}

std::optional<std::string> ObjectReader::String(const std::string& key) {
  const nlohmann::json* member = Member(key);
  if (member == nullptr) return std::nullopt;
  if (!member->is_string() || member->get_ref<const std::string&>().empty()) {
    Problem(key, "must be a non-empty string");
    return std::nullopt;
  }
  return member->get<std::string>();
}

std::optional<std::string> ObjectReader::OptionalString(const std::string& key) {
  if (object_ == nullptr || !object_->contains(key)) {
    known_.insert(key);
    return std::nullopt;
  }
  return String(key);
}

std::optional<double> ObjectReader::Number(const std::string& key) {
  const nlohmann::json* member = Member(key);
  if (member == nullptr) return std::nullopt;
  if (!member->is_number() || !std::isfinite(member->get<double>())) {
    Problem(key, "must be a number");
    return std::nullopt;
  }
  return member->get<double>();
}

std::optional<double> ObjectReader::NumberIn(const std::string& key, double min, double max) {
  const nlohmann::json* member = Member(key);
  if (member == nullptr) return std::nullopt;
  if (!member->is_number() || member->get<double>() < min || member->get<double>() > max) {
    Problem(key, "must be a number from " + FormatNumber(min) + " to " + FormatNumber(max));
    return std::nullopt;
  }
  return member->get<double>();
}

std::optional<int> ObjectReader::Integer(const std::string& key, int min, int max) {
  const nlohmann::json* member = Member(key);
  if (member == nullptr) return std::nullopt;
  if (!member->is_number_integer() || member->get<std::int64_t>() < min || member->get<std::int64_t>() > max) {
    Problem(key, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return static_cast<int>(member->get<std::int64_t>());
}

std::optional<domain::Date> ObjectReader::Date(const std::string& key) {
  const nlohmann::json* member = Member(key);
  if (member == nullptr) return std::nullopt;
  std::optional<domain::Date> date;
  if (member->is_string()) date = domain::Date::Parse(member->get_ref<const std::string&>());
  if (!date) Problem(key, "must be a date \"YYYY-MM-DD\"");
  return date;
}

const nlohmann::json* ObjectReader::Array(const std::string& key) {
  return Typed(key, &nlohmann::json::is_array, "must be an array");
}

const nlohmann::json* ObjectReader::Object(const std::string& key) {
  return Typed(key, &nlohmann::json::is_object, "must be an object");
}

const nlohmann::json* ObjectReader::Typed(const std::string& key, bool (nlohmann::json::*is)() const noexcept,
                                          const char* problem) {
  const nlohmann::json* member = Member(key);
  if (member != nullptr && !(member->*is)()) {
    Problem(key, problem);
    return nullptr;
  }
  return member;
}

void ObjectReader::Finish() {
  if (object_ == nullptr) return;
  for (const auto& [key, value] : object_->items()) {
    if (known_.contains(key)) continue;
    const std::string where = path_.empty() ? " at the top level" : " in " + path_;
    problems_.AddRaw("unknown field \"" + key + "\"" + where);
  }
}

std::optional<nlohmann::json> ParseJson(std::string_view text, Problems& problems) {
  // The parser reports each key before its value; a stack of the keys seen
  // per open object finds duplicates.
  std::vector<std::set<std::string>> open_objects;
  auto callback = [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) {
      open_objects.emplace_back();
    } else if (event == Event::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == Event::key && !open_objects.empty()) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (!open_objects.back().insert(key).second) problems.AddRaw("duplicate field \"" + key + "\"");
    }
    return true;
  };
  try {
    return nlohmann::json::parse(text, callback);
  } catch (const nlohmann::json::exception& e) {
    problems.AddRaw(std::string("not valid JSON: ") + e.what());
    return std::nullopt;
  }
}

}  // namespace certreg::scheme
