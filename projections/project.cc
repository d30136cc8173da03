// ProjectFile: a file's new events -> the rows of the read models.
#include "certreg/projections/project.h"

#include <algorithm>
#include <iterator>

#include "certreg/codec/row_codec.h"
#include "certreg/domain/time_rules.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/rows.h"
#include "projections/projection_rows.h"

namespace certreg::projections {
namespace {

using codec::EncodeCertificateRow;
using codec::EncodeChangeRow;
using codec::EncodeStatusRow;
using codec::EncodeSurveillanceRow;
using codec::EncodeWorkQueueRow;
using domain::CertificateStatus;
using domain::Event;
using domain::FileState;
using internal::AddressKindText;
using internal::AddressWithheld;
using internal::ChangeContent;

// The history rows of one event: `prior` is the certificate's status before
// it (none before the issue), `state` the file right after it.
class HistoryRows {
 public:
  // `deferred`, when given, also gets each B.3 row with its place in `out`,
  // for a caller that learns the recording instant later.
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

  void On(const domain::CertificateChanged& e) {
    const bool withhold_address = AddressWithheld(state_);
    for (std::size_t i = 0; i < e.changes.size(); ++i) {
      const domain::ChangedItem& item = e.changes[i];
      ChangeRow row;
      row.kind = item.field;
      row.content = ChangeContent(item.field);
      row.before = item.before;
      row.after = item.after;
      if (item.field == "address_kind") {
        row.before = AddressKindText(item.before);
        row.after = AddressKindText(item.after);
      } else if (item.field == "address" && withhold_address) {
        row.before.clear();
        row.after.clear();
      }
      row.reason = e.reason;
      row.approver = Approver(e.approver);
      Change(static_cast<std::uint16_t>(i), std::move(row));
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

// The public index postings of a file's certificate, sorted; none without one.
std::vector<std::string> IndexKeys(const FileState& state) {
  std::vector<std::string> keys;
  if (!state.certificate) return keys;
  const domain::CertificateState& c = *state.certificate;
  if (!c.uscc.empty()) keys.push_back(UsccKey(c.uscc, c.number));
  std::vector<std::string> names = c.former_names;
  names.push_back(c.holder_name);
  for (const std::string& name : names) {
    for (const std::string& gram : NameGrams(name)) keys.push_back(GramKey(gram, c.number));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

void IndexWrites(const std::vector<std::string>& old_keys, const FileState& after, ProjectionWrites& out) {
  const std::vector<std::string> new_keys = IndexKeys(after);
  std::vector<std::string> gone, added;
  std::set_difference(old_keys.begin(), old_keys.end(), new_keys.begin(), new_keys.end(), std::back_inserter(gone));
  std::set_difference(new_keys.begin(), new_keys.end(), old_keys.begin(), old_keys.end(), std::back_inserter(added));
  for (std::string& key : gone) out.push_back({kPublicIndexCf, std::move(key), std::nullopt});
  for (std::string& key : added) out.push_back({kPublicIndexCf, std::move(key), std::string()});
}

// Folds `event` into `state` and appends the history rows it makes.
void AddEvent(FileState& state, const Event& event, const domain::Scheme& scheme, ProjectionWrites& out,
              std::vector<DeferredStatusRow>* deferred = nullptr) {
  std::optional<CertificateStatus> prior;
  if (state.certificate) prior = state.certificate->status;
  state = domain::Evolve(std::move(state), event);  // sets state.version as the stream does
  HistoryRows(event, state.version, prior, state, scheme, out, deferred).Add();
}

// The rows of the state reached: the certificate row, the public index
// postings `after` has and `before` lacks (and deletions of the reverse), the work-queue row.
void CurrentRows(const std::string& file_id, const std::vector<std::string>& old_index_keys, const FileState& after,
                 const domain::Scheme& scheme, ProjectionWrites& out) {
  if (!after.exists) return;
  if (after.certificate) {
    const CertificateRow row = internal::BuildCertificateRow(file_id, after, scheme);
    out.push_back({kCertificatesCf, CertificateKey(row.number), EncodeCertificateRow(row)});
  }
  IndexWrites(old_index_keys, after, out);
  const WorkQueueRow queue_row = internal::BuildWorkQueueRow(file_id, after, scheme);
  out.push_back({kWorkQueueCf, WorkQueueKey(file_id), EncodeWorkQueueRow(queue_row)});
}

}  // namespace

ProjectionWrites ProjectFile(const std::string& file_id, const FileState& before, const FileState& after,
                             const std::vector<Event>& new_events, const domain::Scheme& scheme) {
  ProjectionWrites out;
  FileState state = before;
  for (const Event& event : new_events) AddEvent(state, event, scheme, out);
  CurrentRows(file_id, IndexKeys(before), after, scheme, out);
  return out;
}

ProjectionWrites ProjectHistory(const std::string& file_id, const std::vector<Event>& events,
                                const domain::Scheme& scheme) {
  return ProjectFile(file_id, FileState(), domain::Fold(events), events, scheme);
}

void FileProjector::Add(const Event& event, const domain::Scheme& scheme, ProjectionWrites& out) {
  AddEvent(state_, event, scheme, out);
}

void FileProjector::Finish(const std::string& file_id, const domain::Scheme& scheme, ProjectionWrites& out) const {
  CurrentRows(file_id, {}, state_, scheme, out);
}

CommandProjection::CommandProjection(const FileState& before) : old_index_keys_(IndexKeys(before)) {}

void CommandProjection::Fold(FileState& state, const Event& event, const domain::Scheme& scheme) {
  AddEvent(state, event, scheme, history_, &deferred_);
}

ProjectionWrites CommandProjection::Rows(const std::string& file_id, const FileState& after,
                                         std::int64_t recorded_at_micros, const domain::Scheme& scheme) const {
  ProjectionWrites out = history_;
  for (DeferredStatusRow deferred : deferred_) {
    deferred.row.recorded_at_micros = recorded_at_micros;
    out[deferred.index].value = EncodeStatusRow(deferred.row);
  }
  CurrentRows(file_id, old_index_keys_, after, scheme, out);
  return out;
}

}  // namespace certreg::projections
