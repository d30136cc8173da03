// ParseJson (body_reader.h): nlohmann's DOM parser driven through a SAX
// handler that refuses a key repeated in one object and nesting deeper than
// kMaxJsonDepth, stopping the parse at the first of them.
#include <string>
#include <unordered_set>
#include <vector>

#include "http/body_reader.h"

namespace certreg::http {
namespace {

using Json = nlohmann::json;

class StrictHandler {
 public:
  explicit StrictHandler(Json& result) : dom_(result, /*allow_exceptions=*/false) {}

  bool null() { return Scalar() && dom_.null(); }
  bool boolean(bool v) { return Scalar() && dom_.boolean(v); }
  bool number_integer(Json::number_integer_t v) { return Scalar() && dom_.number_integer(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return Scalar() && dom_.number_unsigned(v); }
  bool number_float(Json::number_float_t v, const Json::string_t& s) { return Scalar() && dom_.number_float(v, s); }
  bool string(Json::string_t& v) { return Scalar() && dom_.string(v); }
  bool binary(Json::binary_t& v) { return Scalar() && dom_.binary(v); }

  bool start_object(std::size_t n) { return Open(true) && dom_.start_object(n); }
  bool start_array(std::size_t n) { return Open(false) && dom_.start_array(n); }
  bool end_object() { return Close() && dom_.end_object(); }
  bool end_array() { return Close() && dom_.end_array(); }

  bool key(Json::string_t& k) {
    Frame& object = frames_.back();
    if (!object.keys.insert(k).second) {
      duplicate_ = object.path.empty() ? k : object.path + "." + k;
      return false;
    }
    object.key = k;
    return dom_.key(k);
  }

  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& e) {
    return dom_.parse_error(position, token, e);
  }

  const std::string& duplicate() const { return duplicate_; }
  bool too_deep() const { return too_deep_; }

 private:
  struct Frame {
    bool object = false;
    std::string path;                     // of this object or array in the body
    std::unordered_set<std::string> keys;  // objects: the keys seen so far
    std::string key;                       // objects: the key of the member being read
    std::size_t next_index = 0;            // arrays: the index of the next element
  };

  // The path of the value starting now, moving an array on to its next element.
  std::string ChildPath() {
    if (frames_.empty()) return {};
    Frame& parent = frames_.back();
    if (parent.object) return parent.path.empty() ? parent.key : parent.path + "." + parent.key;
    return parent.path + "[" + std::to_string(parent.next_index++) + "]";
  }

  bool Scalar() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().next_index;
    return true;
  }

  bool Open(bool object) {
    if (frames_.size() >= static_cast<std::size_t>(kMaxJsonDepth)) {
      too_deep_ = true;
      return false;
    }
    Frame frame;
    frame.object = object;
    frame.path = ChildPath();
    frames_.push_back(std::move(frame));
    return true;
  }

  bool Close() {
    frames_.pop_back();
    return true;
  }

  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  std::vector<Frame> frames_;
  std::string duplicate_;
  bool too_deep_ = false;
};

}  // namespace

std::optional<nlohmann::json> ParseJson(const std::string& body, Problem* problem) {
  Json result;
  StrictHandler handler(result);
  const bool parsed = Json::sax_parse(body, &handler, Json::input_format_t::json, /*strict=*/true,
                                      /*ignore_comments=*/false);
  if (parsed && !result.is_discarded()) return result;
  if (!handler.duplicate().empty()) {
    *problem = Invalid({{handler.duplicate(), "is given more than once in the same object"}});
  } else {
    *problem = BadJson();
    if (handler.too_deep()) {
      problem->detail = "the request body nests objects and arrays deeper than " + std::to_string(kMaxJsonDepth);
    }
  }
  return std::nullopt;
}

std::optional<nlohmann::json> ParseJsonBody(const std::string& content_type, const std::string& body,
                                            Problem* problem) {
  if (!IsJsonContentType(content_type)) {
    *problem = UnsupportedMediaType();
    return std::nullopt;
  }
  return ParseJson(body, problem);
}

}  // namespace certreg::http
