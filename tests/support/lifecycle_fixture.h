// Given / When / Then for the deciders: a file's history built through Decide
// itself, with the built-in scheme and a plain calendar. No storage.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "certreg/domain/decider.h"
#include "certreg/domain/time_rules.h"
#include "certreg/domain/uscc.h"
#include "certreg/scheme/scheme_loader.h"

namespace certreg::testing {

using namespace certreg::domain;
using certreg::Status;
// What Decide returns: the events, or why nothing is recorded.
using Decision = Result<std::vector<Event>>;

inline Date D(const char* text) { return *Date::Parse(text); }

// Users of the tests. wang.fang audits as a team member and also sits on the committee.
inline Actor Clerk() { return {"li.na", "clerk", "t-clerk"}; }
inline Actor Leader() { return {"zhang.wei", "auditor", "t-leader"}; }
inline Actor Member() { return {"wang.fang", "auditor", "t-member"}; }
inline Actor Committee() { return {"chen.jie", "committee", "t-committee"}; }
inline Actor ConflictedCommittee() { return {"wang.fang", "committee", "t-wang-committee"}; }

inline std::string ValidUscc(const std::string& first17 = "91330110MA2H3X4Y5") {
  return first17 + *UsccCheckCharacter(first17);
}

inline ApplicationForm ValidForm() {
  ApplicationForm f;
  f.applicant.name = "杭州星河直播电子商务有限公司";
  f.applicant.address = "浙江省杭州市余杭区文一西路998号";
  f.applicant.uscc = ValidUscc();
  f.applicant.org_type = OrgType::kLiveServiceAgency;
  f.personal = {"张伟", "李娜", "13800138000", "lina@example.cn", ""};
  f.declarations = {true, true, true, true};
  f.eligibility = {true, true, true, true, true};
  f.scope = "电子商务直播售货质量管理（直播营销服务）";
  return f;
}

// ValidForm of another holder: its own USCC (the n-th, n < 100), so that
// applications of several holders are no duplicates (domain.md §9.12).
inline ApplicationForm FormOf(int holder) {
  ApplicationForm f = ValidForm();
  f.applicant.uscc = ValidUscc("91330110MA2H3X4" + std::string(1, char('0' + holder / 10)) + char('0' + holder % 10));
  return f;
}

// Every indicator at 96 (all thresholds met), service figures, enhancement.
inline ScoresInput PassingScores() {
  ScoresInput s;
  for (const auto& indicator : scheme::BuiltInScheme().indicators) s.management[indicator.id] = 96;
  s.service = {{"quality", 88}, {"efficiency", 90}, {"effect", 86}};
  s.enhancement = {{"technical_innovation", 70}, {"customer_satisfaction", 90}};
  return s;
}

class Lifecycle {
 public:
  Lifecycle() { state_.file_id = "F-1"; }

  const FileState& state() const { return state_; }
  const std::vector<Event>& history() const { return history_; }
  Date today() const { return today_; }
  void SetToday(Date d) { today_ = d; }
  void SetToday(const char* d) { today_ = D(d); }

  CommandContext Context(const Actor& actor, std::optional<Date> effective = std::nullopt) const {
    CommandContext c;
    c.file_id = "F-1";
    c.today = today_;
    c.effective_date = effective.value_or(today_);
    c.actor = actor;
    c.scheme = &scheme::BuiltInScheme();
    c.calendar = &calendar_;
    c.new_certificate_no = "CMM-525-2026-00001";
    return c;
  }

  // Decides without recording.
  Decision Try(const Command& command, const Actor& actor, std::optional<Date> effective = std::nullopt) const {
    return Decide(command, state_, Context(actor, effective));
  }

  // Decides, requires success, records the events; returns their type names.
  std::vector<std::string> Do(const Command& command, const Actor& actor, std::optional<Date> effective = std::nullopt) {
    Decision d = Try(command, actor, effective);
    if (!d.ok()) {
      std::string errors;
      for (const auto& e : d.status().field_errors()) errors += " " + e.field + ": " + e.message + ";";
      FAIL("refused " << CommandName(command) << ": " << d.status().message() << errors);
    }
    return Record(std::move(d).value());
  }

  // Runs the time-driven rules up to today and records what they append.
  std::vector<std::string> Sweep() { return Record(TimeDrivenEvents(state_, today_, scheme::BuiltInScheme(), calendar_)); }

  std::vector<std::string> Record(std::vector<Event> events) {
    std::vector<std::string> types;
    for (Event& e : events) {
      e.version = state_.version + 1;
      types.emplace_back(EventTypeName(e.body));
      state_ = Evolve(std::move(state_), e);
      history_.push_back(std::move(e));
    }
    return types;
  }

