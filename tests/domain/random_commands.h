// Random commands for the property test of the rule (property_test.cc): a
// run of one file decided as the service decides it, with its own clock and
// random source, and the commands drawn for it: the step the procedure
// expects next, what a certified file does next, or any command with random
// fields by a random user (committee members who sat on the audit team
// included). Deterministic for a seed.
#pragma once

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "support/lifecycle_fixture.h"

namespace certreg::testing::random_commands {

// Users: the committee member wang.fang also audits (ConflictedCommittee).
inline const Actor kActors[] = {Clerk(), Leader(), Member(), Committee(), ConflictedCommittee()};

class Run {
 public:
  explicit Run(std::uint32_t seed) : rng_(seed), seed_(seed) { state_.file_id = "F-1"; }

  std::uint32_t seed() const { return seed_; }
  const FileState& state() const { return state_; }
  const std::string& trail() const { return trail_; }

  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  // Moves the clock: mostly days, sometimes months, rarely years.
  void Advance() {
    const int r = Pick(100);
    const int days = r < 60 ? Pick(8) : r < 90 ? 8 + Pick(60) : r < 98 ? 60 + Pick(300) : 365 + Pick(800);
    today_ = today_.AddDays(days);
  }

  Date today() const { return today_; }

  // Decides `command` as the service does on `effective` (default today):
  // due events first; on a refusal nothing is recorded (neither the due
  // events nor the command's). Returns the decision.
  Decision Apply(Command command, const Actor& actor, std::optional<Date> effective = std::nullopt) {
    const Date on = effective.value_or(today_);
    // A body's own date is the command's (as a client sends it).
    std::visit(
        [on](auto& c) {
          if constexpr (requires { c.act.received_on; }) c.act.received_on = on;
          if constexpr (std::is_same_v<std::decay_t<decltype(c)>, NotifyDecision>) c.notified_on = on;
        },
        command);
    FileState state = state_;
    std::vector<Event> due;
    if (!std::holds_alternative<SubmitApplication>(command) && on <= today_) {
      due = TimeDrivenEvents(state, on, certreg::scheme::BuiltInScheme(), calendar_);
      for (Event& e : due) state = Evolve(std::move(state), Stamp(e, state));
    }
    Decision decision = Decide(command, state, Context(actor, on));
    Note(std::string(CommandName(command)) + " by " + actor.name + " on " + on.ToString() +
         (decision.ok() ? " -> " + Names(decision.value()) : " refused: " + decision.status().message()));
    if (!decision.ok()) return decision;
    for (Event& e : due) Commit(std::move(e));
    for (const Event& e : decision.value()) Commit(Event(e));
    return decision;
  }

  // The sweep of today.
  std::vector<Event> Sweep() {
    std::vector<Event> events = TimeDrivenEvents(state_, today_, certreg::scheme::BuiltInScheme(), calendar_);
    Note("sweep on " + today_.ToString() + " -> " + Names(events));
    for (Event& e : events) Commit(std::move(e));
    return events;
  }

  const std::vector<std::pair<FileState, Event>>& steps() const { return steps_; }

 private:
  CommandContext Context(const Actor& actor, Date on) const {
    CommandContext c;
    c.file_id = "F-1";
    c.today = today_;
    c.effective_date = on;
    c.actor = actor;
    c.scheme = &certreg::scheme::BuiltInScheme();
    c.calendar = &calendar_;
    c.new_certificate_no = "CMM-525-2026-00001";
    return c;
  }
  static Event& Stamp(Event& e, const FileState& before) {
    e.version = before.version + 1;
    return e;
  }
  void Commit(Event e) {
    Stamp(e, state_);
    FileState before = state_;
    state_ = Evolve(std::move(state_), e);
    steps_.emplace_back(std::move(before), std::move(e));
  }
  static std::string Names(const std::vector<Event>& events) {
    std::string out;
    for (const Event& e : events) out += (out.empty() ? "" : ", ") + std::string(EventTypeName(e.body));
    return out.empty() ? "(none)" : out;
  }
  void Note(const std::string& line) {
    trail_ += "  " + line + "\n";
    if (trail_.size() > 24000) trail_.erase(0, trail_.size() - 24000);  // the last steps tell the story
  }

