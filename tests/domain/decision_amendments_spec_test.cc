// domain.md §9 amendments 1, 2 and 4 as specifications: a conditional approval
// needs every §9 pass mark, no certificate before the decision notice, every
// decision and lapse is notified, and a renewal carries the recertified items
// with its validity counted from the day after the previous one.
#include "support/domain_events.h"

using namespace certreg::testing;

namespace {

// Complete scores with a failed pass mark (9.4.3 = 40 < 95).
ScoresRecorded FailedMarks() {
  ScoresRecorded scores = Scored();
  scores.all_thresholds_met = false;
  return scores;
}

// A1 scored below a pass mark, the minor finding F1 open, reviewed: awaiting the decision.
std::vector<Event> ReviewedWithFailedMarks() {
  return History(InAudit(), FindingEv(), FailedMarks(), ReportSubmitted(), ReportApproved(), Reviewed());
}

// Conditional on F1 by 2026-04-30 and notified.
std::vector<Event> ConditionalHistory() {
  return History(InAudit(), FindingEv(), Scored(), ReportSubmitted(), ReportApproved(), Reviewed(),
                 DecidedConditionally(), Notified());
}

// The conditional approval lapsed on 2026-05-01, its notice due 2026-05-08.
ConditionalApprovalLapsed Lapsed() {
  return {.conditions_deadline = D("2026-04-30"), .notice_due_on = D("2026-05-08")};
}

DecisionNotified NotifiedOn(const char* on) { return {.notified_on = D(on), .channel = "email"}; }

// The certificate `issued`, then a recertification applied for with `form`,
// audited as A2 on `audited_scope` and approved, on 2028-12-01; notified when
// `notified`.
std::vector<Event> Recertified(const CertificateIssued& issued, const ApplicationForm& form,
                               const std::string& audited_scope, bool notified = true) {
  std::vector<Event> history = History(ApprovedHistory(), issued);
  const auto kind = AuditKind::kRecertification;
  AuditPlanned planned = AuditPlannedEv("A2", kind);
  planned.scope = audited_scope;
  RecertificationApplied applied = RecertificationAppliedEv(D("2028-12-01"));
  applied.form = form;
  std::vector<EventBody> bodies{applied,         Accepted(),           TeamAssigned("A2", kind), planned,
                                Scored("A2"),    ReportSubmitted("A2"), ReportApproved("A2"),     Reviewed("A2"),
                                Decided("A2")};
  if (notified) bodies.push_back(DecisionNotified{.notified_on = D("2028-12-01"), .channel = "email"});
  for (EventBody& body : bodies) history.push_back(At("2028-12-01", std::move(body)));
  return history;
}

std::vector<Event> Recertified(bool notified = true) {
  return Recertified(Issued(), ValidForm(), ValidForm().scope, notified);
}

}  // namespace

// --- §9.1 conditional approval needs every pass mark ----------------------------

TEST_CASE("a conditional approval on a failed pass mark is refused", "[spec][amendment][DecideCertification]") {
  Given(ReviewedWithFailedMarks())
      .When(DecideCertification{.outcome = DecisionOutcome::kConditional, .conditions_deadline = D("2026-04-30")},
            Committee())
      .ThenRejected(Code::kRejected, "awaiting_decision");
  // Rejection is still open to the committee.
  Given(ReviewedWithFailedMarks())
      .When(DecideCertification{.outcome = DecisionOutcome::kReject, .reason = "9.4.3 未达标"}, Committee())
      .Then(DecidedToReject("9.4.3 未达标"));
}

TEST_CASE("a conditional approval recorded on failed pass marks leads to no certificate",
          "[spec][amendment][FulfilConditions][IssueCertificate]") {
  // History recorded before the amendment: conditional on failed marks.
  const std::vector<Event> conditional =
      History(ReviewedWithFailedMarks(), DecidedConditionally(), Notified(), FindingClosedEv());
  Given(conditional).When(FulfilConditions{}, Committee()).ThenRejected(Code::kRejected, "conditions_pending");
  Given(conditional, ConditionsFulfilled{})
      .When(IssueCertificate{}, Clerk())
      .ThenRejected(Code::kRejected, "awaiting_issue");
}

