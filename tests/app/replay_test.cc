// Replay for regulators: the timeline and the state as of a time on either axis.
// Histories come from the deciders (Lifecycle); the test stamps each event's
// recording as the store would, so late entry can be modelled. No storage.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreg/app/replay.h"
#include "support/lifecycle_fixture.h"

using namespace certreg;
using namespace certreg::domain;
using namespace certreg::testing;

namespace {

constexpr int kShanghai = 480;  // UTC+8, minutes

const app::TimeZone& Shanghai() {
  static const app::TimeZone zone = app::TimeZone::Load("Asia/Shanghai").value();
  return zone;
}

// Microseconds since the epoch of a local time in UTC+8.
std::int64_t LocalMicros(const char* date, int hour, int minute) {
  const std::int64_t seconds = std::int64_t{D(date).days()} * 86400 + hour * 3600 + minute * 60 - kShanghai * 60;
  return seconds * 1'000'000;
}

// The events a Lifecycle recorded, with the recording stamps the store would add.
class History {
 public:
  Lifecycle& file() { return file_; }
  const std::vector<Event>& events() const { return events_; }

  // Stamps every event recorded since the last call as recorded at `date`
  // hour:minute local time (one microsecond apart, in log order).
  void RecordedAt(const char* date, int hour, int minute) {
    const std::vector<Event>& all = file_.history();
    for (std::size_t i = events_.size(); i < all.size(); ++i) {
      Event e = all[i];
      e.recorded_on = D(date);
      e.recorded_at_micros = LocalMicros(date, hour, minute) + static_cast<std::int64_t>(i);
      events_.push_back(std::move(e));
    }
  }

 private:
  Lifecycle file_;
  std::vector<Event> events_;
};

// Certified on 2026-03-02; a suspension effective 2026-03-10 but entered on
// 2026-03-20; rectified, verified and reinstated on 2026-03-25.
std::vector<Event> LateSuspension() {
  History h;
  Lifecycle& f = h.file();
  f.Certified();
  h.RecordedAt("2026-03-02", 10, 0);
  f.SetToday("2026-03-20");
  f.Do(SuspendCertificate{"8.2.1-3", "一般违法违规行为", "整改直播信息审核流程", D("2026-06-30"), "主任 陈杰"},
       Committee(), D("2026-03-10"));
  h.RecordedAt("2026-03-20", 10, 0);
  f.SetToday("2026-03-25");
  f.Do(SubmitRectification{"已整改", "整改报告", {f.today(), "email"}}, Clerk());
  f.Do(VerifyRectification{true, "陈杰"}, Committee());
  f.Do(ReinstateCertificate{"陈杰"}, Committee());
  h.RecordedAt("2026-03-25", 10, 0);
  return h.events();
}

std::size_t IndexOf(const std::vector<Event>& events, std::string_view type) {
  const auto it =
      std::find_if(events.begin(), events.end(), [&](const Event& e) { return EventTypeName(e.body) == type; });
  REQUIRE(it != events.end());
  return static_cast<std::size_t>(it - events.begin());
}

app::AsOf Parsed(const char* as_of, const char* axis) {
  auto parsed = app::ParseAsOf(as_of, axis, Shanghai());
  INFO(as_of << " on axis '" << axis << "': " << parsed.status().ToString());
  REQUIRE(parsed.ok());
  return *parsed;
}

app::AsOf Effective(const char* date) { return Parsed(date, "effective"); }
app::AsOf Recorded(const char* as_of) { return Parsed(as_of, "recorded"); }

std::optional<CertificateStatus> StatusOf(const FileState& state) {
  if (!state.certificate) return std::nullopt;
  return state.certificate->status;
}

void RequireInvalid(const char* as_of, const char* axis, const std::string& parameter) {
  INFO("as_of '" << as_of << "', axis '" << axis << "'");
  auto parsed = app::ParseAsOf(as_of, axis, Shanghai());
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().code() == Status::Code::kInvalidArgument);
  REQUIRE(parsed.status().field_errors().size() == 1);
  CHECK(parsed.status().field_errors()[0].field == parameter);
}

}  // namespace

