#include "app/command_handler.h"

#include "app/event_mapping.h"
#include "certreg/domain/time_rules.h"
#include "certreg/projections/query.h"

namespace certreg::app {
namespace {

// The ids of the audit or finding that `event` creates, if it does.
void NoteCreatedIds(const domain::Event& event, CommandResult* result) {
  if (const auto* planned = std::get_if<domain::AuditPlanned>(&event.body)) result->audit_id = planned->audit_id;
  if (const auto* finding = std::get_if<domain::FindingRecorded>(&event.body)) result->finding_id = finding->finding_id;
}

std::string Padded(std::uint64_t value, int digits) {
  std::string s = std::to_string(value);
  if (static_cast<int>(s.size()) < digits) s.insert(0, static_cast<std::size_t>(digits) - s.size(), '0');
  return s;
}

// Folds `event` into `state` as the file's next event, through `projection` when given.
void FoldNext(domain::FileState& state, domain::Event& event, projections::CommandProjection* projection,
              const domain::Scheme& scheme) {
  event.version = state.version + 1;
  if (projection != nullptr) {
    projection->Fold(state, event, scheme);
  } else {
    state = domain::Evolve(std::move(state), event);
  }
}

}  // namespace

CommandHandler::CommandHandler(store::EventStore& store, const domain::Scheme& scheme,
                               const domain::WorkingCalendar& calendar, const RegistryClock& clock,
                               const FileReader& files, int max_retries)
    : store_(store),
      scheme_(scheme),
      calendar_(calendar),
      clock_(clock),
      files_(files),
      max_retries_(max_retries),
      numbering_(store),
      rows_(store) {}

CommandResult CommandHandler::Replay(const store::AppendResult& r) const {
  CommandResult result;
  result.file_id = r.stream_id.substr(Registry::StreamOf("").size());
  result.version = r.new_version();
  result.position = r.last_position();
  result.response = r.response;
  result.replayed = true;
  for (std::size_t i = 0; i < r.types.size(); ++i) result.events.push_back({r.types[i], r.first_position + i});
  // The answer as it was: the file as the original request left it.
  if (auto view = files_.Load(result.file_id); view.ok()) {
    domain::FileState then;
    for (const domain::Event& e : view->events) {
      if (e.version > r.new_version()) break;
      then = domain::Evolve(std::move(then), e);
      if (e.version >= r.first_version) NoteCreatedIds(e, &result);
    }
    if (then.certificate) result.certificate_no = then.certificate->number;
  }
  return result;
}

std::optional<Result<CommandResult>> CommandHandler::FindEarlier(const CommandRequest& request) const {
  if (request.idempotency_key.empty()) return std::nullopt;
  auto earlier = store_.FindIdempotent(request.actor.name, request.idempotency_key, request.fingerprint);
  if (!earlier.ok()) return earlier.status();
  if (!earlier->has_value()) return std::nullopt;
  return Replay(**earlier);
}

CommandHandler::Attempted CommandHandler::Attempt(const CommandRequest& request, bool* retry) {
  const bool submission = std::holds_alternative<domain::SubmitApplication>(request.command);
  const domain::Date today = clock_.Today();
  std::vector<store::ExtraWrite> writes;

  // The file's lock, held until the append is queued in the store's order:
  // the next command on this file decides on the state this one leads to.
  // Then (for new numbers) the numbering lock, held until the append is
  // durable; numbers (file ids, certificate numbers) are taken under it.
  FileLocks::Held file_lock;
  std::unique_lock<std::mutex> number_lock;
  std::string file_counter, certificate_counter;
  std::uint64_t file_number = 0, certificate_number = 0;

  // The file: a new id for an application, else its folded history.
  std::string file_id = request.file_id;
  std::shared_ptr<const domain::FileState> before;
  // The queued append whose state `before` is; not valid when `before` is committed.
  store::QueuedAppend earlier;
  std::shared_ptr<const bool> earlier_holds;  // its Fold::folds_hold
  if (submission) {
    number_lock = numbering_.Lock();
    file_counter = "file/" + std::to_string(today.year());
    auto seq = numbering_.Peek(file_counter);
    if (!seq.ok()) return seq.status();
    file_number = *seq;
    file_id = "F-" + std::to_string(today.year()) + "-" + Padded(file_number, 6);
    before = std::make_shared<const domain::FileState>();
  } else {
    file_lock = file_locks_.Lock(file_id);
    if (auto pending = pending_.Latest(file_id)) {
      before = std::move(pending->state);
      earlier = std::move(pending->durable);
      earlier_holds = std::move(pending->folds_hold);
    }
  }
  // An answer decided on a queued state waits until that state is durable;
  // if it never is, the command is decided again on the committed state.
  auto settled = [&](Status status) -> Status {
    if (!earlier.Valid()) return status;
    file_lock.Release();
    if (number_lock.owns_lock()) number_lock.unlock();
    const Result<store::AppendResult>& done = earlier.Get();
    if (!done.ok() || done->replayed || !*earlier_holds) *retry = true;
    return status;
  };
  if (!submission && before == nullptr) {
    auto loaded = files_.Current(file_id);
    // A version the client expects that the cached fold is not at is checked
    // against the stream itself before it is refused.
    if (loaded.ok() && request.expected_version && *request.expected_version != (*loaded)->version) {
      files_.Forget(file_id);
      loaded = files_.Current(file_id);
    }
    if (!loaded.ok()) {
      if (loaded.status().code() != Status::Code::kNotFound) return loaded.status();
      return Status::NotFound("file " + file_id + " not found");
    }
    before = std::move(loaded).value();
  }
  const std::uint64_t read_version = before->version;
  if (request.expected_version && *request.expected_version != read_version) {
    return settled(
        Status::StaleVersion("file " + file_id + " is at version " + std::to_string(read_version), read_version));
  }

  domain::CommandContext context = ContextFor(request, file_id, today);
  // Time-driven rules first, up to the command's date (domain.md §4); every
  // new event is folded once, into `state` and the read models' rows.
  Folded folded(*before);
  domain::FileState state = *before;
  folded.events = DueFirst(request, context, state, &folded.projection);

  if (std::holds_alternative<domain::IssueCertificate>(request.command) && !state.certificate) {
    if (!number_lock.owns_lock()) number_lock = numbering_.Lock();
    const int year = context.effective_date.year();
    certificate_counter = "certificate/" + std::to_string(year);
    auto seq = numbering_.Peek(certificate_counter);
    if (!seq.ok()) return settled(seq.status());
    certificate_number = *seq;
    context.new_certificate_no = scheme_.CertificateNumber(year, certificate_number);
  }

  auto decision = domain::Decide(request.command, state, context);
  if (!decision.ok()) return settled(decision.status().WithCurrentVersion(read_version));
  if (submission) CERTREG_RETURN_IF_ERROR(RefuseDuplicate(std::get<domain::SubmitApplication>(request.command)));
  // Decided: the numbers it uses are taken now (a refusal leaves them free).
  if (!file_counter.empty()) {
    numbering_.Take(file_counter, file_number, &writes);
    writes.push_back({kFilesCf, file_id, std::string()});
  }
  if (!certificate_counter.empty()) numbering_.Take(certificate_counter, certificate_number, &writes);
  CommandResult result;
  result.file_id = file_id;
  for (domain::Event& e : *decision) {
    NoteCreatedIds(e, &result);
    FoldNext(state, e, &folded.projection, scheme_);
    folded.events.push_back(std::move(e));
  }
  if (state.certificate) result.certificate_no = state.certificate->number;
  if (state.certificate && !before->certificate) {
    writes.push_back({kCertificateFilesCf, state.certificate->number, file_id});
  }
  folded.after = std::make_shared<const domain::FileState>(std::move(state));

  Started started;
  started.queued = QueueEvents(file_id, before, earlier_holds, std::move(folded), std::move(writes), &request);
  if (!submission) pending_.Queued(file_id, {started.queued.after, started.queued.durable, started.queued.folds_hold});
  file_lock.Release();
  started.file_id = std::move(file_id);
  started.result = std::move(result);
  started.earlier = std::move(earlier);
  started.submission = submission;
  started.number_lock = std::move(number_lock);
  return started;
}

Result<CommandResult> CommandHandler::Complete(Started& started, const CommandRequest& request, bool* retry) {
  auto appended = Settle(started.file_id, started.queued);
  if (started.number_lock.owns_lock()) started.number_lock.unlock();
  if (!appended.ok()) {
    // Another command on this file won the race, or the queued append this
    // one was decided on did not commit: decide again on what committed,
    // unless the caller stated the version it expected of a committed state.
    if (appended.status().Is(Status::Code::kConflict, Status::SubCode::kStaleVersion)) {
      *retry = started.earlier.Valid() || (!request.expected_version && !started.submission);
    }
    return appended.status();
  }
  if (appended->replayed) return Replay(*appended);  // a concurrent twin of this request did it

  CommandResult result = std::move(started.result);
  result.version = appended->new_version();
  result.position = appended->last_position();
  for (std::size_t i = 0; i < appended->types.size(); ++i) {
    result.events.push_back({appended->types[i], appended->first_position + i});
  }
  result.response = appended->response;
  return result;
}

Status CommandHandler::RefuseDuplicate(const domain::SubmitApplication& application) const {
  const domain::Applicant& applicant = application.form.applicant;
  auto holders = projections::FilesHolding(rows_, domain::ApplicationScope(applicant.uscc, application.form.scope));
  if (!holders.ok()) return holders.status();
  if (holders->empty()) return Status::Ok();
  return Status::DuplicateApplication("file " + holders->front() + " already holds an open application or a " +
                                      "VALID or SUSPENDED certificate of USCC " + applicant.uscc +
                                      " for this scope (domain.md §9.12)");
}

domain::CommandContext CommandHandler::ContextFor(const CommandRequest& request, const std::string& file_id,
                                                  domain::Date today) const {
  return {.file_id = file_id,
          .today = today,
          .effective_date = request.effective_date.value_or(today),
          .actor = request.actor,
          .scheme = &scheme_,
          .calendar = &calendar_,
          .new_certificate_no = {}};
}

std::vector<domain::Event> CommandHandler::DueFirst(const CommandRequest& request,
                                                    const domain::CommandContext& context, domain::FileState& state,
                                                    projections::CommandProjection* projection) const {
  std::vector<domain::Event> events;
  if (std::holds_alternative<domain::SubmitApplication>(request.command) || context.effective_date > context.today) {
    return events;
  }
  events = domain::TimeDrivenEvents(state, context.effective_date, scheme_, calendar_);
  for (domain::Event& e : events) {
    e.recorded_on = context.today;  // recorded with the command, whatever the command's date
    FoldNext(state, e, projection, scheme_);
  }
  return events;
}

std::vector<FieldError> CommandHandler::FieldErrors(const CommandRequest& request) const {
  const bool submission = std::holds_alternative<domain::SubmitApplication>(request.command);
  domain::FileState state;
  if (!submission) {
    auto loaded = files_.Current(request.file_id);
    if (!loaded.ok()) return {};
    state = **loaded;
  }
  domain::CommandContext context = ContextFor(request, submission ? "F-pending" : request.file_id, clock_.Today());
  context.new_certificate_no = "pending";
  DueFirst(request, context, state, nullptr);
  auto decision = domain::Decide(request.command, state, context);
  if (decision.ok()) return {};
  return decision.status().field_errors();
}

SweepReport CommandHandler::SweepAll(domain::Date today) {
  SweepReport report;
  auto ids = files_.AllFileIds();
  if (!ids.ok()) {
    report.failures = 1;
    return report;
  }
  for (const std::string& id : *ids) {
    ++report.files;
    const FileLocks::Held file_lock = file_locks_.Lock(id);  // as a command's, so neither goes stale
    // The sweep decides on committed states.
    if (auto pending = pending_.Latest(id); pending && pending->durable.Valid()) pending->durable.Wait();
    for (int attempt = 0; attempt < max_retries_; ++attempt) {
      auto before = files_.Current(id);
      if (!before.ok()) {
        ++report.failures;
        break;
      }
      Folded folded(**before);
      folded.events = domain::TimeDrivenEvents(**before, today, scheme_, calendar_);
      if (folded.events.empty()) break;
      domain::FileState state = **before;
      for (domain::Event& e : folded.events) FoldNext(state, e, &folded.projection, scheme_);
      folded.after = std::make_shared<const domain::FileState>(std::move(state));
      auto appended = Settle(id, QueueEvents(id, *before, nullptr, std::move(folded), {}, nullptr));
      if (appended.ok()) {
        report.events += appended->types.size();
        break;
      }
      if (appended.status().code() != Status::Code::kConflict) {
        ++report.failures;
        break;
      }
    }
  }
  return report;
}

}  // namespace certreg::app
