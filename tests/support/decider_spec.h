// Given events / When a command / Then events or a refusal: the decider as a
// specification (Emmett's DeciderSpecification).
//
//   Given(Certified()).When(SuspendCertificate{...}, Committee()).Then(CertificateSuspended{...});
//   Given(Certified(), Suspended()).When(Suspend(), Committee()).ThenRejected(Code::kRejected, "SUSPENDED");
//
// Given folds the events with Evolve only: no Decide, no storage, no script of
// other commands. An event body is dated kGivenOn (recorded that day, by the
// clerk); At(date, body) dates it otherwise. Versions follow the order given.
// When decides as the service does: first the time-driven events due by the
// command's effective date (none for SubmitApplication or a future date), then
// Decide with the built-in scheme, a calendar of weekends only, file id "F-1"
// and kNewCertificateNo for a first issue. Today and the effective date are
// kGivenOn unless On / Today set them. Then compares every event the command
// would record (the due ones first) body by body, exactly.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "certreg/domain/decider.h"
#include "certreg/domain/time_rules.h"
#include "certreg/scheme/scheme_loader.h"
#include "support/lifecycle_fixture.h"

// The specs build commands and events by field name and name only the fields
// a case is about; the others keep their in-class defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace certreg::testing {

using Code = Status::Code;
using SubCode = Status::SubCode;

// The date of the given history and, unless On / Today say otherwise, of the command (a Monday).
inline const Date kGivenOn = D("2026-03-02");
// The number the context allocates for a first issue.
inline constexpr const char* kNewCertificateNo = "CMM-525-2026-00001";

// An event body dated `on` (effective and recorded).
inline Event At(Date on, EventBody body) { return Event{std::move(body), on, Clerk(), on, 0, 0}; }
inline Event At(const char* on, EventBody body) { return At(D(on), std::move(body)); }

// "ApplicationSubmitted, ApplicationAccepted"
inline std::string EventNames(const std::vector<EventBody>& bodies) {
  std::string out;
  for (const EventBody& b : bodies) out += (out.empty() ? "" : ", ") + std::string(EventTypeName(b));
  return out.empty() ? "(none)" : out;
}

// What When decided: the events it would record, or the refusal.
class Outcome {
 public:
  Outcome(std::vector<Event> due, Decision decision, std::string command)
      : due_(std::move(due)), decision_(std::move(decision)), command_(std::move(command)) {}

  // Every recorded event, the time-driven ones first, equals `expected`, in order.
  template <typename... Bodies>
  void Then(Bodies&&... expected) const {
    CheckBodies(std::vector<EventBody>{EventBody(std::forward<Bodies>(expected))...});
  }
  // The time-driven events due before the command are exactly `expected`,
  // whatever the command then decides; chain the decision's Then after it.
  template <typename... Bodies>
  const Outcome& ThenDue(Bodies&&... expected) const {
    const std::vector<EventBody> wanted{EventBody(std::forward<Bodies>(expected))...};
    std::vector<EventBody> due;
    for (const Event& e : due_) due.push_back(e.body);
    INFO(Describe());
    INFO("expected due " << EventNames(wanted) << ", due " << EventNames(due));
    CHECK(due == wanted);
    return *this;
  }
  // For a generated field the context cannot fix (derived scores): the command
  // is accepted and `check` holds for what it records.
  void ThenEvents(const std::function<bool(const std::vector<Event>&)>& check) const {
    INFO(Describe());
    REQUIRE(decision_.ok());
    CHECK(check(Recorded()));
  }
  // Refused with `code` (no sub-code) while the file is in `current_state` (DescribeState).
  void ThenRejected(Code code, const std::string& current_state) const {
    ThenRejected(code, SubCode::kNone);
    INFO(Describe());
    CHECK(decision_.status().current_state() == current_state);
  }
  // Refused with `code` and `subcode`: kForbidden/kConflictOfInterest, kNotFound/kNone.
  void ThenRejected(Code code, SubCode subcode) const {
    INFO(Describe());
    REQUIRE_FALSE(decision_.ok());
    CHECK(Status::CodeName(decision_.status().code()) == std::string(Status::CodeName(code)));
    CHECK(static_cast<int>(decision_.status().subcode()) == static_cast<int>(subcode));
  }
  // kInvalidArgument naming exactly these fields (in any order).
  void ThenInvalid(std::initializer_list<std::string> fields) const {
    ThenRejected(Code::kInvalidArgument, SubCode::kNone);
    std::vector<std::string> named;
    for (const FieldError& e : decision_.status().field_errors()) named.push_back(e.field);
    std::vector<std::string> wanted(fields);
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end()), named.end());
    std::sort(wanted.begin(), wanted.end());
    INFO(Describe());
    CHECK(named == wanted);
  }

  const std::vector<Event>& due() const { return due_; }
  const Decision& decision() const { return decision_; }

 private:
  std::vector<Event> Recorded() const {
    std::vector<Event> all = due_;
    if (decision_.ok()) all.insert(all.end(), decision_.value().begin(), decision_.value().end());
    return all;
  }

  std::string Describe() const {
    std::vector<EventBody> bodies;
    for (const Event& e : Recorded()) bodies.push_back(e.body);
    return command_ + " recorded " + EventNames(bodies) +
           (decision_.ok() ? std::string() : "; refused: " + decision_.status().ToString() + FieldList());
  }

  std::string FieldList() const {
    std::string out;
    for (const FieldError& e : decision_.status().field_errors()) out += " [" + e.field + ": " + e.message + "]";
    if (!decision_.status().current_state().empty()) out += " (state " + decision_.status().current_state() + ")";
    return out;
  }

  void CheckBodies(const std::vector<EventBody>& expected) const {
    INFO(Describe());
    INFO("expected " << EventNames(expected));
    REQUIRE(decision_.ok());
    const std::vector<Event> recorded = Recorded();
    REQUIRE(recorded.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      INFO("event " << i << ": " << EventTypeName(expected[i]) << " differs");
      CHECK(recorded[i].body == expected[i]);
    }
  }

  std::vector<Event> due_;
  Decision decision_;
  std::string command_;
};

