// Helpers for the projection tests: files driven through the domain by
// Lifecycle, projected into in-memory tables either command by command or
// all at once from the log.
#pragma once

#include <utility>

#include <string>
#include <vector>

#include "certreg/codec/row_codec.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/project.h"
#include "certreg/projections/query.h"
#include "certreg/projections/row_reader.h"
#include "certreg/projections/rows.h"
#include "support/lifecycle_fixture.h"

namespace certreg::testing {

using namespace certreg::projections;
using codec::DecodeCertificateRow;
using codec::DecodeChangeRow;
using codec::DecodeStatusRow;
using codec::DecodeSurveillanceRow;
using codec::DecodeWorkQueueRow;
using codec::EncodeCertificateRow;
using codec::EncodeChangeRow;
using codec::EncodeStatusRow;
using codec::EncodeSurveillanceRow;
using codec::EncodeWorkQueueRow;
using certreg::Status;

inline const Scheme& TheScheme() { return scheme::BuiltInScheme(); }

// The file's history as the log gives it: recorded-at set from the version.
inline std::vector<Event> Stamped(const Lifecycle& f) {
  std::vector<Event> events = f.history();
  for (Event& e : events) e.recorded_at_micros = 1'772'400'000'000'000 + static_cast<std::int64_t>(e.version) * 1000;
  return events;
}

// A command's events (`events`, the file's next after `before`) folded as
// the command handler folds them while it decides: through a
// CommandProjection, their recording instant not known yet (0).
struct FoldedCommand {
  CommandProjection projection;
  FileState after;
};
inline FoldedCommand FoldAsCommand(const FileState& before, std::vector<Event>& events) {
  FoldedCommand folded{CommandProjection(before), before};
  for (Event& e : events) {
    e.recorded_at_micros = 0;
    folded.projection.Fold(folded.after, e, TheScheme());
  }
  return folded;
}

// Projects `events` in consecutive chunks of `chunk` events (0: all at once,
// as a rebuild does), each from the state the earlier ones fold to.
inline void ProjectInChunks(MemoryTables& tables, const std::string& file_id, const std::vector<Event>& events,
                            std::size_t chunk) {
  if (chunk == 0) {
    tables.Apply(ProjectHistory(file_id, events, TheScheme()));
    return;
  }
  FileState before;
  for (std::size_t i = 0; i < events.size(); i += chunk) {
    std::vector<Event> part(events.begin() + i, events.begin() + std::min(events.size(), i + chunk));
    FileState after = before;
    for (const Event& e : part) after = Evolve(std::move(after), e);
    tables.Apply(ProjectFile(file_id, before, after, part, TheScheme()));
    before = std::move(after);
  }
}

inline MemoryTables Rebuilt(const std::string& file_id, const Lifecycle& f) {
  MemoryTables tables;
  ProjectInChunks(tables, file_id, Stamped(f), 0);
  return tables;
}

// A holder to certify: its name, USCC (first 17 characters), organisation type.
struct Holder {
  std::string name;
  std::string uscc17;
  OrgType org_type = OrgType::kLiveServiceAgency;
  std::string address = "浙江省杭州市余杭区文一西路998号";
};

inline ApplicationForm FormOf(const Holder& h) {
  ApplicationForm form = ValidForm();
  form.applicant.name = h.name;
  form.applicant.uscc = h.uscc17.empty() ? std::string() : ValidUscc(h.uscc17);
  form.applicant.org_type = h.org_type;
  form.applicant.address = h.address;
  if (h.org_type == OrgType::kLiveSalesperson) form.personal.address = std::exchange(form.applicant.address, "");
  return form;
}

// Drives a file of `h` up to a decision approved and notified.
inline void ApprovedFile(Lifecycle& f, const Holder& h) {
  f.Do(SubmitApplication{FormOf(h), {f.today(), "email"}}, Clerk());
  f.Do(DecideAcceptance{true, ""}, Clerk());
  f.Reviewed();
  f.Do(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee());
  f.Do(NotifyDecision{f.today(), "email"}, Clerk());
}

// Drives a file of `h` to a certificate numbered `number`.
inline void CertifiedFile(Lifecycle& f, const Holder& h, const std::string& number) {
  ApprovedFile(f, h);
  Decision d = f.Try(IssueCertificate{}, Clerk());
  REQUIRE(d.ok());
  std::get<CertificateIssued>(d.value()[0].body).certificate_no = number;
  f.Record(d.value());
}

// The number of the certificate RichHistory() issues.
inline constexpr char kRichNumber[] = "CMM-525-2026-00001";

// Issue, a name and address change, a reissue, a complaint, an annual
// surveillance audit, a suspension and reinstatement, a renewal, and a
// cancellation on the holder's request, announced.
inline Lifecycle RichHistory() {
  Lifecycle f;
  f.SetToday("2026-04-20");
  f.Certified();
  f.SetToday("2026-05-10");
  ChangeCertificate change;
  change.holder_name = "杭州星河数字科技有限公司";
  change.address = "浙江省杭州市西湖区文三路1号";
  change.reason = "工商变更";
  change.approver = "陈杰";
  change.act = {f.today(), "email"};
  f.Do(change, Clerk());
  f.Do(ReissueCertificate{ReissueCause::kLost, "陈杰", {f.today(), "in_person"}}, Clerk());
  f.Do(ReceiveComplaint{"虚假宣传", {f.today(), "phone"}, {"", "王五", "13900000000", "wangwu@example.cn", ""}}, Clerk());
  f.SetToday("2027-04-01");
  const std::string audit = f.Planned(AuditKind::kSurveillance);
  ScoresInput some;
  some.management["9.5.2"] = 92;
  f.Do(RecordScores{audit, some}, Leader());
  f.Do(CompleteSurveillanceAudit{audit, SurveillanceConclusion::kMaintain}, Leader());
  f.SetToday("2027-05-01");
  f.Do(SuspendCertificate{"8.2.1-3", "一般违法违规行为", "整改直播信息审核流程", D("2027-06-30"), "主任 陈杰"},
       Committee());
  f.Do(SubmitRectification{"已整改", "整改报告", {f.today(), "email"}}, Clerk());
  f.Do(VerifyRectification{true, "陈杰"}, Committee());
  f.Do(ReinstateCertificate{"陈杰"}, Committee());
  f.SetToday("2029-02-01");
  ApplicationForm recertification = ValidForm();  // the holder's current name and address
  recertification.applicant.name = change.holder_name.value();
  recertification.applicant.address = change.address.value();
  f.Do(ApplyForRecertification{recertification, {f.today(), "email"}}, Clerk());
  f.Do(DecideAcceptance{true, ""}, Clerk());
  f.Reviewed(AuditKind::kRecertification);
  f.Do(DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee());
  f.Do(NotifyDecision{f.today(), "email"}, Clerk());
  f.Do(IssueCertificate{}, Clerk());
  f.SetToday("2029-06-01");
  f.Do(RequestCancellation{"停止直播业务", {f.today(), "letter"}}, Clerk());
  f.Do(CancelCertificate{"8.2.3-2", "认证对象主动申请注销", "陈杰", std::nullopt}, Committee());
  f.Do(AnnounceCancellation{}, Clerk());
  return f;
}

// Every value stored in every table, keys included, as one string.
inline std::string AllBytes(const MemoryTables& tables, const std::vector<std::string>& column_families) {
  std::string out;
  for (const auto& cf : column_families) {
    auto table = tables.tables().find(cf);
    if (table == tables.tables().end()) continue;
    for (const auto& [key, value] : table->second) out += key + value;
  }
  return out;
}

}  // namespace certreg::testing
