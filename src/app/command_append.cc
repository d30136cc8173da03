// CommandHandler's appends (command_handler.h): queued in the store's order
// with the read models' rows made by the store's writer once positions are
// fixed, then settled once durable.
#include "app/command_handler.h"
#include "app/event_mapping.h"
#include "certreg/common/ids.h"
#include "certreg/projections/feed.h"

namespace certreg::app {

CommandHandler::Queued CommandHandler::QueueEvents(const std::string& file_id,
                                                   std::shared_ptr<const domain::FileState> before,
                                                   std::shared_ptr<const bool> before_holds, Folded folded,
                                                   std::vector<store::ExtraWrite> writes,
                                                   const CommandRequest* request) {
  store::AppendRequest append;
  append.stream_id = Registry::StreamOf(file_id);
  append.expected =
      before->version == 0 ? store::ExpectedVersion::NoStream() : store::ExpectedVersion::Exactly(before->version);
  append.events = ToNewEvents(folded.events, NewUuid(), &writes);
  if (request != nullptr) {
    append.idempotency_key = request->idempotency_key;
    append.idempotency_owner = request->actor.name;  // a key is its user's
    append.fingerprint = request->fingerprint;
    append.response = request->response;
  }
  append.extra_writes = std::move(writes);
  Queued queued;
  queued.after = folded.after;
  auto folds_hold = std::make_shared<bool>(false);
  queued.folds_hold = folds_hold;
  // The read models' rows, once the writer has fixed positions and
  // recorded-at: the events are stamped with them in place. The folds made
  // while deciding serve when each event's recording date is the one the
  // writer fixed (nearly always: not across midnight); else the stamped
  // events are folded again, as a rebuild from the log would.
  auto owned = std::make_shared<Folded>(std::move(folded));
  append.finish = [this, file_id, before, before_holds, owned,
                   folds_hold](const store::AppendContext& context) -> Result<std::vector<store::ExtraWrite>> {
    // The append `before` came from was finished just before this one (the
    // writer finishes in queue order); if it was refused, so is this one, on
    // its version, before this runs.
    if (before_holds && !*before_holds) {
      return Status::StaleVersion("file " + file_id + " was decided on a state recorded on another day than " +
                                      "its command assumed",
                                  before->version);
    }
    const domain::Date recorded_on = clock_.DateOf(context.recorded_at_micros);
    std::vector<domain::Event>& events = owned->events;
    bool hold = context.first_version == before->version + 1;
    for (std::size_t i = 0; i < events.size(); ++i) {
      hold = hold && events[i].recorded_on == recorded_on;
      events[i].version = context.first_version + i;
      events[i].recorded_at_micros = context.recorded_at_micros;
      events[i].recorded_on = recorded_on;
    }
    *folds_hold = hold;
    projections::ProjectionWrites rows, feed;
    if (hold) {
      feed = owned->projection.FeedRows(context.first_position, context.recorded_at_micros);
      rows = std::move(owned->projection).Rows(file_id, *owned->after, context.recorded_at_micros, scheme_);
    } else {
      domain::FileState after = *before;
      for (const domain::Event& e : events) after = domain::Evolve(std::move(after), e);
      rows = projections::ProjectFile(file_id, *before, after, events, scheme_);
      // The change feed's rows (projections/feed.h): each public event at its log position.
      std::vector<std::uint64_t> positions;
      for (std::size_t i = 0; i < events.size(); ++i) positions.push_back(context.first_position + i);
      feed = projections::FeedRows(*before, events, positions);
    }
    for (auto& row : feed) rows.push_back(std::move(row));
    std::vector<store::ExtraWrite> out;
    out.reserve(rows.size() + 1);
    for (auto& row : rows) out.push_back({std::move(row.column_family), std::move(row.key), std::move(row.value)});
    out.push_back({kReadModelMetaCf, kAppliedKey, std::to_string(context.first_position + events.size())});
    return out;
  };
  queued.durable = store_.AppendToStreamAsync(std::move(append));
  return queued;
}

Result<store::AppendResult> CommandHandler::Settle(const std::string& file_id, const Queued& queued) {
  Result<store::AppendResult> appended = queued.durable.Get();
  // The cached fold follows the stream: the state this append led to, or
  // none when that state is not known here (FileReader::Current).
  if (appended.ok() && !appended->replayed && *queued.folds_hold) {
    files_.Remember(file_id, queued.after);
  } else {
    files_.Forget(file_id);
  }
  pending_.Answered(file_id, queued.after.get());
  return appended;
}

std::optional<std::uint64_t> CommandHandler::QueuedVersion(const std::string& file_id) {
  auto pending = pending_.Latest(file_id);
  if (!pending || !pending->durable.Valid()) return std::nullopt;  // none, or committed
  return pending->state->version;
}

}  // namespace certreg::app