TEST_CASE("the timeline gives the state after each event, in log order", "[replay]") {
  const std::vector<Event> events = LateSuspension();
  const std::vector<app::TimelineEntry> timeline = app::Timeline(events);

  REQUIRE(timeline.size() == events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(timeline[i].version == i + 1);
    CHECK(timeline[i].state.version == i + 1);
    CHECK(timeline[i].type == EventTypeName(events[i].body));
    CHECK(timeline[i].effective_date == events[i].effective_date);
    CHECK(timeline[i].recorded_at_micros == events[i].recorded_at_micros);
    CHECK(timeline[i].actor == events[i].actor);
  }

  CHECK(timeline.front().type == "ApplicationSubmitted");
  CHECK(timeline.front().state.exists);
  CHECK(StageOf(timeline.front().state) == Stage::kAwaitingAcceptance);
  CHECK_FALSE(timeline.front().state.certificate.has_value());

  const std::size_t issued = IndexOf(events, "CertificateIssued");
  CHECK_FALSE(timeline[issued - 1].state.certificate.has_value());
  CHECK(StatusOf(timeline[issued].state) == CertificateStatus::kValid);
  CHECK(StageOf(timeline[issued].state) == Stage::kCertified);

  const std::size_t suspended = IndexOf(events, "CertificateSuspended");
  CHECK(StatusOf(timeline[suspended].state) == CertificateStatus::kSuspended);
  CHECK(timeline[suspended].state.suspension.has_value());
  CHECK(timeline[suspended].effective_date == D("2026-03-10"));

  CHECK(timeline.back().type == "CertificateReinstated");
  CHECK(StatusOf(timeline.back().state) == CertificateStatus::kValid);
  CHECK_FALSE(timeline.back().state.suspension.has_value());
  CHECK(timeline.back().state.version == Fold(events).version);
}

TEST_CASE("the timeline of no events is empty", "[replay]") { CHECK(app::Timeline({}).empty()); }

TEST_CASE("a suspension entered late is in force on the effective axis before the registry knew of it", "[replay]") {
  const std::vector<Event> events = LateSuspension();
  const std::size_t suspended = IndexOf(events, "CertificateSuspended");

  // What was in force: suspended from 2026-03-10.
  CHECK(StatusOf(app::StateAsOf(events, Effective("2026-03-09"))) == CertificateStatus::kValid);
  const FileState in_force = app::StateAsOf(events, Effective("2026-03-15"));
  CHECK(StatusOf(in_force) == CertificateStatus::kSuspended);
  CHECK(in_force.version == suspended + 1);

  // What the registry knew: nothing of the suspension until it was entered on 2026-03-20.
  const FileState known = app::StateAsOf(events, Recorded("2026-03-15"));
  CHECK(StatusOf(known) == CertificateStatus::kValid);
  CHECK(known.version == suspended);
  CHECK(StatusOf(app::StateAsOf(events, Recorded("2026-03-20T01:59:59Z"))) == CertificateStatus::kValid);
  CHECK(StatusOf(app::StateAsOf(events, Recorded("2026-03-20T02:00:01Z"))) == CertificateStatus::kSuspended);
  CHECK(StatusOf(app::StateAsOf(events, Recorded("2026-03-20"))) == CertificateStatus::kSuspended);

  // Both axes agree once the reinstatement is in force and known.
  CHECK(StatusOf(app::StateAsOf(events, Effective("2026-03-25"))) == CertificateStatus::kValid);
  CHECK(StatusOf(app::StateAsOf(events, Recorded("2026-03-25"))) == CertificateStatus::kValid);
  CHECK(app::StateAsOf(events, Recorded("2026-03-25")).version == events.size());
}

TEST_CASE("before the first event the file does not exist, before the issue there is no certificate", "[replay]") {
  const std::vector<Event> events = LateSuspension();

  const FileState before_effective = app::StateAsOf(events, Effective("2026-03-01"));
  CHECK_FALSE(before_effective.exists);
  CHECK_FALSE(before_effective.certificate.has_value());
  CHECK(before_effective.version == 0);
  const FileState before_recorded = app::StateAsOf(events, Recorded("2026-03-02T01:59:59Z"));
  CHECK_FALSE(before_recorded.exists);
  CHECK_FALSE(before_recorded.certificate.has_value());

  // Everything up to the decision notice, but not the issue.
  const auto issued = static_cast<std::ptrdiff_t>(IndexOf(events, "CertificateIssued"));
  const std::vector<Event> pending(events.begin(), events.begin() + issued);
  const FileState awaiting = app::StateAsOf(pending, Effective("2026-03-02"));
  CHECK(awaiting.exists);
  CHECK_FALSE(awaiting.certificate.has_value());
  CHECK(StatusOf(app::StateAsOf(events, Effective("2026-03-02"))) == CertificateStatus::kValid);
}

TEST_CASE("a date on the recorded axis means the end of that day in the registry's time zone", "[replay]") {
  // UTC+8: 2026-03-20 ends at 2026-03-20T15:59:59.999999Z.
  const app::AsOf as_of = Recorded("2026-03-20");
  CHECK(as_of.axis == app::Axis::kRecorded);
  CHECK(as_of.date == D("2026-03-20"));
  REQUIRE(as_of.instant_micros.has_value());
  CHECK(*as_of.instant_micros == LocalMicros("2026-03-21", 0, 0) - 1);
  CHECK(*as_of.instant_micros == *Recorded("2026-03-20T15:59:59.999999Z").instant_micros);

  // An event entered at 23:30 local is in; one entered at 00:30 local the next
  // day (still 2026-03-20 in UTC) is not.
  History h;
  h.file().Submitted();
  h.RecordedAt("2026-03-20", 23, 30);
  h.file().Do(DecideAcceptance{true, ""}, Clerk());
  h.RecordedAt("2026-03-21", 0, 30);
  const FileState state = app::StateAsOf(h.events(), as_of);
  CHECK(state.version == 1);
  CHECK(StageOf(state) == Stage::kAwaitingAcceptance);
  CHECK(app::StateAsOf(h.events(), Recorded("2026-03-21")).version == 2);

  // In UTC the same date ends eight hours later and takes both.
  auto utc = app::ParseAsOf("2026-03-20", "recorded", app::TimeZone::Load("UTC").value());
  REQUIRE(utc.ok());
  CHECK(app::StateAsOf(h.events(), *utc).version == 2);
}