// --- §9.2 the decision notice ---------------------------------------------------

TEST_CASE("no certificate is issued before the decision is notified", "[spec][amendment][IssueCertificate]") {
  const Outcome refused = Given(ReviewedHistory(), Decided()).When(IssueCertificate{}, Clerk());
  refused.ThenRejected(Code::kRejected, "awaiting_notice");
  CHECK(refused.decision().status().message().find("notice") != std::string::npos);
  // A renewal neither.
  Given(Recertified(/*notified=*/false))
      .On("2029-01-04")
      .When(IssueCertificate{}, Clerk())
      .ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("a lapsed conditional approval is notified once more, due five working days after the lapse",
          "[spec][amendment][NotifyDecision][time]") {
  Given(ConditionalHistory())
      .On("2026-05-06")
      .When(NotifyDecision{.notified_on = D("2026-05-06"), .channel = "email"}, Clerk())
      .Then(Lapsed(), NotifiedOn("2026-05-06"));
  Given(ConditionalHistory(), At("2026-05-01", Lapsed()))
      .On("2026-05-11")
      .When(NotifyDecision{.notified_on = D("2026-05-11"), .channel = "post"}, Clerk())
      .Then(DecisionNotified{.notified_on = D("2026-05-11"), .channel = "post", .late = true});
  // Exactly one notice after the lapse.
  Given(ConditionalHistory(), At("2026-05-01", Lapsed()), At("2026-05-06", NotifiedOn("2026-05-06")))
      .On("2026-05-07")
      .When(NotifyDecision{.notified_on = D("2026-05-07"), .channel = "email"}, Clerk())
      .ThenRejected(Code::kRejected, "closed");
}

TEST_CASE("a conditional approval that lapses before its notice is notified once for both",
          "[spec][amendment][NotifyDecision][time]") {
  const std::vector<Event> unnotified =
      History(InAudit(), FindingEv(), Scored(), ReportSubmitted(), ReportApproved(), Reviewed(),
              DecidedConditionally("2026-03-06"));
  Given(unnotified, At("2026-03-07", ConditionalApprovalLapsed{.conditions_deadline = D("2026-03-06"),
                                                               .notice_due_on = D("2026-03-13")}))
      .On("2026-03-10")
      .When(NotifyDecision{.notified_on = D("2026-03-10"), .channel = "email"}, Clerk())
      .Then(DecisionNotified{.notified_on = D("2026-03-10"), .channel = "email", .late = true});
}

TEST_CASE("a rejection is notified like an approval, and once", "[spec][amendment][NotifyDecision]") {
  const CertificationDecided rejected = DecidedToReject();
  Given(ReviewedHistory(), rejected)
      .When(NotifyDecision{.notified_on = kGivenOn, .channel = "email"}, Clerk())
      .Then(Notified());
  Given(ReviewedHistory(), rejected, Notified())
      .When(NotifyDecision{.notified_on = kGivenOn, .channel = "email"}, Clerk())
      .ThenRejected(Code::kRejected, "closed");
}

// --- §9.4 the renewal -------------------------------------------------------------

TEST_CASE("a renewal carries the recertified name, address and audited scope, each difference a change item",
          "[spec][amendment][IssueCertificate]") {
  ApplicationForm form = ValidForm();
  form.applicant.name = "杭州星河直播科技股份有限公司";
  form.applicant.address = "浙江省杭州市西湖区文三路100号";
  const std::string audited_scope = "电子商务直播售货质量管理（直播营销服务、直播间运营）";
  CertificateRenewed renewed = Renewed();
  renewed.holder_name = form.applicant.name;
  renewed.address = form.applicant.address;
  renewed.scope = audited_scope;
  renewed.changes = {{"holder_name", ValidForm().applicant.name, form.applicant.name},
                     {"address", ValidForm().applicant.address, form.applicant.address},
                     {"scope", ValidForm().scope, audited_scope}};
  Given(Recertified(Issued(), form, audited_scope)).On("2029-01-04").When(IssueCertificate{}, Clerk()).Then(renewed);
}

TEST_CASE("a renewal takes the application's scope when the audit states none", "[spec][amendment][IssueCertificate]") {
  ApplicationForm form = ValidForm();
  form.scope = "电子商务直播售货质量管理（直播带货）";
  Given(Recertified(Issued(), form, ""))
      .On("2029-01-04")
      .When(IssueCertificate{}, Clerk())
      .ThenEvents([&](const std::vector<Event>& events) {
        const auto& renewed = std::get<CertificateRenewed>(events.at(0).body);
        return renewed.scope == form.scope &&
               renewed.changes == std::vector<ChangedItem>{{"scope", ValidForm().scope, form.scope}};
      });
}

TEST_CASE("renewed validity runs from the day after the previous one for three years less a day, across 29 February",
          "[spec][amendment][IssueCertificate]") {
  CertificateIssued issued = Issued();
  issued.valid_until = D("2029-02-28");
  Given(Recertified(issued, ValidForm(), ValidForm().scope))
      .On("2029-01-04")
      .When(IssueCertificate{}, Clerk())
      .ThenEvents([](const std::vector<Event>& events) {
        const auto& renewed = std::get<CertificateRenewed>(events.at(0).body);
        return renewed.previous_valid_until == D("2029-02-28") && renewed.valid_from == D("2029-03-01") &&
               renewed.valid_until == D("2032-02-29");
      });
  // Renewed after the previous validity ended (still open): from the day after it all the same.
  Given(Recertified(issued, ValidForm(), ValidForm().scope))
      .On("2029-03-15")
      .When(IssueCertificate{}, Clerk())
      .ThenEvents([](const std::vector<Event>& events) {
        const auto* renewed = std::get_if<CertificateRenewed>(&events.back().body);
        return renewed != nullptr && renewed->valid_from == D("2029-03-01") && renewed->valid_until == D("2032-02-29");
      });
}

TEST_CASE("a first issue on 29 February is valid to 28 February three years on", "[spec][amendment][IssueCertificate]") {
  Given(ApprovedHistory())
      .On("2028-02-29")
      .When(IssueCertificate{}, Clerk())
      .ThenEvents([](const std::vector<Event>& events) {
        const auto& issued = std::get<CertificateIssued>(events.at(0).body);
        return issued.valid_from == D("2028-02-29") && issued.valid_until == D("2031-02-28");
      });
}

TEST_CASE("no renewal while a revocation proceeding is open", "[spec][amendment][IssueCertificate]") {
  Given(Recertified(), At("2028-12-01", ProceedingOpened()))
      .On("2029-01-04")
      .When(IssueCertificate{}, Clerk())
      .ThenRejected(Code::kRejected, "VALID");
}

TEST_CASE("a live salesperson's renewal shows no address", "[spec][amendment][IssueCertificate]") {
  ApplicationForm form = ValidForm();
  form.applicant.org_type = OrgType::kLiveSalesperson;
  form.applicant.uscc.clear();
  form.applicant.address = "上海市某区某路1号";
  CertificateIssued issued = Issued();
  issued.address.clear();
  issued.uscc.clear();
  Given(Recertified(issued, form, form.scope))
      .On("2029-01-04")
      .When(IssueCertificate{}, Clerk())
      .ThenEvents([](const std::vector<Event>& events) {
        const auto& renewed = std::get<CertificateRenewed>(events.at(0).body);
        return renewed.address.empty() && renewed.changes.empty();
      });
  Given(Recertified(issued, form, form.scope))
      .On("2029-01-04")
      .When(IssueCertificate{.address_kind = AddressKind::kOperating}, Clerk())
      .ThenInvalid({"address_kind"});
}
