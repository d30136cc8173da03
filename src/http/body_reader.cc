#include "http/body_reader.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace certreg::http {
namespace {

const nlohmann::json& EmptyObject() {
  static const nlohmann::json empty = nlohmann::json::object();
  return empty;
}

std::string AllowedList(std::initializer_list<const char*> allowed) {
  std::string out;
  for (const char* a : allowed) {
    if (!out.empty()) out += ", ";
    out += a;
  }
  return out;
}

}  // namespace

BodyReader::BodyReader(const nlohmann::json& object, std::string path, std::vector<domain::FieldError>* errors)
    : object_(object.is_object() ? &object : nullptr), path_(std::move(path)), errors_(errors) {
  if (object_ == nullptr) errors_->push_back({path_.empty() ? "body" : path_, "must be a JSON object"});
}

std::string BodyReader::PathOf(const std::string& name) const { return path_.empty() ? name : path_ + "." + name; }

void BodyReader::Invalid(const std::string& name, const std::string& message) {
  errors_->push_back({PathOf(name), message});
}

bool BodyReader::Has(const char* name) const {
  return object_ != nullptr && object_->contains(name) && !(*object_)[name].is_null();
}

const nlohmann::json* BodyReader::Field(const char* name, Need need) {
  known_.insert(name);
  if (object_ == nullptr) return nullptr;
  auto it = object_->find(name);
  if (it == object_->end() || it->is_null()) {
    if (need == Need::kRequired) Invalid(name, "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> BodyReader::OptionalText(const char* name, std::size_t max_bytes, TextKind kind) {
  const nlohmann::json* v = Field(name, Need::kOptional);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Invalid(name, "must be a string");
    return std::nullopt;
  }
  const std::string& s = v->get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    Invalid(name, "must be at most " + std::to_string(max_bytes) + " bytes");
    return std::nullopt;
  }
  if (auto problem = TextProblem(s, kind)) {
    Invalid(name, *problem);
    return std::nullopt;
  }
  return s;
}

std::string BodyReader::Text(const char* name, Need need, std::size_t max_bytes, TextKind kind) {
  if (need == Need::kRequired && !Has(name)) {
    Field(name, need);
    return {};
  }
  return OptionalText(name, max_bytes, kind).value_or(std::string());
}

std::optional<domain::Date> BodyReader::Date(const char* name, Need need) {
  const nlohmann::json* v = Field(name, need);
  if (v == nullptr) return std::nullopt;
  std::optional<domain::Date> date;
  if (v->is_string()) date = domain::Date::Parse(v->get_ref<const std::string&>());
  if (!date) Invalid(name, "must be a date YYYY-MM-DD");
  return date;
}

std::optional<bool> BodyReader::Bool(const char* name, Need need) {
  const nlohmann::json* v = Field(name, need);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    Invalid(name, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::int64_t> BodyReader::Integer(const char* name, Need need, std::int64_t min, std::int64_t max) {
  const nlohmann::json* v = Field(name, need);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    Invalid(name, "must be an integer");
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
    Invalid(name, "must be from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  const std::int64_t n = v->get<std::int64_t>();
  if (n < min || n > max) {
    Invalid(name, "must be from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<double> BodyReader::Number(const char* name, Need need, double min, double max) {
  const nlohmann::json* v = Field(name, need);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) {
    Invalid(name, "must be a number");
    return std::nullopt;
  }
  const double n = v->get<double>();
  if (!std::isfinite(n) || n < min || n > max) {
    Invalid(name, "must be a number from " + nlohmann::json(min).dump() + " to " + nlohmann::json(max).dump());
    return std::nullopt;
  }
  return n;
}

const nlohmann::json* BodyReader::List(const char* name, Need need, const char* must_be) {
  const nlohmann::json* v = Field(name, need);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    Invalid(name, must_be);
    return nullptr;
  }
  if (v->size() > kMaxListItems) {
    Invalid(name, "must have at most " + std::to_string(kMaxListItems) + " items");
    return nullptr;
  }
  return v;
}

std::vector<std::string> BodyReader::TextList(const char* name, Need need) {
  std::vector<std::string> out;
  const nlohmann::json* v = List(name, need, "must be a list of strings");
  if (v == nullptr) return out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const auto& item = (*v)[i];
    const std::string field = std::string(name) + "[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      Invalid(field, "must be a string");
    } else if (item.get_ref<const std::string&>().size() > kMaxTextBytes) {
      Invalid(field, "must be at most " + std::to_string(kMaxTextBytes) + " bytes");
    } else if (auto problem = TextProblem(item.get_ref<const std::string&>(), TextKind::kLine)) {
      Invalid(field, *problem);
    } else {
      out.push_back(item.get<std::string>());
    }
  }
  return out;
}

std::optional<std::string> BodyReader::RawEnum(const char* name, Need need,
                                               std::initializer_list<const char*> allowed) {
  const nlohmann::json* v = Field(name, need);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) {
    for (const char* a : allowed) {
      if (v->get_ref<const std::string&>() == a) return std::string(a);
    }
  }
  Invalid(name, "must be one of: " + AllowedList(allowed));
  return std::nullopt;
}

BodyReader BodyReader::Object(const char* name, Need need) {
  const nlohmann::json* v = Field(name, need);
  if (v == nullptr) return BodyReader(EmptyObject(), PathOf(name), errors_);
  return BodyReader(*v, PathOf(name), errors_);  // records "must be a JSON object" when it is not
}

std::vector<BodyReader> BodyReader::ObjectList(const char* name, Need need) {
  std::vector<BodyReader> out;
  const nlohmann::json* v = List(name, need, "must be a list of objects");
  if (v == nullptr) return out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    out.emplace_back((*v)[i], PathOf(std::string(name) + "[" + std::to_string(i) + "]"), errors_);
  }
  return out;
}

const nlohmann::json* BodyReader::Map(const char* name, Need need) {
  const nlohmann::json* v = Field(name, need);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    Invalid(name, "must be an object");
    return nullptr;
  }
  return v;
}

void BodyReader::Finish() {
  if (object_ == nullptr) return;
  for (const auto& [key, value] : object_->items()) {
    if (!known_.count(key)) Invalid(key, "unknown field");
  }
}

bool IsJsonContentType(const std::string& value) {
  std::string type = value.substr(0, value.find(';'));
  type.erase(std::remove_if(type.begin(), type.end(), [](char c) { return c == ' ' || c == '\t'; }), type.end());
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  return type == "application/json";
}

}  // namespace certreg::http
