// The history rows of one event: Annex B.2 changes, B.3 status, B.4 surveillance.
#include "projections/history/history_rows.h"

#include "certreg/codec/row_codec.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/rows.h"
#include "projections/certificates/certificate_row.h"

namespace certreg::projections::internal {
namespace {

using codec::EncodeChangeRow;
using codec::EncodeStatusRow;
using codec::EncodeSurveillanceRow;
using domain::CertificateStatus;
using domain::Event;
using domain::FileState;

// Annex B.2 content for a changed field (holder_name -> 名称变更, ...).
std::string ChangeContent(const std::string& field) {
  if (field == "holder_name") return "名称变更";
  if (field == "address") return "地址变更";
  if (field == "address_kind") return "地址类型变更";
  if (field == "scope") return "范围变更";
  return "变更";
}

// 注册地址 / 经营地址 for an address kind's wire name; the name itself otherwise.
std::string AddressKindText(const std::string& wire) {
  if (wire == "registered") return "注册地址";
  if (wire == "operating") return "经营地址";
  return wire;
}

// The history rows of one event (AddHistoryRows).
class HistoryRows {
 public:
  HistoryRows(const Event& event, std::uint64_t version, std::optional<CertificateStatus> prior, const FileState& state,
              const domain::Scheme& scheme, ProjectionWrites& out, std::vector<DeferredStatusRow>* deferred = nullptr)
      : event_(event),
        version_(version),
        prior_(prior),
        state_(state),
        scheme_(scheme),
        out_(out),
        deferred_(deferred) {}

  void Add() {
    if (!state_.certificate) return;
    std::visit([this](const auto& body) { On(body); }, event_.body);
  }

 private:
  const std::string& number() const { return state_.certificate->number; }

  // B.3 approver: "system" for time-driven events, else the one the event
  // names, else the recording user.
  std::string Approver(const std::string& named) const {
    if (event_.actor.role == "system") return "system";
    return named.empty() ? event_.actor.name : named;
  }

  void Status(CertificateStatus after, std::string reason, const std::string& grounds, const std::string& approver) {
    StatusRow row;
    row.date = event_.effective_date;
    row.recorded_at_micros = event_.recorded_at_micros;
    row.before = prior_;
    row.after = after;
    row.reason = std::move(reason);
    row.grounds = grounds;
    if (const domain::GroundsDef* def = grounds.empty() ? nullptr : scheme_.FindGrounds(grounds)) {
      row.grounds_text_zh = def->text_zh;
      row.grounds_text_en = def->text_en;
    }
    row.approver = Approver(approver);
    row.event_type = std::string(domain::EventTypeName(event_.body));
    if (deferred_ != nullptr) deferred_->push_back({out_.size(), row});
    out_.push_back({kStatusHistoryCf, HistoryKey(number(), version_), EncodeStatusRow(row)});
  }

  void Change(std::uint16_t item, ChangeRow row) {
    row.date = event_.effective_date;
    out_.push_back({kChangesCf, ChangeKey(number(), version_, item), EncodeChangeRow(row)});
  }

  void On(const domain::CertificateIssued&) { Status(CertificateStatus::kValid, "颁发证书", "", ""); }
  void On(const domain::CertificateSuspended& e) {
    Status(CertificateStatus::kSuspended, e.details, e.grounds, e.approver);
  }
  void On(const domain::CertificateReinstated& e) { Status(CertificateStatus::kValid, "整改验证通过", "", e.approver); }
  void On(const domain::CertificateRevoked& e) { Status(CertificateStatus::kRevoked, e.reason, e.grounds, e.approver); }
  void On(const domain::CertificateCancelled& e) {
    Status(CertificateStatus::kCancelled, e.reason, e.grounds, e.approver);
  }

  // The B.2 row of one changed item, of a change or a renewal: a live
  // salesperson's address is never shown.
  ChangeRow ItemRow(const domain::ChangedItem& item, const std::string& reason, const std::string& approver) const {
    ChangeRow row;
    row.kind = item.field;
    row.content = ChangeContent(item.field);
    row.before = item.before;
    row.after = item.after;
    if (item.field == "address_kind") {
      row.before = AddressKindText(item.before);
      row.after = AddressKindText(item.after);
    } else if (item.field == "address" && AddressWithheld(state_)) {
      row.before.clear();
      row.after.clear();
    }
    row.reason = reason;
    row.approver = Approver(approver);
    return row;
  }

  void On(const domain::CertificateChanged& e) {
    for (std::size_t i = 0; i < e.changes.size(); ++i) {
      Change(static_cast<std::uint16_t>(i), ItemRow(e.changes[i], e.reason, e.approver));
    }
  }

  void On(const domain::CertificateReissued& e) {
    ChangeRow row;
    row.kind = "reissue";
    row.content = e.cause == domain::ReissueCause::kLost ? "补发（遗失）" : "补发（损坏）";
    row.approver = Approver(e.approver);
    Change(0, std::move(row));
  }

  void On(const domain::CertificateRenewed& e) {
    ChangeRow row;
    row.kind = "renewal";
    row.before = e.previous_valid_until.ToString();
    row.after = e.valid_until.ToString();
    row.content = "有效期至 " + row.before + " → " + row.after;
    row.reason = "再认证";
    row.approver = Approver("");
    Change(0, std::move(row));
    // The recertified items that differ from the previous certificate (domain.md §9.4).
    for (std::size_t i = 0; i < e.changes.size(); ++i) {
      Change(static_cast<std::uint16_t>(i + 1), ItemRow(e.changes[i], "再认证", ""));
    }
  }

  void On(const domain::SurveillanceAuditCompleted& e) {
    const SurveillanceRow row{.date = e.audit_date,
                              .kind = e.kind,
                              .conclusion = e.conclusion,
                              .team_leader = e.team_leader,
                              .audit_id = e.audit_id};
    out_.push_back({kSurveillanceCf, HistoryKey(number(), version_), EncodeSurveillanceRow(row)});
  }

  template <typename Other>
  void On(const Other&) {}  // no history row

  const Event& event_;
  std::uint64_t version_;
  std::optional<CertificateStatus> prior_;
  const FileState& state_;
  const domain::Scheme& scheme_;
  ProjectionWrites& out_;
  std::vector<DeferredStatusRow>* deferred_;
};

}  // namespace

void AddHistoryRows(const Event& event, std::uint64_t version, std::optional<CertificateStatus> prior,
                    const FileState& state, const domain::Scheme& scheme, ProjectionWrites& out,
                    std::vector<DeferredStatusRow>* deferred) {
  HistoryRows(event, version, prior, state, scheme, out, deferred).Add();
}

}  // namespace certreg::projections::internal
