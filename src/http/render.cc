#include "http/render.h"

#include <ctime>

#include "certreg/common/sha256.h"
#include "certreg/domain/time_rules.h"
#include "certreg/store/record_format.h"

namespace certreg::http {
namespace {

using nlohmann::json;

template <typename E>
json WireOrNull(const std::optional<E>& value) {
  return value ? json(std::string(domain::ToWire(*value))) : json(nullptr);
}

template <typename E>
json WireList(const std::vector<E>& values) {
  json out = json::array();
  for (const E& value : values) out.push_back(std::string(domain::ToWire(value)));
  return out;
}

// domain.md §9.3: the note a certificate past valid_until with its
// recertification open carries wherever it is shown, so that no one reads its
// status (有效) alone. Null otherwise.
void AddStatusNote(json& j, bool pending_past_expiry) {
  j["status_note"] = pending_past_expiry ? json("有效期已届满，再认证进行中，证书不得使用") : json(nullptr);
  j["status_note_en"] = pending_past_expiry
                            ? json("The validity period has ended and recertification is in progress: the "
                                   "certificate may not be used")
                            : json(nullptr);
}

json Ending(const projections::CertificateEnding& e, bool with_announcement) {
  json j = {{"date", e.date.ToString()},
            {"grounds", e.grounds},
            {"grounds_text", e.grounds_text_zh},
            {"grounds_text_en", e.grounds_text_en}};
  if (with_announcement) j["announced_on"] = DateOrNull(e.announced_on);
  return j;
}

// The fields a certificate shows wherever it is rendered: the public row
// (projections::CertificateRow) and the file's state (domain::CertificateState)
// name them alike. What differs between the two (uscc, address, validity,
// endings) each caller adds.
template <typename Certificate>
json CertificateFieldsJson(const Certificate& c) {
  return {{"certificate_no", c.number},
          {"holder_name", c.holder_name},
          {"former_names", c.former_names},
          {"address_kind", std::string(domain::ToWire(c.address_kind))},
          {"scope", c.scope},
          {"basis", c.basis},
          {"certification_body", c.certification_body},
          {"category", c.category},
          {"field", c.field},
          {"mode", c.mode},
          {"first_issued_on", c.first_issued_on.ToString()},
          {"issue_date", c.issue_date.ToString()},
          {"valid_from", c.valid_from.ToString()},
          {"valid_until", c.valid_until.ToString()},
          {"status", std::string(domain::ToWire(c.status))},
          {"status_since", c.status_since.ToString()},
          {"evaluation", EvaluationJson(c.evaluation)}};
}

}  // namespace

json DateOrNull(const std::optional<domain::Date>& date) { return date ? json(date->ToString()) : json(nullptr); }

std::string Instant(std::int64_t micros) {
  std::int64_t seconds = micros / 1'000'000;
  std::int64_t fraction = micros % 1'000'000;
  if (fraction < 0) {
    fraction += 1'000'000;
    seconds -= 1;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out = buf;
  if (fraction != 0) {
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%06lld", static_cast<long long>(fraction));
    std::string f = frac;
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out + "Z";
}

// --- public ---------------------------------------------------------------------

json EvaluationJson(const domain::EvaluationResults& e) {
  return {{"service_characteristic_score", e.service_characteristic},
          {"service_management_score", e.service_management},
          {"qms_result", std::string(domain::ToWire(e.qms))},
          {"enhancement_score", e.enhancement},
          {"comprehensive_score", e.comprehensive},
          {"areas",
           {{"quality", e.quality},
            {"efficiency", e.efficiency},
            {"effect", e.effect},
            {"organisation", e.organisation},
            {"personnel", e.personnel},
            {"goods", e.goods},
            {"live_information", e.live_information},
            {"consumer_protection", e.consumer_protection}}}};
}

json PublicCertificate(const projections::CertificateRow& row, domain::Date today) {
  json j = CertificateFieldsJson(row);
  j["uscc"] = row.uscc.empty() ? json(nullptr) : json(row.uscc);
  j["address"] = row.address_withheld ? json(nullptr) : json(row.address);
  j["in_validity"] = projections::InValidity(row, today);
  AddStatusNote(j, projections::RecertificationPendingPastExpiry(row, today));
  j["status_zh"] = std::string(domain::ChineseName(row.status));
  if (row.cancellation) j["cancellation"] = Ending(*row.cancellation, true);
  if (row.revocation) j["revocation"] = Ending(*row.revocation, false);
  if (row.suspension) j["suspension"] = Ending(*row.suspension, false);
  return j;
}

json ChangeJson(const projections::ChangeRow& row) {
  return {{"date", row.date.ToString()}, {"kind", row.kind},     {"content", row.content},
          {"before", row.before},        {"after", row.after},   {"reason", row.reason},
          {"approver", row.approver}};
}

json StatusRowJson(const projections::StatusRow& row) {
  json j = {{"date", row.date.ToString()},
            {"recorded_at", Instant(row.recorded_at_micros)},
            {"before", WireOrNull(row.before)},
            {"after", std::string(domain::ToWire(row.after))},
            {"reason", row.reason},
            {"approver", row.approver},
            {"event_type", row.event_type}};
  if (!row.grounds.empty()) {
    j["grounds"] = row.grounds;
    j["grounds_text"] = row.grounds_text_zh;
    j["grounds_text_en"] = row.grounds_text_en;
  }
  return j;
}

json PublicHistory(const std::vector<projections::ChangeRow>& changes,
                   const std::vector<projections::StatusRow>& statuses) {
  json j = {{"changes", json::array()}, {"status_history", json::array()}};
  for (const auto& c : changes) j["changes"].push_back(ChangeJson(c));
  for (const auto& s : statuses) j["status_history"].push_back(StatusRowJson(s));
  return j;
}

// --- staff ----------------------------------------------------------------------

json SurveillanceJson(const projections::SurveillanceRow& row) {
  return {{"date", row.date.ToString()},
          {"kind", std::string(domain::ToWire(row.kind))},
          {"conclusion", std::string(domain::ToWire(row.conclusion))},
          {"team_leader", row.team_leader},
          {"audit_id", row.audit_id}};
}

json WorkQueueItemJson(const projections::WorkQueueItem& item) {
  const projections::WorkQueueRow& r = item.row;
  return {{"file_id", r.file_id},
          {"holder", r.holder_name},
          {"stage", std::string(domain::ToWire(r.stage))},
          {"due_on", DateOrNull(r.due_on)},
          {"overdue_reasons", WireList(item.overdue_reasons)},
          {"certificate_no", r.certificate_no.empty() ? json(nullptr) : json(r.certificate_no)},
          {"status", WireOrNull(r.status)},
          {"version", r.version}};
}

namespace {

json CycleJson(const domain::CycleState& c) {
  json j = {{"recertification", c.recertification},
            {"received_on", c.received_on.ToString()},
            {"acceptance_due_on", c.due_on.ToString()},
            {"materials_requested", c.materials_requested},
            {"materials_outstanding", c.materials_outstanding},
            {"accepted", c.accepted ? json(*c.accepted) : json(nullptr)},
            {"withdrawn", c.withdrawn},
            {"audit_id", c.audit_id.empty() ? json(nullptr) : json(c.audit_id)},
            {"review", nullptr},
            {"decision", nullptr},
            {"notified_on", DateOrNull(c.notified_on)},
            {"conditions_fulfilled", c.conditions_fulfilled},
            {"lapsed", c.lapsed},
            {"lapse_notice_due_on", DateOrNull(c.lapse_notice_due_on)},
            {"lapse_notified_on", DateOrNull(c.lapse_notified_on)},
            {"notice_owed_by", DateOrNull(c.NoticeDue())},
            {"certificate_issued", c.certificate_issued},
            {"open", c.open()},
            {"closed_on", DateOrNull(c.closed_on)}};
  if (c.review) j["review"] = {{"audit_id", c.review->audit_id}, {"all_points_hold", c.review->all_points_hold}};
  if (c.decision) {
    const auto& d = *c.decision;
    j["decision"] = {{"outcome", std::string(domain::ToWire(d.outcome))},
                     {"conditional_findings", d.conditional_findings},
                     {"conditions_deadline", DateOrNull(d.conditions_deadline)},
                     {"decided_on", d.decided_on.ToString()},
                     {"notice_due_on", d.notice_due_on.ToString()},
                     {"audit_id", d.audit_id}};
  }
  return j;
}

json AuditJson(const domain::AuditState& a) {
  json j = {{"audit_id", a.id},
            {"kind", std::string(domain::ToWire(a.kind))},
            {"leader", a.leader},
            {"members", a.members},
            {"start_date", a.start_date.ToString()},
            {"onsite_days", a.onsite_days},
            {"trigger", a.trigger == domain::SpecialTrigger::kNone ? json(nullptr)
                                                                   : json(std::string(domain::ToWire(a.trigger)))},
            {"scope", a.scope},
            {"scores_recorded", a.scores.has_value()},
            {"report_submitted", a.report_submitted},
            {"recommendation", a.report_submitted ? json(std::string(domain::ToWire(a.recommendation))) : json(nullptr)},
            {"report_approved", a.report_approved},
            {"completed", a.completed},
            {"conclusion", WireOrNull(a.conclusion)}};
  if (a.scores) {
    j["comprehensive_score"] = a.scores->comprehensive;
    j["all_thresholds_met"] = a.scores->all_thresholds_met;
  }
  return j;
}

json CertificateStateJson(const domain::FileState& s, domain::Date today) {
  const domain::CertificateState& c = *s.certificate;
  json j = CertificateFieldsJson(c);
  j["uscc"] = c.uscc;
  j["address"] = c.address;
  j["in_validity"] = domain::InValidity(c, today);
  AddStatusNote(j, domain::RecertificationPendingPastExpiry(c.status, c.valid_until, domain::RecertificationOpen(s),
                                                            today));
  j["next_surveillance_due"] = c.next_surveillance_due.ToString();
  return j;
}

json EndingStateJson(const std::optional<domain::EndingState>& e) {
  if (!e) return nullptr;
  return {{"date", e->date.ToString()},
          {"grounds", e->grounds},
          {"reason", e->reason},
          {"announced_on", DateOrNull(e->announced_on)}};
}

}  // namespace

json FileStateJson(const domain::FileState& s, domain::Date today) {
  if (!s.exists) return nullptr;
  json j = {{"file_id", s.file_id},
            {"version", s.version},
            {"stage", std::string(domain::ToWire(domain::StageOf(s)))},
            {"due_on", DateOrNull(domain::DueOn(s))},
            {"overdue_reasons", WireList(domain::OverdueReasons(s, today))},
            {"last_effective_date", s.last_effective_date.ToString()},
            {"holder",
             {{"name", s.applicant.name},
              {"uscc", s.applicant.uscc},
              {"org_type", std::string(domain::ToWire(s.applicant.org_type))},
              {"address", s.applicant.address}}},
            {"scope", s.scope},
            {"scheme", {{"id", s.scheme.id}, {"version", s.scheme.version}, {"sha256", s.scheme.sha256}}},
            {"cycles", json::array()},
            {"audits", json::array()},
            {"findings", json::array()},
            {"complaints", s.complaints.get()},
            {"major_change_reports", s.major_change_reports.get()},
            {"certificate", s.certificate ? CertificateStateJson(s, today) : json(nullptr)},
            {"suspension", nullptr},
            {"revocation_proceeding", nullptr},
            {"surveillance_action", nullptr},
            {"special_audit_owed", nullptr},
            {"cancellation_requested", s.cancellation_requested},
            {"revoked", EndingStateJson(s.revoked)},
            {"cancelled", EndingStateJson(s.cancelled)}};
  for (const auto& c : s.cycles) j["cycles"].push_back(CycleJson(c));
  for (const auto& [id, a] : s.audits) j["audits"].push_back(AuditJson(a));
  for (const auto& [id, f] : s.findings) {
    j["findings"].push_back({{"finding_id", f.id},
                             {"audit_id", f.audit_id},
                             {"indicator", f.indicator},
                             {"grade", std::string(domain::ToWire(f.grade))},
                             {"correction_deadline", DateOrNull(f.correction_deadline)},
                             {"open", f.open}});
  }
  if (s.suspension) {
    const auto& p = *s.suspension;
    j["suspension"] = {{"grounds", p.grounds},
                       {"suspended_on", p.suspended_on.ToString()},
                       {"deadline", p.deadline.ToString()},
                       {"last_rectification_on", DateOrNull(p.last_rectification_on)},
                       {"rectification_unverified", p.rectification_unverified},
                       {"last_verification", p.last_verification ? json(*p.last_verification) : json(nullptr)},
                       {"verified_ok", p.verified_ok}};
  }
  if (s.revocation) {
    const auto& r = *s.revocation;
    j["revocation_proceeding"] = {{"grounds", r.grounds},
                                  {"details", r.details},
                                  {"audit_id", r.audit_id.empty() ? json(nullptr) : json(r.audit_id)},
                                  {"opened_on", r.opened_on.ToString()},
                                  {"notice_on", DateOrNull(r.notice_on)},
                                  {"appeal_deadline", DateOrNull(r.appeal_deadline)},
                                  {"appeal_filed_on", DateOrNull(r.appeal_filed_on)},
                                  {"appeal_pending", r.appeal_pending},
                                  {"appeal_outcome", WireOrNull(r.appeal_outcome)}};
  }
  if (s.surveillance_action) {
    j["surveillance_action"] = {{"audit_id", s.surveillance_action->audit_id},
                                {"conclusion", std::string(domain::ToWire(s.surveillance_action->conclusion))},
                                {"since", s.surveillance_action->since.ToString()}};
  }
  if (s.special_audit_owed) {
    j["special_audit_owed"] = {{"causes", s.special_audit_owed->causes},
                               {"since", s.special_audit_owed->since.ToString()}};
  }
  return j;
}

json ScoresEvaluationJson(const domain::Evaluation& e, const domain::Scheme& scheme) {
  json indicators = json::array();
  for (const auto& i : e.indicators) {
    const domain::IndicatorDef* def = scheme.FindIndicator(i.id);
    indicators.push_back({{"id", i.id},
                          {"name", i.name_zh},
                          {"name_en", def ? json(def->name_en) : json(nullptr)},
                          {"score", i.score ? json(*i.score) : json(nullptr)},
                          {"threshold", i.threshold},
                          {"pass", i.pass ? json(*i.pass) : json(nullptr)}});
  }
  return {{"indicators", indicators},
          {"areas", e.areas},
          {"enhancement", e.enhancement},
          {"service_characteristic_score", e.service_characteristic_score},
          {"service_management_score", e.service_management_score},
          {"enhancement_score", e.enhancement_score},
          {"comprehensive_score", e.comprehensive_score},
          {"complete", e.complete},
          {"all_thresholds_met", e.all_thresholds_met}};
}

json WriteResultJson(const app::CommandResult& r) {
  json j = {{"file_id", r.file_id}, {"version", r.version}, {"position", r.position}, {"events", json::array()}};
  if (r.certificate_no) j["certificate_no"] = *r.certificate_no;
  if (!r.audit_id.empty()) j["audit_id"] = r.audit_id;
  if (!r.finding_id.empty()) j["finding_id"] = r.finding_id;
  for (const auto& e : r.events) j["events"].push_back({{"type", e.type}, {"position", e.position}});
  return j;
}

// --- regulators -------------------------------------------------------------------

json EventJson(const store::ExportedEvent& exported) {
  const store::RecordedEvent& e = exported.header;
  json j = {{"position", e.position},
            {"stream_id", e.stream_id},
            {"version", e.stream_version},
            {"type", e.type},
            {"event_id", e.event_id},
            {"recorded_at", Instant(e.recorded_at_micros)},
            {"effective_date", e.effective_date},
            {"actor", {{"name", e.actor.name}, {"role", e.actor.role}, {"token_id", e.actor.token_id}}},
            {"correlation_id", e.correlation_id},
            {"prev_hash", ToHex(e.prev_hash)},
            {"hash", ToHex(e.hash)},
            {"data", nullptr}};
  // The payload's data in the API's vocabulary, as the store exports it.
  json data = json::parse(exported.data_json, nullptr, false);
  if (!data.is_discarded()) j["data"] = std::move(data);
  return j;
}

json WarningsJson(const std::vector<domain::RegistryWarning>& warnings) {
  json out = json::array();
  for (const domain::RegistryWarning& w : warnings) out.push_back({{"code", w.code}, {"message", w.message}});
  return out;
}

}  // namespace certreg::http
