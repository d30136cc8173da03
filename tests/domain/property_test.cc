// A property test of the rule: random command sequences over many seeds,
// decided as the service decides them (the time-driven events due by the
// command's date first, then Decide), with the clock moved between commands
// and sweeps at random. After every step the invariants of the status machine
// (domain.md §4), of the clocks and of the amendments of §9 must hold; a
// failure prints the seed and the steps that led there.
//
// The generator favours the step the procedure expects next (so most runs
// reach a certificate and live through surveillance, suspension, revocation,
// expiry and recertification) and mixes in any other command with random
// fields and random actors, committee members who sat on the audit team
// included, so that refusals are exercised as much as acceptances.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

#include "certreg/domain/grounds.h"
#include "domain/random_commands.h"
#include "support/lifecycle_fixture.h"

using namespace certreg::testing;
using namespace certreg::testing::random_commands;

namespace {

// 2,000 seeds of 90 steps take about two seconds; CERTREG_PROPERTY_SEEDS and
// CERTREG_PROPERTY_FIRST_SEED run more, or others (a failure names its seed).
constexpr int kSteps = 90;

std::uint32_t FromEnvironment(const char* name, std::uint32_t fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? static_cast<std::uint32_t>(std::stoul(value)) : fallback;
}

bool AllowedTransition(std::optional<CertificateStatus> from, std::optional<CertificateStatus> to) {
  using S = CertificateStatus;
  if (from == to) return true;
  if (!from) return to == S::kValid;  // the issue
  if (!to) return false;
  switch (*from) {
    case S::kValid: return *to == S::kSuspended || *to == S::kRevoked || *to == S::kCancelled;
    case S::kSuspended: return *to == S::kValid || *to == S::kRevoked || *to == S::kCancelled;
    case S::kRevoked:
    case S::kCancelled: return false;
  }
  return false;
}

std::optional<CertificateStatus> StatusOf(const FileState& s) {
  if (!s.certificate) return std::nullopt;
  return s.certificate->status;
}

// The recertification cycles begun since the certificate was last issued or renewed.
bool AppliedForRecertificationSinceIssue(const FileState& s) {
  for (auto it = s.cycles.rbegin(); it != s.cycles.rend(); ++it) {
    if (it->certificate_issued) return false;
    if (it->recertification) return true;
  }
  return false;
}

// The last day of three years from `from`: the day before its third
// anniversary, 29 February's being 1 March in a common year.
Date ThreeYearsLessADay(Date from) {
  if (from.month() == 2 && from.day() == 29) return Date::FromCivil(from.year() + 3, 3, 1).AddDays(-1);
  return from.AddYears(3).AddDays(-1);
}

bool HasClock(const FileState& s, OverdueReason reason) {
  for (const OverdueClock& clock : OverdueClocks(s)) {
    if (clock.reason == reason) return true;
  }
  return false;
}

// The audit a status act names as the one it rests on, if it names one.
std::string RestsOn(const Event& event) {
  if (const auto* e = std::get_if<CertificateSuspended>(&event.body)) return e->audit_id;
  if (const auto* e = std::get_if<RevocationProceedingOpened>(&event.body)) return e->audit_id;
  if (const auto* e = std::get_if<CertificateCancelled>(&event.body)) return e->audit_id;
  return "";
}

// Why one recorded event breaks the rule, or "" when it does not.
std::string CheckEvent(const FileState& before, const Event& event, const FileState& after) {
  std::ostringstream why;
  if (!AllowedTransition(StatusOf(before), StatusOf(after))) why << "status transition not allowed; ";
  if (before.certificate && (!after.certificate || after.certificate->number != before.certificate->number)) {
    why << "the certificate number changed; ";
  }
  if (before.ended() && !(after.certificate->status == before.certificate->status)) why << "an ended certificate moved; ";
  const CycleState* cycle = before.current_cycle();
  if (std::holds_alternative<CertificateIssued>(event.body) || std::holds_alternative<CertificateRenewed>(event.body)) {
    if (before.ended()) why << "issued on an ended certificate; ";
    if (cycle == nullptr || !cycle->approved()) why << "issued without an approved decision; ";
    if (cycle != nullptr && !cycle->notified_on) why << "issued before the decision notice (§9.2); ";
    if (before.revocation) why << "issued during a revocation proceeding (§9.4); ";
    const CertificateState& c = *after.certificate;
    if (c.valid_until != ThreeYearsLessADay(c.valid_from)) why << "validity is not three years less a day (§9.4); ";
  }
  if (const auto* renewed = std::get_if<CertificateRenewed>(&event.body)) {
    if (renewed->valid_from != before.certificate->valid_until.AddDays(1)) {
      why << "the renewal does not follow the previous validity (§9.4); ";
    }
  }
  if (const auto* decided = std::get_if<CertificationDecided>(&event.body)) {
    const AuditState& audit = before.audits.at(decided->audit_id);
    if (decided->outcome != DecisionOutcome::kReject && !(audit.scores && audit.scores->all_thresholds_met)) {
      why << "approved (" << ToWire(decided->outcome) << ") with a failed pass mark (§9.1); ";
    }
    if (audit.OnTeam(event.actor.name)) why << "decided by a member of the audit team; ";
  }
  if (const auto* cancelled = std::get_if<CertificateCancelled>(&event.body)) {
    if (event.actor.name == Actor::System().name) {
      if (before.revocation) why << "expiry cancelled during a revocation proceeding (§9.3); ";
      if (cancelled->grounds == grounds::kExpired && AppliedForRecertificationSinceIssue(before)) {
        why << "published as expired without a recertification application although one was made (§9.3); ";
      }
      if (cancelled->grounds != grounds::kExpired && !AppliedForRecertificationSinceIssue(before)) {
        why << "an expiry without recertification not on grounds 8.2.3-1 (§9.3); ";
      }
    }
  }
  if (std::holds_alternative<CertificateRevoked>(event.body) && before.revocation &&
      !before.revocation->audit_id.empty() && before.audits.count(before.revocation->audit_id) &&
      before.audits.at(before.revocation->audit_id).OnTeam(event.actor.name)) {
    why << "revoked by a member of the team of the audit the proceeding rests on (§9.8); ";
  }
  const bool live_after = after.certificate && !after.ended();
  // What the conclusion asks may already be in effect: a suspension, a proceeding.
  const bool asked_in_effect = [&] {
    const auto* completed = std::get_if<SurveillanceAuditCompleted>(&event.body);
    return completed != nullptr && (before.revocation || (completed->conclusion == SurveillanceConclusion::kSuspend &&
                                                          StatusOf(before) == CertificateStatus::kSuspended));
  }();
  if (const auto* completed = std::get_if<SurveillanceAuditCompleted>(&event.body);
      completed && live_after && completed->conclusion != SurveillanceConclusion::kMaintain && !asked_in_effect &&
      !HasClock(after, OverdueReason::kSurveillanceAction)) {
    why << "a " << ToWire(completed->conclusion) << " conclusion reaches no one (§9.6); ";
  }
  if ((std::holds_alternative<MajorChangeReported>(event.body) || std::holds_alternative<ComplaintReceived>(event.body)) &&
      live_after && !HasClock(after, OverdueReason::kSpecialAudit)) {
    why << "a change or complaint owes no special audit (§9.7); ";
  }
  if ((std::holds_alternative<CertificationMaintained>(event.body) ||
       std::holds_alternative<CertificateSuspended>(event.body) ||
       std::holds_alternative<RevocationProceedingOpened>(event.body)) &&
      HasClock(after, OverdueReason::kSurveillanceAction)) {
    why << "the committee acted and the surveillance action is still owed (§9.6); ";
  }
  if ((std::holds_alternative<SpecialAuditWaived>(event.body) ||
       (std::holds_alternative<AuditPlanned>(event.body) &&
        std::get<AuditPlanned>(event.body).kind == AuditKind::kSpecial)) &&
      HasClock(after, OverdueReason::kSpecialAudit)) {
    why << "a special audit was planned or waived and is still owed (§9.7); ";
  }
  const std::string rests_on = RestsOn(event);
  if (!rests_on.empty() && event.actor.role == "committee" && before.audits.count(rests_on) &&
      before.audits.at(rests_on).OnTeam(event.actor.name)) {
    why << EventTypeName(event.body) << " by a member of the team of audit " << rests_on << " it rests on (§9.8); ";
  }
  if (const auto* completed = std::get_if<SurveillanceAuditCompleted>(&event.body)) {
    const AuditState& audit = before.audits.at(completed->audit_id);
    if (after.certificate && audit.kind == AuditKind::kSurveillance &&
        after.certificate->next_surveillance_due != audit.start_date.AddMonths(12)) {
      why << "next surveillance not a year after the audit's start (§9.6); ";
    }
    if (after.certificate && audit.kind == AuditKind::kSpecial &&
        after.certificate->next_surveillance_due != before.certificate->next_surveillance_due) {
      why << "a special audit moved the next surveillance (§9.6); ";
    }
  }
  return why.str();
}

// Why the state reached breaks the rule on `today`, or "".
std::string CheckState(const FileState& s, Date today) {
  std::ostringstream why;
  if (s.certificate && InValidity(*s.certificate, today) && s.ended()) why << "an ended certificate in validity (§9.9); ";
  const CycleState* cycle = s.current_cycle();
  bool notice_clock = false;
  for (const OverdueClock& clock : OverdueClocks(s)) notice_clock = notice_clock || clock.reason == OverdueReason::kNotice;
  if (cycle != nullptr && cycle->decision && !cycle->notified_on && !notice_clock) {
    why << "a decision awaits its notice with no notice clock (§9.2); ";
  }
  if (s.certificate && !s.ended() && s.certificate->valid_until < s.certificate->valid_until_recorded_on &&
      today > s.certificate->valid_until && !s.revocation &&
      !HasClock(s, OverdueReason::kExpiry)) {
    why << "a certificate entered late past its validity is not listed as expiry (§9.3); ";
  }
  return why.str();
}

// After a sweep of `today`: what may still be live past its validity (§9.3).
std::string CheckAfterSweep(const FileState& s, Date today) {
  if (!s.certificate || s.ended() || today <= s.certificate->valid_until) return "";
  const CertificateState& c = *s.certificate;
  if (c.valid_until < c.valid_until_recorded_on) return "";  // entered late: listed as `expiry`, staff act
  if (s.revocation) return "";
  const CycleState* cycle = s.current_cycle();
  const bool recert_open = cycle != nullptr && cycle->recertification && cycle->open();
  if (recert_open && today <= c.valid_until.AddMonths(certreg::scheme::BuiltInScheme().recertification_grace_months)) {
    return "";
  }
  return "live on " + today.ToString() + " after its validity ended " + c.valid_until.ToString() +
         " with no recertification open for less than 6 months (§9.3); ";
}

}  // namespace

