#include "certreg/common/status.h"

namespace certreg {

Status Status::InvalidFields(std::vector<FieldError> errors) {
  Status s(Code::kInvalidArgument, "the request has " + std::to_string(errors.size()) + " invalid field(s)");
  s.MutableDetails().field_errors = std::move(errors);
  return s;
}

Status Status::StateConflict(std::string msg, std::string current_state) {
  Status s(Code::kRejected, std::move(msg));
  s.MutableDetails().current_state = std::move(current_state);
  return s;
}

Status Status::StaleVersion(std::string msg, std::uint64_t current_version) {
  Status s(Code::kConflict, std::move(msg));
  s.subcode_ = SubCode::kStaleVersion;
  s.MutableDetails().current_version = current_version;
  return s;
}

const std::vector<FieldError>& Status::field_errors() const {
  static const std::vector<FieldError> kNone;
  return details_ ? details_->field_errors : kNone;
}

const std::string& Status::current_state() const {
  static const std::string kNone;
  return details_ ? details_->current_state : kNone;
}

std::optional<std::uint64_t> Status::current_version() const {
  return details_ ? details_->current_version : std::nullopt;
}

const char* Status::CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "OK";
    case Code::kNotFound: return "NotFound";
    case Code::kInvalidArgument: return "InvalidArgument";
    case Code::kRejected: return "Rejected";
    case Code::kConflict: return "Conflict";
    case Code::kCorruption: return "Corruption";
    case Code::kIOError: return "IOError";
    case Code::kBusy: return "Busy";
    case Code::kForbidden: return "Forbidden";
  }
  return "Unknown";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string text = std::string(CodeName(code_)) + ": " + message_;
  for (const FieldError& e : field_errors()) text += "; " + e.field + ": " + e.message;
  return text;
}

Status Status::WithContext(const std::string& context) const {
  if (ok()) return *this;
  Status s = *this;
  s.message_ = context + ": " + message_;
  return s;
}

Status Status::WithSubCode(SubCode subcode) const {
  Status s = *this;
  s.subcode_ = subcode;
  return s;
}

Status Status::WithCurrentVersion(std::uint64_t version) const {
  Status s = *this;
  s.MutableDetails().current_version = version;
  return s;
}

Status::Details& Status::MutableDetails() {
  // Copy on write: other copies of this status keep the details they had.
  auto copy = details_ ? std::make_shared<Details>(*details_) : std::make_shared<Details>();
  Details& d = *copy;
  details_ = std::move(copy);
  return d;
}

}  // namespace certreg