class DeciderSpec {
 public:
  explicit DeciderSpec(std::vector<Event> history) {
    for (Event& e : history) {
      e.version = state_.version + 1;
      state_ = Evolve(std::move(state_), e);
    }
  }

  // The registry's date now; the effective date follows unless On set it.
  DeciderSpec& Today(Date today) {
    today_ = today;
    if (!effective_) effective_ = today;
    return *this;
  }
  DeciderSpec& Today(const char* today) { return Today(D(today)); }
  // The command's effective date; today moves up to it when earlier.
  DeciderSpec& On(Date effective) {
    effective_ = effective;
    today_ = std::max(today_, effective);
    return *this;
  }
  DeciderSpec& On(const char* effective) { return On(D(effective)); }

  Outcome When(const Command& command, const Actor& actor) const {
    const CommandContext context{.file_id = "F-1",
                                 .today = today_,
                                 .effective_date = effective_.value_or(today_),
                                 .actor = actor,
                                 .scheme = &scheme::BuiltInScheme(),
                                 .calendar = &calendar_,
                                 .new_certificate_no = kNewCertificateNo};
    FileState state = state_;
    std::vector<Event> due;
    if (!std::holds_alternative<SubmitApplication>(command) && context.effective_date <= context.today) {
      due = TimeDrivenEvents(state, context.effective_date, *context.scheme, *context.calendar);
      for (Event& e : due) {
        e.recorded_on = context.today;  // recorded with the command, whatever its date
        state = Evolve(std::move(state), e);
      }
    }
    return Outcome(std::move(due), Decide(command, state, context), std::string(CommandName(command)));
  }

  const FileState& state() const { return state_; }

 private:
  FileState state_;
  Date today_ = kGivenOn;
  std::optional<Date> effective_;
  WorkingCalendar calendar_;
};

namespace internal {

inline void AddGiven(std::vector<Event>& out, Event event) { out.push_back(std::move(event)); }
inline void AddGiven(std::vector<Event>& out, EventBody body) { out.push_back(At(kGivenOn, std::move(body))); }
inline void AddGiven(std::vector<Event>& out, const std::vector<Event>& events) {
  out.insert(out.end(), events.begin(), events.end());
}

}  // namespace internal

// The file's history: event bodies (dated kGivenOn), dated Events (At), or
// histories (std::vector<Event>), in order.
template <typename... Events>
DeciderSpec Given(Events&&... events) {
  std::vector<Event> history;
  (internal::AddGiven(history, std::forward<Events>(events)), ...);
  return DeciderSpec(std::move(history));
}

// A history of bodies and dated events, for the builders of common histories.
template <typename... Events>
std::vector<Event> History(Events&&... events) {
  std::vector<Event> history;
  (internal::AddGiven(history, std::forward<Events>(events)), ...);
  return history;
}

}  // namespace certreg::testing
