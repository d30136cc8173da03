// Status and Result<T>: errors as values at every room boundary.
//
// Codes mirror what callers do with them (conventions.md, "Errors"):
//   kNotFound        the thing asked for does not exist
//   kInvalidArgument the input is malformed or outside what is allowed; field_errors() lists
//                    every invalid field when the input was a request
//   kRejected        valid input, but the current state forbids it; current_state() names the state
//   kConflict        a stale expected version (kStaleVersion, current_version() says the file's) or
//                    an idempotency key reused with other content (kIdempotencyKeyReused)
//   kCorruption      stored bytes fail to decode or to verify
//   kIOError         the storage layer failed (kNoSpace: the disk is full)
//   kBusy            the resource is held by someone else (kLockHeld: a data directory a
//                    server holds)
//   kForbidden       the caller may not do this (kConflictOfInterest: a committee member who sat
//                    on the audit team)
// The sub-code refines the code for callers that act on the difference; code decides by code
// and sub-code, never by the message, which is for people (and logs) only.
// A Status is cheap to copy when ok (no allocation). Thread-compatible.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace certreg {

// An invalid input field: `field` is a path such as "management.9.4.3" or
// "sheets.D.1.1.items[2]"; `message` says what is wrong.
struct FieldError {
  std::string field;
  std::string message;
};

class [[nodiscard]] Status {
 public:
  enum class Code { kOk, kNotFound, kInvalidArgument, kRejected, kConflict, kCorruption, kIOError, kBusy, kForbidden };
  enum class SubCode {
    kNone,
    kStaleVersion,          // kConflict: the expected version is not the current one
    kIdempotencyKeyReused,  // kConflict: the key was used for another request
    kConflictOfInterest,    // kForbidden: impartiality (§11.2.1, §11.3.1)
    kNoSpace,               // kIOError: no space left on the device
    kLockHeld,              // kBusy: another process holds the data directory
    kDuplicateApplication,  // kRejected: the holder's application for this scope is already open or certified
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status Rejected(std::string msg) { return Status(Code::kRejected, std::move(msg)); }
  static Status Conflict(std::string msg) { return Status(Code::kConflict, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }
  static Status Forbidden(std::string msg) { return Status(Code::kForbidden, std::move(msg)); }

  // The statuses that carry details.
  // kInvalidArgument listing every invalid field (at least one).
  static Status InvalidFields(std::vector<FieldError> errors);
  // kRejected naming the current state (VALID ... or the file's stage).
  static Status StateConflict(std::string msg, std::string current_state);
  // kConflict/kStaleVersion with the version the thing is at now.
  static Status StaleVersion(std::string msg, std::uint64_t current_version);
  static Status IdempotencyKeyReused(std::string msg) {
    return Status(Code::kConflict, std::move(msg)).WithSubCode(SubCode::kIdempotencyKeyReused);
  }
  static Status ConflictOfInterest(std::string msg) {
    return Status(Code::kForbidden, std::move(msg)).WithSubCode(SubCode::kConflictOfInterest);
  }
  static Status DuplicateApplication(std::string msg) {
    return Status(Code::kRejected, std::move(msg)).WithSubCode(SubCode::kDuplicateApplication);
  }
  static Status NoSpace(std::string msg) { return Status(Code::kIOError, std::move(msg)).WithSubCode(SubCode::kNoSpace); }
  static Status LockHeld(std::string msg) { return Status(Code::kBusy, std::move(msg)).WithSubCode(SubCode::kLockHeld); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  SubCode subcode() const { return subcode_; }
  bool Is(Code code, SubCode subcode) const { return code_ == code && subcode_ == subcode; }
  const std::string& message() const { return message_; }
  // Every invalid field (kInvalidArgument); empty when none were named.
  const std::vector<FieldError>& field_errors() const;
  // The state that forbade the command (kRejected); empty when not known.
  const std::string& current_state() const;
  // The version the thing is at now (kStaleVersion; a refused command's file); nullopt when not known.
  std::optional<std::uint64_t> current_version() const;

  // "Corruption: event 12: bad hash", then "; field: message" for each field error — for logs
  // and command-line output, never for HTTP clients.
  std::string ToString() const;
  static const char* CodeName(Code code);

  // Returns a copy whose message is prefixed with `context: ` (details kept).
  Status WithContext(const std::string& context) const;
  // Returns a copy with the sub-code, or with the current version, set.
  Status WithSubCode(SubCode subcode) const;
  Status WithCurrentVersion(std::uint64_t version) const;

 private:
  struct Details {
    std::vector<FieldError> field_errors;
    std::string current_state;
    std::optional<std::uint64_t> current_version;
  };

  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Details& MutableDetails();

  Code code_ = Code::kOk;
  SubCode subcode_ = SubCode::kNone;
  std::string message_;
  std::shared_ptr<const Details> details_;  // null when there are none; shared, never changed once shared
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T value_or(T fallback) const { return value_ ? *value_ : std::move(fallback); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;  // ok exactly when value_ holds a value
};

}  // namespace certreg

// Propagates a non-ok Status from an expression returning Status.
#define CERTREG_RETURN_IF_ERROR(expr)            \
  do {                                           \
    ::certreg::Status _certreg_status = (expr);  \
    if (!_certreg_status.ok()) return _certreg_status; \
  } while (0)
