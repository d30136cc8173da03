// The application service: load a file's stream, fold it, run the time-driven
// rules up to the command's date, decide, and append everything with the
// expected version, in one atomic batch. A refused command appends nothing.
//
// Thread-safe: commands on different files run concurrently; a command that
// loses a race on its file is decided again on the new state (optimistic
// concurrency), unless the caller stated the version it expects.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/domain/calendar.h"
#include "certreg/domain/decider.h"
#include "certreg/domain/scheme.h"
#include "certreg/store/event_store.h"

namespace certreg::app {

// Column families the service keeps beside the log (its own and the read
// models' of certreg/projections); open the store with them.
std::vector<std::string> ServiceColumnFamilies();

struct ServiceOptions {
  int utc_offset_minutes = 480;  // 480; the registry's time zone (Asia/Shanghai, no daylight saving)
  int max_retries = 5;           // 5; decide-and-append attempts when another writer wins the race
  // Microseconds since the epoch (UTC); the system clock when empty. Tests set it.
  std::function<std::int64_t()> clock;
};

struct CommandRequest {
  std::string file_id;  // empty for SubmitApplication: the service assigns F-{YYYY}-{NNNNNN}
  domain::Command command;
  domain::Actor actor;
  std::optional<domain::Date> effective_date;   // today when absent
  std::optional<std::uint64_t> expected_version;  // If-Match; a stale one is refused
  std::string idempotency_key;                  // empty: none
  std::string fingerprint;  // identifies the request's content for the key; empty: file, command and date
  std::string response;                         // opaque bytes kept with the key (e.g. an HTTP status)
};

struct AppendedEvent {
  std::string type;
  std::uint64_t position = 0;
};

struct CommandResult {
  std::string file_id;
  std::optional<std::string> certificate_no;
  std::uint64_t version = 0;   // the file's version after the command
  std::uint64_t position = 0;  // position of the last event appended
  std::vector<AppendedEvent> events;  // the time-driven events first, then the command's
  std::string audit_id;               // the audit the command planned; empty when none
  std::string finding_id;             // the finding the command recorded; empty when none
  std::string response;               // as given with the original request
  bool replayed = false;              // an earlier request with the same idempotency key did this
};

// A file's history as the domain sees it, and the state it folds to.
struct FileView {
  std::vector<domain::Event> events;
  domain::FileState state;
};

struct RebuildReport {
  std::uint64_t files = 0;
  std::uint64_t events = 0;
  std::uint64_t rows = 0;        // rows in the rebuilt read models
  std::string old_digest;        // SHA-256 over every (table, key, value) before, hex
  std::string new_digest;        // the same over the rebuilt tables
  bool identical = false;        // nothing had to change
};

struct SweepReport {
  std::uint64_t files = 0;   // files looked at
  std::uint64_t events = 0;  // time-driven events appended
  std::uint64_t failures = 0;
};

class CertificationService {
 public:
  // `store` (opened with ServiceColumnFamilies()) and `scheme` must outlive the service.
  CertificationService(store::EventStore& store, const domain::Scheme& scheme, domain::WorkingCalendar calendar,
                       ServiceOptions options = {});

  // The command's result, or why nothing was recorded: the decider's refusals
  // (Decide: kInvalidArgument, kRejected, kForbidden, kNotFound), with
  // current_version() the file's version when it was read; Conflict/kStaleVersion
  // (current_version()) when expected_version is not the file's;
  // Conflict/kIdempotencyKeyReused when the key was used for another request;
  // storage trouble with its own code (IOError, kNoSpace, Busy, Corruption),
  // nothing known to be written.
  Result<CommandResult> Execute(const CommandRequest& request);

  // The invalid fields the domain finds in `request` on the file as it is now,
  // recording nothing: lets a caller that already found some fields malformed
  // list every invalid field at once. Empty when there are none, or when the
  // file cannot be read.
  std::vector<domain::FieldError> FieldErrors(const CommandRequest& request) const;

  // NotFound for an unknown file; Corruption when the stream does not decode.
  Result<FileView> LoadFile(const std::string& file_id) const;

  // The file's folded state, as LoadFile's, from a cache of folds brought up
  // to the stream's head (only the newer events are read). NotFound for an
  // unknown file.
  Result<domain::FileState> CurrentState(const std::string& file_id) const;

  // The file id whose certificate has this number; NotFound when none.
  Result<std::string> FileOfCertificate(const std::string& certificate_no) const;

  // The head of the whole log (every file's events); size 0 for an empty store.
  store::LogHead Head() const { return store_.Head(); }

  // Runs the time-driven rules on every file up to `today` (the registry's
  // date when absent), appending what is due; a file that fails is counted
  // and skipped.
  SweepReport SweepAll(std::optional<domain::Date> today = std::nullopt);

  // Brings the read models up to the log when they fell behind it (events
  // appended by a version that did not write them): projects the events after
  // the read models' checkpoint. Returns how many events it projected. Call it
  // at open, before any command.
  Result<std::uint64_t> CatchUpReadModels();

  // Recomputes every read model from the log alone, compares a digest of the
  // old and the new tables, and replaces the old ones in one atomic batch
  // (nothing is written when they are identical). Call it while no command runs.
  Result<RebuildReport> RebuildReadModels();

  // The registry's date now, and the date of a recorded instant.
  domain::Date Today() const;
  domain::Date DateOf(std::int64_t micros) const;

  const domain::Scheme& scheme() const { return scheme_; }
  int utc_offset_minutes() const { return options_.utc_offset_minutes; }
  const domain::WorkingCalendar& calendar() const { return calendar_; }

  static std::string StreamOf(const std::string& file_id) { return "cert-file/" + file_id; }

 private:
  Result<CommandResult> Attempt(const CommandRequest& request, bool* retry);
  domain::CommandContext ContextFor(const CommandRequest& request, const std::string& file_id, domain::Date today) const;
  // The time-driven events due on `state` up to the command's date, applied to
  // `state`; none for an application or a date after today.
  std::vector<domain::Event> DueFirst(const CommandRequest& request, const domain::CommandContext& context,
                                      domain::FileState* state) const;
  Result<std::uint64_t> PeekSequence(const std::string& counter);
  void TakeSequence(const std::string& counter, std::uint64_t value, std::vector<store::ExtraWrite>* writes);
  CommandResult Replay(const store::AppendResult& earlier) const;
  // The answer to a retry of an earlier request with the same key, if there was one.
  std::optional<Result<CommandResult>> FindEarlier(const CommandRequest& request, const std::string& fingerprint) const;
  Result<std::vector<std::string>> AllFileIds() const;
  // Appends `events` to the file whose state they follow, with `writes` and the
  // read models' rows in the same batch; `request` gives the idempotency key.
  Result<store::AppendResult> AppendEvents(const std::string& file_id, const domain::FileState& before,
                                           std::vector<domain::Event> events, std::vector<store::ExtraWrite> writes,
                                           const CommandRequest* request);

  store::EventStore& store_;
  const domain::Scheme& scheme_;
  domain::WorkingCalendar calendar_;
  ServiceOptions options_;
  std::mutex sequence_mu_;  // serialises number allocation (file ids, certificate numbers)
  std::map<std::string, std::uint64_t> sequences_;  // last number handed out per counter (sequence_mu_)
  mutable std::mutex cache_mu_;
  mutable std::unordered_map<std::string, domain::FileState> state_cache_;  // file id -> a fold (cache_mu_)
};

}  // namespace certreg::app
