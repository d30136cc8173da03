// Internal to the app room: the write side of the registry. A command is
// answered as a replay when its idempotency key was used before; else the
// file's state is read, the time-driven rules run up to the command's date,
// the command is decided, and events, numbers, idempotency record and
// read-model rows are appended in one atomic batch. Each new event is folded
// once: the inline projection reuses the state the decision was made on.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/file_locks.h"
#include "app/file_reader.h"
#include "app/numbering.h"
#include "app/pending_folds.h"
#include "app/registry_clock.h"
#include "certreg/app/registry.h"
#include "certreg/app/store_row_reader.h"
#include "certreg/projections/project.h"

namespace certreg::app {

// Thread-safe. Everything given must outlive the handler.
//
// Concurrency: the commands of one file, and the sweep's appends to it, hold
// the file's lock (file_locks.h) from reading the file's state through
// deciding to queueing the append in the store's order; the lock is released
// there, before the append is durable. The next command on the file decides
// on the state the queued append leads to (pending_folds.h) and appends with
// the version after it expected, so the store refuses it (kStaleVersion) if
// the earlier append does not commit; both may then share one synced batch.
// Every answer waits until what it was decided on is durable: a command's
// events, or a refusal decided on a queued state, are answered once that
// state's append committed; if it did not, the command is decided again on
// the committed state. So a command without an expected version is refused
// only for what the committed state forbids, and a stale version answers only
// a stale If-Match. Commands on different files run concurrently and share
// the store's group commits. An application takes no file lock (its file is
// new). Lock order: a file's lock, then the numbering lock (IssueCertificate,
// SubmitApplication), which is held until the append is durable; no path
// takes them the other way round or holds two files' locks. The retries on a
// stale version also serve appends made to the same store by something other
// than this handler.
class CommandHandler {
 public:
  CommandHandler(store::EventStore& store, const domain::Scheme& scheme, const domain::WorkingCalendar& calendar,
                 const RegistryClock& clock, const FileReader& files, int max_retries);

  // Registry::Execute: Begin, then Finish.
  Result<CommandResult> Execute(const CommandRequest& request) { return Begin(request).Finish(); }
  // Registry::Begin, and the CommandInFlight's steps.
  CommandInFlight Begin(CommandRequest request);
  void OnReady(CommandInFlight::State& flight, std::function<void()> ready);
  std::optional<Result<CommandResult>> TryFinish(CommandInFlight::State& flight);
  Result<CommandResult> Finish(CommandInFlight::State& flight);

  std::vector<FieldError> FieldErrors(const CommandRequest& request) const;
  SweepReport SweepAll(domain::Date today);
  // The version `file_id` reaches once the append queued last for it is
  // durable; nullopt when none is waiting. For tests.
  std::optional<std::uint64_t> QueuedVersion(const std::string& file_id);

 private:
  // An attempt whose append is queued: what answering it needs once durable.
  struct Started;
  // One attempt: its answer, or its queued append.
  using Attempted = std::variant<Result<CommandResult>, Started>;
  Attempted Attempt(const CommandRequest& request, bool* retry);
  // The answer of a started attempt (waits until its append is answered).
  Result<CommandResult> Complete(Started& started, const CommandRequest& request, bool* retry);
  // Attempts until the command is answered or its append is queued (without
  // new numbers, whose lock is held until durable: those are waited for).
  void Advance(CommandInFlight::State& flight);
  // Sets the flight's answer from an attempt's outcome (as the replay of an
  // earlier request when one committed meanwhile); false when the command is
  // to be decided again.
  bool Conclude(CommandInFlight::State& flight, Result<CommandResult> outcome, bool retry);
  // Completes the flight's started attempt (waits until its append is
  // answered) and concludes it; false when it is to be decided again.
  bool CompleteStarted(CommandInFlight::State& flight);
  domain::CommandContext ContextFor(const CommandRequest& request, const std::string& file_id, domain::Date today) const;
  // The time-driven events due on `state` up to the command's date, folded
  // into `state` (through `projection` when given); none for an application
  // or a date after today.
  std::vector<domain::Event> DueFirst(const CommandRequest& request, const domain::CommandContext& context,
                                      domain::FileState& state, projections::CommandProjection* projection) const;
  // Refuses an application whose USCC and scope a file already holds
  // (domain.md §9.12), naming the file. Call it under the numbering lock.
  Status RefuseDuplicate(const domain::SubmitApplication& application) const;
  // A finished command's answer for a retry of it (replayed = true).
  CommandResult Replay(const store::AppendResult& earlier) const;
  // The answer to a retry of an earlier request with the same key, if there was one.
  std::optional<Result<CommandResult>> FindEarlier(const CommandRequest& request) const;

  // What a command appends: its events, folded once into `after` through `projection`.
  struct Folded {
    explicit Folded(const domain::FileState& before) : projection(before) {}
    std::vector<domain::Event> events;
    projections::CommandProjection projection;
    std::shared_ptr<const domain::FileState> after;
  };
  // An append queued in the store's order: its answer, the state it leads to,
  // and whether the folds made while deciding held (set by the store's writer
  // before the answer).
  struct Queued {
    store::QueuedAppend durable;
    std::shared_ptr<const domain::FileState> after;
    std::shared_ptr<const bool> folds_hold;
  };
  // Queues `folded` for the file whose state `before` it follows, with
  // `writes` and the read models' rows in the same batch; `request` gives
  // the idempotency key. Returns once it is queued, not when it is durable.
  // When `before` is the state of an append still queued, `before_holds` is
  // that append's folds_hold: should its folds not hold, this append is
  // refused as stale (it was decided on a state the log will not fold to),
  // nothing of it written, and decided again on the committed state.
  Queued QueueEvents(const std::string& file_id, std::shared_ptr<const domain::FileState> before,
                     std::shared_ptr<const bool> before_holds, Folded folded, std::vector<store::ExtraWrite> writes,
                     const CommandRequest* request);
  // Waits for `queued`'s answer; remembers the state reached when the append
  // committed, and forgets it as the file's pending fold.
  Result<store::AppendResult> Settle(const std::string& file_id, const Queued& queued);

  struct Started {
    std::string file_id;
    Queued queued;
    CommandResult result;           // what deciding told: file, certificate number, created ids
    store::QueuedAppend earlier;    // the queued append the command was decided on, if any
    bool submission = false;
    std::unique_lock<std::mutex> number_lock;  // new numbers: held until durable
  };
  friend struct CommandInFlight::State;

  store::EventStore& store_;
  const domain::Scheme& scheme_;
  const domain::WorkingCalendar& calendar_;
  const RegistryClock& clock_;
  const FileReader& files_;
  const int max_retries_;
  FileLocks file_locks_;
  PendingFolds pending_;  // each file's state after its queued append, under the file's lock
  Numbering numbering_;
  StoreRowReader rows_;
};

struct CommandInFlight::State {
  CommandHandler* handler = nullptr;
  CommandRequest request;
  int attempt = 0;
  std::optional<CommandHandler::Started> started;  // the attempt whose append is queued
  std::optional<Result<CommandResult>> done;       // the answer
};

}  // namespace certreg::app
