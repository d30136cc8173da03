// Status and Result<T>: errors as values at every room boundary.
//
// Codes mirror what callers do with them (conventions.md, "Errors"):
//   kNotFound        the thing asked for does not exist
//   kInvalidArgument the input is malformed or outside what is allowed
//   kRejected        valid input, but the current state forbids it (names the state)
//   kConflict        a stale expected version or an idempotency key reused with other content
//   kCorruption      stored bytes fail to decode or to verify
//   kIOError         the storage layer failed
//   kBusy            the resource is held by someone else (e.g. a data directory a server holds)
//   kForbidden       the caller may not do this
// A Status is cheap to copy when ok. Thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace certreg {

class [[nodiscard]] Status {
 public:
  enum class Code { kOk, kNotFound, kInvalidArgument, kRejected, kConflict, kCorruption, kIOError, kBusy, kForbidden };

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

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "Corruption: event 12: bad hash" — for logs and command-line output, never for HTTP clients.
  std::string ToString() const;
  static const char* CodeName(Code code);

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(const std::string& context) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
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
