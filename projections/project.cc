// ProjectFile: a file's new events -> the rows of the read models, each
// model's rows built in its own folder.
#include "certreg/projections/project.h"

#include "certreg/codec/row_codec.h"
#include "certreg/projections/feed.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/rows.h"
#include "projections/certificates/certificate_row.h"
#include "projections/history/history_rows.h"
#include "projections/public_index/index_writes.h"
#include "projections/held_scopes/held_scopes_index.h"
#include "projections/work_queue/work_queue_row.h"

namespace certreg::projections {
namespace {

using codec::EncodeStatusRow;
using domain::CertificateStatus;
using domain::Event;
using domain::FileState;
using domain::HeldScopes;
using internal::HeldScopeKeys;
using internal::IndexInputs;
using internal::IndexKeys;

// Folds `event` into `state` and appends the history rows it makes.
void AddEvent(FileState& state, const Event& event, const domain::Scheme& scheme, ProjectionWrites& out,
              std::vector<DeferredStatusRow>* deferred = nullptr) {
  std::optional<CertificateStatus> prior;
  if (state.certificate) prior = state.certificate->status;
  state = domain::Evolve(std::move(state), event);  // sets state.version as the stream does
  internal::AddHistoryRows(event, state.version, prior, state, scheme, out, deferred);
}

// The rows of the state reached: the certificate row, the public index
// postings and held scopes `after` has and `before` lacks (and deletions of
// the reverse), the work-queue row. The postings are computed only when
// their inputs changed (`old_index` are `before`'s).
void CurrentRows(const std::string& file_id, const IndexInputs& old_index,
                 const std::vector<domain::HeldScope>& old_held, const FileState& after, const domain::Scheme& scheme,
                 ProjectionWrites& out) {
  if (!after.exists) return;
  internal::AddCertificateRow(file_id, after, scheme, out);
  if (!internal::SameIndexInputs(old_index, after)) {
    internal::KeyChanges(kPublicIndexCf, IndexKeys(old_index), IndexKeys(after), out);
  }
  internal::AddWorkQueueRow(file_id, after, out);
  internal::KeyChanges(kHeldScopesCf, HeldScopeKeys(file_id, old_held), HeldScopeKeys(file_id, HeldScopes(after)),
                       out);
}

}  // namespace

ProjectionWrites ProjectFile(const std::string& file_id, const FileState& before, const FileState& after,
                             const std::vector<Event>& new_events, const domain::Scheme& scheme) {
  ProjectionWrites out;
  FileState state = before;
  for (const Event& event : new_events) AddEvent(state, event, scheme, out);
  CurrentRows(file_id, internal::IndexInputsOf(before), HeldScopes(before), after, scheme, out);
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
  CurrentRows(file_id, {}, {}, state_, scheme, out);
}

CommandProjection::CommandProjection(const FileState& before)
    : old_index_(internal::IndexInputsOf(before)), old_held_(HeldScopes(before)) {}

void CommandProjection::Fold(FileState& state, const Event& event, const domain::Scheme& scheme) {
  AddEvent(state, event, scheme, history_, &deferred_);
  if (std::optional<FeedRow> row = FeedRowOf(event, state)) feed_.emplace_back(folded_, std::move(*row));
  ++folded_;
}

ProjectionWrites CommandProjection::FeedRows(std::uint64_t first_position, std::int64_t recorded_at_micros) const {
  ProjectionWrites out;
  out.reserve(feed_.size());
  for (const auto& [index, noted] : feed_) {
    FeedRow row = noted;
    row.recorded_at_micros = recorded_at_micros;
    out.push_back(FeedRowAt(first_position + index, row));
  }
  return out;
}

ProjectionWrites CommandProjection::Rows(const std::string& file_id, const FileState& after,
                                         std::int64_t recorded_at_micros, const domain::Scheme& scheme) && {
  ProjectionWrites out = std::move(history_);
  for (DeferredStatusRow& deferred : deferred_) {
    deferred.row.recorded_at_micros = recorded_at_micros;
    out[deferred.index].value = EncodeStatusRow(deferred.row);
  }
  CurrentRows(file_id, old_index_, old_held_, after, scheme, out);
  return out;
}

}  // namespace certreg::projections