  // --- Stages, each building on the previous one. ---
  void Submitted() {
    HolderAct act{today_, "email"};
    Do(SubmitApplication{ValidForm(), act}, Clerk());
  }
  void Accepted() {
    Submitted();
    Do(DecideAcceptance{true, ""}, Clerk());
  }
  // A plan of a `kind` audit led by Leader(), from today for two days at one
  // site; the case adds what it needs (a trigger, members, a scope).
  PlanAudit PlanOf(AuditKind kind) const {
    PlanAudit plan;
    plan.kind = kind;
    plan.leader = Leader().name;
    plan.start_date = today_;
    plan.onsite_days = 2;
    plan.sites = {"杭州"};
    return plan;
  }
  // Plans the initial (or recertification) audit; returns its id.
  std::string Planned(AuditKind kind = AuditKind::kInitial) {
    PlanAudit plan;
    plan.kind = kind;
    plan.leader = Leader().name;
    plan.members = {Member().name};
    plan.start_date = today_;
    plan.onsite_days = kind == AuditKind::kInitial || kind == AuditKind::kRecertification ? 5 : 2;
    plan.sites = {"杭州总部"};
    plan.scope = "电子商务直播售货质量管理（直播营销服务）";
    if (kind == AuditKind::kSpecial) plan.trigger = SpecialTrigger::kComplaint;
    Do(plan, Leader());
    return "A" + std::to_string(state_.audit_count);
  }
  // Scored, reported, approved and reviewed: ready for a decision.
  std::string Reviewed(AuditKind kind = AuditKind::kInitial) {
    std::string audit = Planned(kind);
    Do(RecordScores{audit, PassingScores()}, Leader());
    Do(SubmitReport{audit, "符合认证要求", DecisionOutcome::kApprove, std::nullopt}, Leader());
    Do(ApproveReport{audit}, Committee());
    Do(ReviewFile{true, true, true, "审查通过"}, Committee());
    return audit;
  }
  // Accepted, then decided CONDITIONAL on one open minor finding (F1, by the
  // leader) with conditions due on `deadline`; not yet notified. Returns the audit id.
  std::string ConditionallyApproved(const char* deadline) {
    Accepted();
    std::string audit = Planned();
    Do(RecordScores{audit, PassingScores()}, Leader());
    Do(RecordFinding{audit, "9.2.2", FindingGrade::kMinor, "培训记录不全", "", std::nullopt}, Leader());
    Do(SubmitReport{audit, "轻微不符合", DecisionOutcome::kConditional, std::nullopt}, Leader());
    Do(ApproveReport{audit}, Committee());
    Do(ReviewFile{true, true, true, ""}, Committee());
    Do(DecideCertification{DecisionOutcome::kConditional, "", D(deadline)}, Committee());
    return audit;
  }
  void Approved() {
    Accepted();
    Reviewed();
    Do(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee());
    Do(NotifyDecision{today_, "email"}, Clerk());
  }
  void Certified() {
    Approved();
    Do(IssueCertificate{}, Clerk());
  }
  // Certified, then revoked on grounds 8.2.2-2 after a notice whose appeal
  // window closed on 2026-03-20; today is then 2026-03-21.
  void Revoked() {
    Certified();
    Do(OpenRevocationProceeding{"8.2.2-2", "提供虚假材料", ""}, Committee());
    Do(IssueRevocationNotice{D("2026-03-20")}, Clerk());
    SetToday("2026-03-21");
    Do(RevokeCertificate{"调查属实", "陈杰"}, Committee());
  }
  void Suspended(const char* deadline = "2026-06-30") {
    Certified();
    Do(SuspendCertificate{"8.2.1-3", "一般违法违规行为", "整改直播信息审核流程", D(deadline), "主任 陈杰"}, Committee());
  }

 private:
  FileState state_;
  std::vector<Event> history_;
  Date today_ = D("2026-03-02");
  WorkingCalendar calendar_;
};

inline std::vector<std::string> Types(const Decision& d) {
  std::vector<std::string> out;
  for (const auto& e : d.value()) out.emplace_back(EventTypeName(e.body));
  return out;
}

// The decision is a refusal with `code` and `subcode` (a refusal records nothing: it has no events).
inline void RequireRefused(const Decision& d, Status::Code code, Status::SubCode subcode = Status::SubCode::kNone) {
  REQUIRE_FALSE(d.ok());
  CHECK(Status::CodeName(d.status().code()) == std::string(Status::CodeName(code)));
  CHECK(static_cast<int>(d.status().subcode()) == static_cast<int>(subcode));
}

inline bool HasError(const Decision& d, const std::string& field) {
  if (d.ok()) return false;
  for (const auto& e : d.status().field_errors()) {
    if (e.field == field) return true;
  }
  return false;
}

}  // namespace certreg::testing