  std::mt19937 rng_;
  std::uint32_t seed_;
  FileState state_;
  Date today_ = D("2026-03-02");
  WorkingCalendar calendar_;
  std::vector<std::pair<FileState, Event>> steps_;
  std::string trail_;
};

// A scores input: every indicator passing, or one or two failing.
inline ScoresInput RandomScores(Run& run) {
  ScoresInput s = PassingScores();
  if (run.Chance(0.25)) s.management["9.1.1"] = 10 + run.Pick(60);
  if (run.Chance(0.1)) s.management["9.4.3"] = 40;
  return s;
}

inline std::string AnyAuditId(Run& run, const FileState& s) {
  if (s.audits.empty() || run.Chance(0.05)) return "A" + std::to_string(run.Pick(9) + 1);
  auto it = s.audits.begin();
  std::advance(it, run.Pick(static_cast<int>(s.audits.size())));
  return it->first;
}

inline std::string AnyFindingId(Run& run, const FileState& s) {
  for (const auto& [id, f] : s.findings) {
    if (f.open && run.Chance(0.7)) return id;
  }
  return "F" + std::to_string(run.Pick(5) + 1);
}

inline PlanAudit Plan(Run& run, AuditKind kind) {
  PlanAudit plan;
  plan.kind = kind;
  plan.leader = Leader().name;
  if (run.Chance(0.6)) plan.members = {Member().name};
  plan.start_date = run.today().AddDays(-run.Pick(3));
  plan.onsite_days = kind == AuditKind::kInitial || kind == AuditKind::kRecertification ? 5 : 2;
  plan.sites = {"杭州总部"};
  plan.scope = run.Chance(0.8) ? ValidForm().scope : "电子商务直播售货质量管理（直播平台运营）";
  if (kind == AuditKind::kSpecial) plan.trigger = run.Chance(0.5) ? SpecialTrigger::kComplaint : SpecialTrigger::kMajorChange;
  return plan;
}

inline Actor CommitteeActor(Run& run) { return run.Chance(0.15) ? ConflictedCommittee() : Committee(); }

inline std::string SuspensionGrounds(Run& run) { return "8.2.1-" + std::to_string(run.Pick(4) + 1); }
inline std::string RevocationGrounds(Run& run) { return "8.2.2-" + std::to_string(run.Pick(5) + 1); }
inline std::string CancellationGrounds(Run& run) { return "8.2.3-" + std::to_string(run.Pick(4) + 1); }

// Any command, its fields drawn at random, by a random user.
inline std::pair<Command, Actor> AnyCommand(Run& run) {
  const FileState& s = run.state();
  const Date t = run.today();
  const HolderAct act{t, "email"};
  const Actor who = kActors[run.Pick(5)];
  switch (run.Pick(36)) {
    case 0: return {RequestMaterials{{"qms_documents"}}, Clerk()};
    case 1: return {SupplementMaterials{{"qms_documents"}, act}, Clerk()};
    case 2: return {DecideAcceptance{run.Chance(0.8), "材料不全"}, Clerk()};
    case 3: return {WithdrawApplication{"撤回", act}, Clerk()};
    case 4: return {Plan(run, static_cast<AuditKind>(run.Pick(4))), Leader()};
    case 5: {
      const FindingGrade grade = static_cast<FindingGrade>(run.Pick(3));
      std::optional<Date> deadline;
      if (run.Chance(0.8)) deadline = t.AddDays(10 + run.Pick(40));
      return {RecordFinding{AnyAuditId(run, s), run.Chance(0.8) ? "9.4.3" : "9.1.1", grade, "不符合", "", deadline},
              Leader()};
    }
    case 6: return {CloseFinding{AnyFindingId(run, s), "已纠正", "已验证"}, Leader()};
    case 7: return {RecordScores{AnyAuditId(run, s), RandomScores(run)}, Leader()};
    case 8: return {SubmitReport{AnyAuditId(run, s), "结论", static_cast<DecisionOutcome>(run.Pick(3)), std::nullopt}, who};
    case 9: return {ApproveReport{AnyAuditId(run, s)}, CommitteeActor(run)};
    case 10: return {CompleteSurveillanceAudit{AnyAuditId(run, s), static_cast<SurveillanceConclusion>(run.Pick(3))},
                     Leader()};
    case 11: return {ReviewFile{true, run.Chance(0.9), true, ""}, CommitteeActor(run)};
    case 12: {
      const DecisionOutcome outcome = static_cast<DecisionOutcome>(run.Pick(3));
      std::optional<Date> deadline;
      if (outcome == DecisionOutcome::kConditional) deadline = t.AddDays(20 + run.Pick(60));
      return {DecideCertification{outcome, "理由", deadline}, CommitteeActor(run)};
    }
    case 13: return {NotifyDecision{t, "email"}, Clerk()};
    case 14: return {FulfilConditions{}, CommitteeActor(run)};
    case 15: return {IssueCertificate{}, Clerk()};
    case 16: {
      ChangeCertificate c;
      c.holder_name = "星河直播有限公司" + std::to_string(run.Pick(3));
      if (run.Chance(0.3)) {
        c.scope = "电子商务直播售货质量管理（直播平台运营）";
        c.scope_extension = true;
      }
      c.reason = "更名";
      c.approver = "陈杰";
      c.act = act;
      return {c, Clerk()};
    }
    case 17: return {ReportMajorChange{"变更法定代表人", act}, Clerk()};
    case 18: return {ReceiveComplaint{"虚假宣传", act, {}}, Clerk()};
    case 19: return {RecordSurveillanceRefusal{"拒绝监督审核"}, Clerk()};
    case 20: {
      SuspendCertificate c{SuspensionGrounds(run), "情形", "整改", t.AddDays(15 + run.Pick(60)), "陈杰"};
      if (run.Chance(0.4)) c.audit_id = AnyAuditId(run, s);
      return {c, CommitteeActor(run)};
    }
    case 21: return {SubmitRectification{"已整改", "", act}, Clerk()};
    case 22: return {VerifyRectification{run.Chance(0.7), "陈杰"}, CommitteeActor(run)};
    case 23: return {ReinstateCertificate{"陈杰"}, CommitteeActor(run)};
    case 24: {
      OpenRevocationProceeding c{RevocationGrounds(run), "情形", ""};
      if (run.Chance(0.5)) c.audit_id = AnyAuditId(run, s);
      return {c, CommitteeActor(run)};
    }
    case 25: return {CloseRevocationProceeding{"查无实据"}, CommitteeActor(run)};
    case 26: return {IssueRevocationNotice{t.AddDays(5 + run.Pick(20))}, Clerk()};
    case 27: return {FileAppeal{"不服", act}, Clerk()};
    case 28: {
      const AppealOutcome outcome = run.Chance(0.5) ? AppealOutcome::kUpheld : AppealOutcome::kDismissed;
      std::optional<Date> deadline;
      if (outcome == AppealOutcome::kUpheld && run.Chance(0.7)) deadline = t.AddDays(30);
      return {DecideAppeal{outcome, "复核", deadline}, CommitteeActor(run)};
    }
    case 29: return {RevokeCertificate{"撤销", "陈杰"}, CommitteeActor(run)};
    case 30: return {RequestCancellation{"主动注销", act}, Clerk()};
    case 31: {
      CancelCertificate c{CancellationGrounds(run), "注销", "陈杰", std::nullopt};
      if (run.Chance(0.3)) c.audit_id = AnyAuditId(run, s);
      return {c, CommitteeActor(run)};
    }
    case 33: return {MaintainCertification{"整改到位，维持认证"}, CommitteeActor(run)};
    case 34: return {WaiveSpecialAudit{"投诉不实，无需专项审核"}, CommitteeActor(run)};
    case 32: return {AnnounceCancellation{}, Clerk()};
    default: {
      ApplicationForm form = ValidForm();
      if (run.Chance(0.2)) form.scope = "电子商务直播售货质量管理（直播平台运营）";
      return {ApplyForRecertification{form, act}, Clerk()};
    }
  }
}

// The step the procedure expects next, or nullopt when none stands out.
inline std::optional<std::pair<Command, Actor>> ExpectedCommand(Run& run) {
  const FileState& s = run.state();
  const Date t = run.today();
  const HolderAct act{t, "email"};
  if (!s.exists) return std::pair<Command, Actor>{SubmitApplication{ValidForm(), act}, Clerk()};
  const CycleState* cycle = s.current_cycle();
  if (cycle != nullptr && cycle->open()) {
    if (!cycle->accepted) return std::pair<Command, Actor>{DecideAcceptance{run.Chance(0.9), "材料不全"}, Clerk()};
    const AuditState* audit = nullptr;
    if (auto it = s.audits.find(cycle->audit_id); it != s.audits.end()) audit = &it->second;
    if (audit == nullptr) {
      return std::pair<Command, Actor>{
          Plan(run, cycle->recertification ? AuditKind::kRecertification : AuditKind::kInitial), Leader()};
    }
    if (!cycle->decision) {
      if (!audit->scores || !audit->scores->complete) {
        return std::pair<Command, Actor>{RecordScores{audit->id, RandomScores(run)}, Leader()};
      }
      if (!audit->report_submitted) {
        if (run.Chance(0.3)) {
          return std::pair<Command, Actor>{
              RecordFinding{audit->id, "9.2.2", run.Chance(0.8) ? FindingGrade::kMinor : FindingGrade::kMajor,
                            "记录不全", "", std::nullopt},
              Leader()};
        }
        return std::pair<Command, Actor>{SubmitReport{audit->id, "结论", DecisionOutcome::kApprove, std::nullopt},
                                         Leader()};
      }
      if (!audit->report_approved) return std::pair<Command, Actor>{ApproveReport{audit->id}, CommitteeActor(run)};
      if (!cycle->review || cycle->review->version <= audit->report_approved_version) {
        return std::pair<Command, Actor>{ReviewFile{true, true, true, ""}, CommitteeActor(run)};
      }
      const int r = run.Pick(10);
      const DecisionOutcome outcome =
          r < 6 ? DecisionOutcome::kApprove : r < 9 ? DecisionOutcome::kConditional : DecisionOutcome::kReject;
      std::optional<Date> deadline;
      if (outcome == DecisionOutcome::kConditional) deadline = t.AddDays(20 + run.Pick(60));
      if (outcome == DecisionOutcome::kApprove && run.Chance(0.5)) {
        for (const auto& [id, f] : s.findings) {
          if (f.audit_id == audit->id && f.open) return std::pair<Command, Actor>{CloseFinding{id, "纠正", "验证"}, Leader()};
        }
      }
      return std::pair<Command, Actor>{DecideCertification{outcome, "理由", deadline}, CommitteeActor(run)};
    }
    if (!cycle->notified_on && run.Chance(0.85)) return std::pair<Command, Actor>{NotifyDecision{t, "email"}, Clerk()};
    if (cycle->decision->outcome == DecisionOutcome::kConditional && !cycle->conditions_fulfilled) {
      for (const std::string& id : cycle->decision->conditional_findings) {
        if (s.findings.at(id).open) return std::pair<Command, Actor>{CloseFinding{id, "纠正", "验证"}, Leader()};
      }
      return std::pair<Command, Actor>{FulfilConditions{}, CommitteeActor(run)};
    }
    return std::pair<Command, Actor>{IssueCertificate{}, Clerk()};
  }
  return std::nullopt;
}

// What a certified file does next in an orderly life: its surveillance when
// due, recertification before expiry, the steps of a suspension or a
// revocation proceeding; nullopt when nothing stands out.
inline std::optional<std::pair<Command, Actor>> CertifiedCommand(Run& run) {
  const FileState& s = run.state();
  if (!s.certificate || s.ended()) return std::nullopt;
  const CertificateState& c = *s.certificate;
  const Date t = run.today();
  const HolderAct act{t, "email"};
  for (const auto& [id, audit] : s.audits) {
    const bool followup = audit.kind == AuditKind::kSurveillance || audit.kind == AuditKind::kSpecial;
    if (!followup || audit.completed) continue;
    if (!audit.scores) return std::pair<Command, Actor>{RecordScores{id, RandomScores(run)}, Leader()};
    const int r = run.Pick(10);
    const SurveillanceConclusion conclusion =
        r < 7 ? SurveillanceConclusion::kMaintain : r < 9 ? SurveillanceConclusion::kSuspend : SurveillanceConclusion::kRevoke;
    return std::pair<Command, Actor>{CompleteSurveillanceAudit{id, conclusion}, Leader()};
  }
  if (s.revocation) {
    if (!s.revocation->notice_on) return std::pair<Command, Actor>{IssueRevocationNotice{t.AddDays(15)}, Clerk()};
    if (s.revocation->appeal_pending) {
      return std::pair<Command, Actor>{DecideAppeal{AppealOutcome::kDismissed, "维持", std::nullopt}, CommitteeActor(run)};
    }
    if (run.Chance(0.3)) return std::pair<Command, Actor>{FileAppeal{"不服", act}, Clerk()};
    return std::pair<Command, Actor>{RevokeCertificate{"撤销", "陈杰"}, CommitteeActor(run)};
  }
  if (s.surveillance_action && run.Chance(0.6)) {
    const int r = run.Pick(3);
    if (r == 0) return std::pair<Command, Actor>{MaintainCertification{"维持"}, CommitteeActor(run)};
    if (r == 1 && !s.suspension) {
      return std::pair<Command, Actor>{SuspendCertificate{"8.2.1-4", "审核结论", "整改", t.AddDays(30), "陈杰"},
                                       CommitteeActor(run)};
    }
    return std::pair<Command, Actor>{OpenRevocationProceeding{"8.2.2-1", "严重不符合", ""}, CommitteeActor(run)};
  }
  if (s.special_audit_owed && run.Chance(0.6)) {
    if (run.Chance(0.5)) return std::pair<Command, Actor>{WaiveSpecialAudit{"无需"}, CommitteeActor(run)};
    return std::pair<Command, Actor>{Plan(run, AuditKind::kSpecial), Leader()};
  }
  if (s.suspension) {
    if (s.suspension->rectification_unverified) {
      return std::pair<Command, Actor>{VerifyRectification{run.Chance(0.8), "陈杰"}, CommitteeActor(run)};
    }
    if (s.suspension->verified_ok) return std::pair<Command, Actor>{ReinstateCertificate{"陈杰"}, CommitteeActor(run)};
    return std::pair<Command, Actor>{SubmitRectification{"已整改", "", act}, Clerk()};
  }
  const CycleState* cycle = s.current_cycle();
  const bool recert_open = cycle != nullptr && cycle->recertification && cycle->open();
  if (!recert_open && t >= c.valid_until.AddDays(-120) && run.Chance(0.7)) {
    return std::pair<Command, Actor>{ApplyForRecertification{ValidForm(), act}, Clerk()};
  }
  if (t >= c.next_surveillance_due.AddDays(-60)) return std::pair<Command, Actor>{Plan(run, AuditKind::kSurveillance), Leader()};
  return std::nullopt;
}

}  // namespace certreg::testing::random_commands
