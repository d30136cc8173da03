// Projection: the rows a file's new events put into the read models, as a
// pure function, so that the inline path (each command writes its rows in the
// same atomic batch as its events) and a rebuild from the log (one call per
// file from the empty state, into emptied tables) give byte-identical tables.
//
// Invariant the caller keeps: the tables hold exactly the rows ProjectFile
// produced for the file's earlier events, `before` is the fold of those
// events, and `after` is `before` evolved through `new_events`. Under it,
// projecting a history in any split into consecutive chunks leaves the same
// bytes in every table. The rows depend on the scheme only through its fixed
// certificate items (basis, body, category, field, mode), grounds texts and
// rule period: project with the scheme the registry runs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "certreg/domain/events.h"
#include "certreg/domain/file_state.h"
#include "certreg/domain/held_scopes.h"
#include "certreg/domain/scheme.h"
#include "certreg/projections/rows.h"

namespace certreg::projections {

// One row to put (value set) or delete (value absent); mirrors store::ExtraWrite.
// The column family is one of the k...Cf constants of keys.h (static
// storage, so no row allocates its name); rows compare it by content.
struct RowWrite {
  const char* column_family = "";  // one of ProjectionColumnFamilies() (keys.h)
  std::string key;
  std::optional<std::string> value;
  friend bool operator==(const RowWrite& a, const RowWrite& b) {
    return std::string_view(a.column_family) == b.column_family && a.key == b.key && a.value == b.value;
  }
};

// In a fixed order; no key appears twice.
using ProjectionWrites = std::vector<RowWrite>;

// The rows for `new_events` of file `file_id`:
// - proj_changes, proj_status_history, proj_surveillance: one row per history
//   event (Annex B.2, B.3, B.4), keyed by the event's stream version. Each
//   event's `version` must be its stream version; an event with version 0
//   counts as the one after its predecessor (as Evolve does). B.3 rows carry
//   each event's `recorded_at_micros` as given.
// - proj_certificates: the whole row, whenever `after` has a certificate.
// - proj_public_index: the postings of `after` that `before` lacks, and
//   deletions of those it no longer has; none for a file without a certificate.
// - proj_work_queue: the whole row, whenever `after` exists (closed files too).
ProjectionWrites ProjectFile(const std::string& file_id, const domain::FileState& before,
                             const domain::FileState& after, const std::vector<domain::Event>& new_events,
                             const domain::Scheme& scheme);

// A rebuild of one file: ProjectFile from the empty state over its whole history.
ProjectionWrites ProjectHistory(const std::string& file_id, const std::vector<domain::Event>& events,
                                const domain::Scheme& scheme);

// ProjectHistory one event at a time, for a rebuild that reads the global log
// in order, where the events of many files interleave: a file's events fed
// to Add in stream order, then Finish, give the rows ProjectHistory gives for
// them (the same set of writes; the history rows as their events come).
// Folds each event once. Thread-compatible.
class FileProjector {
 public:
  // Folds `event`, the file's next, and appends its history rows to `out`.
  void Add(const domain::Event& event, const domain::Scheme& scheme, ProjectionWrites& out);
  // Appends the rows of the state reached: the certificate row, the public
  // index postings and the work-queue row (none for a file without events).
  void Finish(const std::string& file_id, const domain::Scheme& scheme, ProjectionWrites& out) const;
  const domain::FileState& state() const { return state_; }

 private:
  domain::FileState state_;
};

// What a certificate's public index postings are made of: its number, USCC
// and names. Equal inputs give equal postings, so a command that changes
// none of them (an address, a status) changes no posting.
struct IndexInputs {
  bool certified = false;  // the file has a certificate; the rest is empty without one
  std::string number, uscc, holder_name;
  std::vector<std::string> former_names;
  friend bool operator==(const IndexInputs&, const IndexInputs&) = default;
};

// A B.3 row of a command's events whose recording instant is not known yet,
// and its place among the rows.
struct DeferredStatusRow {
  std::size_t index = 0;
  StatusRow row;
};

// The rows of one command's new events, with each event folded once: the
// command handler folds its new events through Fold (in place of
// domain::Evolve) while it decides, and asks for Rows once the store's writer
// has fixed the recording instant. Rows equal ProjectFile's for the same
// events when every event's `version` was set before Fold and its
// `recorded_on` is the date of that instant (the caller checks the date and
// falls back to ProjectFile when it differs). Thread-compatible.
class CommandProjection {
 public:
  // `before`: the file's state before the command's events.
  explicit CommandProjection(const domain::FileState& before);

  // Evolves `state` through `event` and notes the history rows it makes.
  void Fold(domain::FileState& state, const domain::Event& event, const domain::Scheme& scheme);

  // The rows, every event recorded at `recorded_at_micros`; `after` is the
  // state the folds reached. Hands the noted rows over: call it once.
  ProjectionWrites Rows(const std::string& file_id, const domain::FileState& after, std::int64_t recorded_at_micros,
                        const domain::Scheme& scheme) &&;

  // The change feed's rows of the folded events (projections/feed.h), the
  // first folded at log position `first_position`, the next after it, every
  // one recorded at `recorded_at_micros`: FeedRows' rows for the same events
  // at those positions, without folding them again.
  ProjectionWrites FeedRows(std::uint64_t first_position, std::int64_t recorded_at_micros) const;

 private:
  IndexInputs old_index_;                    // what the public index postings of `before` are made of
  std::vector<domain::HeldScope> old_held_;       // what `before` holds (domain::HeldScopes)
  ProjectionWrites history_;                 // B.2, B.3, B.4 rows in event order
  std::vector<DeferredStatusRow> deferred_;  // the B.3 rows among them
  std::size_t folded_ = 0;                   // events folded so far
  std::vector<std::pair<std::size_t, FeedRow>> feed_;  // the public events' feed rows, by their place among them
};

}  // namespace certreg::projections