TEST_CASE("instants parse as RFC 3339 in UTC or with a numeric offset", "[replay]") {
  const std::int64_t eight_utc = LocalMicros("2026-03-01", 16, 0);  // 08:00Z is 16:00 in UTC+8
  CHECK(*Recorded("2026-03-01T08:00:00Z").instant_micros == eight_utc);
  CHECK(*Recorded("2026-03-01t08:00:00z").instant_micros == eight_utc);
  CHECK(*Recorded("2026-03-01T16:00:00+08:00").instant_micros == eight_utc);
  CHECK(*Recorded("2026-03-01T03:30:00-04:30").instant_micros == eight_utc);
  CHECK(*Recorded("2026-03-01T08:00:00.5Z").instant_micros == eight_utc + 500'000);
  CHECK(*Recorded("2026-03-01T08:00:00.123456789Z").instant_micros == eight_utc + 123'456);
  CHECK(Recorded("2026-03-01T08:00:00Z").date == D("2026-03-01"));
  CHECK(Recorded("2026-03-01T16:00:00Z").date == D("2026-03-02"));  // midnight in UTC+8
}

TEST_CASE("the effective axis is the default and takes a date, or the local date of an instant", "[replay]") {
  const app::AsOf by_default = Parsed("2026-03-10", "");
  CHECK(by_default.axis == app::Axis::kEffective);
  CHECK(by_default.date == D("2026-03-10"));
  CHECK_FALSE(by_default.instant_micros.has_value());

  // 2026-03-09T16:30Z is 00:30 on 2026-03-10 in UTC+8.
  const app::AsOf instant = Effective("2026-03-09T16:30:00Z");
  CHECK(instant.axis == app::Axis::kEffective);
  CHECK(instant.date == D("2026-03-10"));
  CHECK_FALSE(instant.instant_micros.has_value());
  CHECK(Effective("2026-03-09T15:59:59Z").date == D("2026-03-09"));
}

TEST_CASE("the effective axis filters events by date and keeps log order, even out of date order", "[replay]") {
  History h;
  h.file().Accepted();
  h.file().Planned();
  h.RecordedAt("2026-03-02", 10, 0);
  std::vector<Event> events = h.events();
  REQUIRE(events.size() >= 3);
  events[0].effective_date = D("2026-03-02");
  events[1].effective_date = D("2026-03-05");  // the acceptance, dated after what follows it
  for (std::size_t i = 2; i < events.size(); ++i) events[i].effective_date = D("2026-03-03");

  const FileState state = app::StateAsOf(events, Effective("2026-03-03"));
  CHECK(state.version == events.size());  // the last event is included
  REQUIRE(state.current_cycle() != nullptr);
  CHECK_FALSE(state.current_cycle()->accepted.has_value());  // the acceptance is not
  CHECK_FALSE(state.audits.empty());
  CHECK(app::StateAsOf(events, Effective("2026-03-05")).current_cycle()->accepted == true);
}

TEST_CASE("as_of and axis that do not parse are refused naming the parameter", "[replay]") {
  RequireInvalid("2026-03-01", "both", "axis");
  RequireInvalid("2026-03-01", "Effective", "axis");
  RequireInvalid("2026-03-01", "RECORDED", "axis");
  for (const char* axis : {"effective", "recorded"}) {
    for (const char* as_of : {
             "",
             "yesterday",
             "2026-02-30",
             "2026-3-1",
             " 2026-03-01",
             "2026-03-01Z",
             "2026-03-01T08:00:00",  // no zone
             "2026-03-01 08:00:00Z",
             "2026-03-01T24:00:00Z",
             "2026-03-01T08:60:00Z",
             "2026-03-01T08:00:60Z",
             "2026-03-01T8:00:00Z",
             "2026-03-01T08:00:00.Z",
             "2026-03-01T08:00:00.1234567890Z",
             "2026-03-01T08:00:00+0800",
             "2026-03-01T08:00:00+08:60",
             "2026-03-01T08:00:00Z ",
             "1776",
         }) {
      RequireInvalid(as_of, axis, "as_of");
    }
  }
}