TEST_CASE("random command sequences keep the status machine, the clocks and the amendments of §9",
          "[domain][property]") {
  std::map<std::string, int> reached;  // how often each status and event was seen: the runs must cover them
  const std::uint32_t first = FromEnvironment("CERTREG_PROPERTY_FIRST_SEED", 1);
  const std::uint32_t seeds = FromEnvironment("CERTREG_PROPERTY_SEEDS", 2000);
  for (std::uint32_t seed = first; seed < first + seeds; ++seed) {
    Run run(seed);
    for (int step = 0; step < kSteps; ++step) {
      if (run.Chance(0.5)) run.Advance();
      const std::size_t swept_from = run.steps().size();
      if (run.Chance(0.15)) {
        run.Sweep();
        const std::string late = CheckAfterSweep(run.state(), run.today());
        INFO("seed " << seed << "\n" << run.trail());
        REQUIRE(late.empty());
        REQUIRE(TimeDrivenEvents(run.state(), run.today(), certreg::scheme::BuiltInScheme(), WorkingCalendar()).empty());
      }
      std::optional<std::pair<Command, Actor>> next;
      if (run.Chance(0.75)) next = ExpectedCommand(run);
      if (!next && run.Chance(0.7)) next = CertifiedCommand(run);
      if (!next) next = AnyCommand(run);
      std::optional<Date> effective;
      if (run.Chance(0.1)) effective = std::max(run.state().last_effective_date, run.today().AddDays(-run.Pick(30)));
      const std::size_t seen = run.steps().size();
      Decision decision = run.Apply(next->first, next->second, effective);
      if (!decision.ok()) {
        INFO("seed " << seed << "\n" << run.trail());
        if (decision.status().code() == Status::Code::kRejected) {
          REQUIRE_FALSE(decision.status().current_state().empty());  // names the state it was refused in
        }
        REQUIRE(run.steps().size() == seen);  // a refusal records nothing, the due events neither
        ++reached["refused"];
      }
      for (std::size_t i = swept_from; i < run.steps().size(); ++i) {
        const auto& [prior, event] = run.steps()[i];
        const FileState& after = i + 1 < run.steps().size() ? run.steps()[i + 1].first : run.state();
        const std::string broken = CheckEvent(prior, event, after);
        INFO("seed " << seed << ", event " << EventTypeName(event.body) << "\n" << run.trail());
        REQUIRE(broken.empty());
        ++reached[std::string(EventTypeName(event.body))];
      }
      const std::string broken = CheckState(run.state(), run.today());
      INFO("seed " << seed << "\n" << run.trail());
      REQUIRE(broken.empty());
      if (run.state().certificate) ++reached[std::string(ToWire(run.state().certificate->status))];
    }
  }
  // The runs are worth something only if they reach every status and the acts of §9.
  for (const char* wanted : {"VALID", "SUSPENDED", "REVOKED", "CANCELLED", "refused", "CertificateRenewed",
                             "ConditionalApprovalLapsed", "RevocationProceedingOpened", "SurveillanceAuditCompleted",
                             "CertificateReinstated", "RecertificationApplied", "CertificationMaintained",
                             "SpecialAuditWaived", "CertificateChanged"}) {
    INFO(wanted);
    CHECK(reached[wanted] > 0);
  }
}
