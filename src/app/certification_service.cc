#include "certreg/app/certification_service.h"

#include <chrono>

#include "app/event_mapping.h"
#include "certreg/app/tokens.h"
#include "certreg/common/ids.h"
#include "certreg/domain/time_rules.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/project.h"

namespace certreg::app {
namespace {

constexpr std::size_t kMaxStreamRead = 1'000'000;
constexpr std::size_t kMaxCachedStates = 200'000;  // folded file states kept (about 2 KB each)

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

}  // namespace

std::vector<std::string> ServiceColumnFamilies() {
  std::vector<std::string> families = {kPersonalDataCf,     kCountersCf,      kFilesCf,
                                       kCertificateFilesCf, kReadModelMetaCf, kTokensCf};
  for (const std::string& cf : projections::ProjectionColumnFamilies()) families.push_back(cf);
  return families;
}

CertificationService::CertificationService(store::EventStore& store, const domain::Scheme& scheme,
                                           domain::WorkingCalendar calendar, ServiceOptions options)
    : store_(store), scheme_(scheme), calendar_(std::move(calendar)), options_(std::move(options)) {
  if (!options_.clock) {
    options_.clock = [] {
      return std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
}

domain::Date CertificationService::DateOf(std::int64_t micros) const {
  const std::int64_t local_seconds = micros / 1'000'000 + std::int64_t{options_.utc_offset_minutes} * 60;
  std::int64_t days = local_seconds / 86400;
  if (local_seconds % 86400 < 0) --days;
  return domain::Date::FromDays(static_cast<std::int32_t>(days));
}

domain::Date CertificationService::Today() const { return DateOf(options_.clock()); }

Result<FileView> CertificationService::LoadFile(const std::string& file_id) const {
  auto recorded = store_.ReadStream(StreamOf(file_id), 1, kMaxStreamRead);
  if (!recorded.ok()) return recorded.status();
  if (recorded->empty()) return Status::NotFound("file " + file_id);
  FileView view;
  view.events.reserve(recorded->size());
  for (const store::RecordedEvent& r : *recorded) {
    auto event = ToDomainEvent(r, store_, [this](std::int64_t m) { return DateOf(m); });
    if (!event.ok()) return event.status();
    view.state = domain::Evolve(std::move(view.state), *event);
    view.events.push_back(std::move(event).value());
  }
  return view;
}

Result<domain::FileState> CertificationService::CurrentState(const std::string& file_id) const {
  domain::FileState state;
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (auto it = state_cache_.find(file_id); it != state_cache_.end()) state = it->second;
  }
  // Only the events after the cached fold: the log is append-only and Evolve
  // deterministic, so this equals folding the whole stream.
  auto recorded = store_.ReadStream(StreamOf(file_id), state.version + 1, kMaxStreamRead);
  if (!recorded.ok()) return recorded.status();
  if (recorded->empty() && state.version == 0) return Status::NotFound("file " + file_id);
  if (recorded->empty()) return state;
  for (const store::RecordedEvent& r : *recorded) {
    auto event = ToDomainEvent(r, store_, [this](std::int64_t m) { return DateOf(m); });
    if (!event.ok()) return event.status();
    state = domain::Evolve(std::move(state), *event);
  }
  std::lock_guard<std::mutex> lock(cache_mu_);
  if (state_cache_.size() >= kMaxCachedStates) state_cache_.clear();  // crude, and rare: a cold fold is correct too
  domain::FileState& cached = state_cache_[file_id];
  if (cached.version < state.version) cached = state;
  return state;
}

Result<std::string> CertificationService::FileOfCertificate(const std::string& certificate_no) const {
  auto row = store_.GetExtra(kCertificateFilesCf, certificate_no);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::NotFound("certificate " + certificate_no);
  return **row;
}

Result<std::uint64_t> CertificationService::PeekSequence(const std::string& counter) {
  // Called under sequence_mu_: the number stays free until TakeSequence.
  auto stored = store_.GetExtra(kCountersCf, counter);
  if (!stored.ok()) return stored.status();
  const std::uint64_t durable = stored->has_value() ? std::stoull(**stored) : 0;
  return std::max(durable, sequences_[counter]) + 1;  // the cache holds numbers not yet durable
}

void CertificationService::TakeSequence(const std::string& counter, std::uint64_t value,
                                        std::vector<store::ExtraWrite>* writes) {
  // Called under sequence_mu_ once the command is decided. A number taken by a
  // command whose append then fails is skipped, never handed out again.
  sequences_[counter] = value;
  writes->push_back({kCountersCf, counter, std::to_string(value)});
}

CommandResult CertificationService::Replay(const store::AppendResult& r) const {
  CommandResult result;
  result.file_id = r.stream_id.substr(std::string("cert-file/").size());
  result.version = r.new_version();
  result.position = r.last_position();
  for (std::size_t i = 0; i < r.types.size(); ++i) result.events.push_back({r.types[i], r.first_position + i});
  result.response = r.response;
  result.replayed = true;
  // The answer as it was: the file as the original request left it.
  if (auto view = LoadFile(result.file_id); view.ok()) {
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

std::optional<Result<CommandResult>> CertificationService::FindEarlier(const CommandRequest& request,
                                                                        const std::string& fingerprint) const {
  if (request.idempotency_key.empty()) return std::nullopt;
  auto earlier = store_.FindIdempotent(request.idempotency_key, fingerprint);
  if (!earlier.ok()) return earlier.status();
  if (!earlier->has_value()) return std::nullopt;
  return Replay(**earlier);
}

Result<CommandResult> CertificationService::Execute(const CommandRequest& given) {
  CommandRequest request = given;
  // A key needs a fingerprint of the request's content; callers without one
  // (tools) get the file, the command and the date.
  if (!request.idempotency_key.empty() && request.fingerprint.empty()) {
    request.fingerprint = "file=" + request.file_id + ";command=" + std::string(domain::CommandName(request.command)) +
                          ";effective=" + (request.effective_date ? request.effective_date->ToString() : "");
  }
  // A retry of an earlier request is answered before anything is decided again.
  if (auto earlier = FindEarlier(request, request.fingerprint)) return *earlier;

  for (int attempt = 0;; ++attempt) {
    bool retry = false;
    Result<CommandResult> outcome = Attempt(request, &retry);
    if (!outcome.ok() && !outcome.status().Is(Status::Code::kConflict, Status::SubCode::kIdempotencyKeyReused)) {
      // The original of this retry may have committed meanwhile: answer as its replay.
      if (auto earlier = FindEarlier(request, request.fingerprint)) return *earlier;
    }
    if (!retry || attempt + 1 >= options_.max_retries) return outcome;
  }
}

Result<CommandResult> CertificationService::Attempt(const CommandRequest& request, bool* retry) {
  const bool submission = std::holds_alternative<domain::SubmitApplication>(request.command);
  const domain::Date today = Today();
  std::vector<store::ExtraWrite> writes;

  // Numbers (file ids, certificate numbers) are taken under sequence_mu_, held
  // until the append is done, so that counters are written in increasing order.
  std::unique_lock<std::mutex> number_lock(sequence_mu_, std::defer_lock);
  std::string file_counter, certificate_counter;
  std::uint64_t file_number = 0, certificate_number = 0;

  // The file: a new id for an application, else its folded history.
  std::string file_id = request.file_id;
  FileView view;  // only its state: the events are not needed to decide
  if (submission) {
    number_lock.lock();
    file_counter = "file/" + std::to_string(today.year());
    auto seq = PeekSequence(file_counter);
    if (!seq.ok()) return seq.status();
    file_number = *seq;
    file_id = "F-" + std::to_string(today.year()) + "-" + Padded(file_number, 6);
  } else {
    auto loaded = CurrentState(file_id);
    if (!loaded.ok()) {
      if (loaded.status().code() != Status::Code::kNotFound) return loaded.status();
      return Status::NotFound("file " + file_id + " not found");
    }
    view.state = std::move(loaded).value();
  }
  const std::uint64_t read_version = view.state.version;
  if (request.expected_version && *request.expected_version != read_version) {
    return Status::StaleVersion("file " + file_id + " is at version " + std::to_string(read_version), read_version);
  }

  domain::CommandContext context = ContextFor(request, file_id, today);
  // Time-driven rules first, up to the command's date (domain.md §4).
  domain::FileState state = view.state;
  std::vector<domain::Event> events = DueFirst(request, context, &state);

  if (std::holds_alternative<domain::IssueCertificate>(request.command) && !state.certificate) {
    number_lock.lock();
    const int year = context.effective_date.year();
    certificate_counter = "certificate/" + std::to_string(year);
    auto seq = PeekSequence(certificate_counter);
    if (!seq.ok()) return seq.status();
    certificate_number = *seq;
    context.new_certificate_no = scheme_.CertificateNumber(year, certificate_number);
  }

  auto decision = domain::Decide(request.command, state, context);
  if (!decision.ok()) return decision.status().WithCurrentVersion(read_version);
  // Decided: the numbers it uses are taken now (a refusal leaves them free).
  if (!file_counter.empty()) {
    TakeSequence(file_counter, file_number, &writes);
    writes.push_back({kFilesCf, file_id, std::string()});
  }
  if (!certificate_counter.empty()) TakeSequence(certificate_counter, certificate_number, &writes);
  CommandResult created;  // the ids of what the command creates
  for (domain::Event& e : *decision) {
    NoteCreatedIds(e, &created);
    state = domain::Evolve(std::move(state), e);
    events.push_back(std::move(e));
  }
  std::optional<std::string> certificate_no;
  if (state.certificate) certificate_no = state.certificate->number;
  if (state.certificate && !view.state.certificate) {
    writes.push_back({kCertificateFilesCf, state.certificate->number, file_id});
  }

  auto appended = AppendEvents(file_id, view.state, std::move(events), std::move(writes), &request);
  if (number_lock.owns_lock()) number_lock.unlock();
  if (!appended.ok()) {
    // Another command on this file won the race: decide again on its result,
    // unless the caller stated the version it expected.
    if (appended.status().Is(Status::Code::kConflict, Status::SubCode::kStaleVersion)) {
      *retry = !request.expected_version && !submission;
    }
    return appended.status();
  }
  if (appended->replayed) return Replay(*appended);  // a concurrent twin of this request did it

  CommandResult result;
  result.file_id = file_id;
  result.certificate_no = certificate_no;
  result.version = appended->new_version();
  result.position = appended->last_position();
  for (std::size_t i = 0; i < appended->types.size(); ++i) {
    result.events.push_back({appended->types[i], appended->first_position + i});
  }
  result.response = appended->response;
  result.audit_id = std::move(created.audit_id);
  result.finding_id = std::move(created.finding_id);
  return result;
}

domain::CommandContext CertificationService::ContextFor(const CommandRequest& request, const std::string& file_id,
                                                        domain::Date today) const {
  domain::CommandContext context;
  context.file_id = file_id;
  context.today = today;
  context.effective_date = request.effective_date.value_or(today);
  context.actor = request.actor;
  context.scheme = &scheme_;
  context.calendar = &calendar_;
  return context;
}

std::vector<domain::Event> CertificationService::DueFirst(const CommandRequest& request,
                                                          const domain::CommandContext& context,
                                                          domain::FileState* state) const {
  std::vector<domain::Event> events;
  if (std::holds_alternative<domain::SubmitApplication>(request.command) || context.effective_date > context.today) {
    return events;
  }
  events = domain::TimeDrivenEvents(*state, context.effective_date, scheme_);
  for (const domain::Event& e : events) *state = domain::Evolve(std::move(*state), e);
  return events;
}

std::vector<domain::FieldError> CertificationService::FieldErrors(const CommandRequest& request) const {
  const bool submission = std::holds_alternative<domain::SubmitApplication>(request.command);
  FileView view;
  if (!submission) {
    auto loaded = CurrentState(request.file_id);
    if (!loaded.ok()) return {};
    view.state = std::move(loaded).value();
  }
  domain::CommandContext context = ContextFor(request, submission ? "F-pending" : request.file_id, Today());
  context.new_certificate_no = "pending";
  domain::FileState state = view.state;
  DueFirst(request, context, &state);
  auto decision = domain::Decide(request.command, state, context);
  if (decision.ok()) return {};
  return decision.status().field_errors();
}

Result<store::AppendResult> CertificationService::AppendEvents(const std::string& file_id,
                                                              const domain::FileState& before,
                                                              std::vector<domain::Event> events,
                                                              std::vector<store::ExtraWrite> writes,
                                                              const CommandRequest* request) {
  store::AppendRequest append;
  append.stream_id = StreamOf(file_id);
  append.expected =
      before.version == 0 ? store::ExpectedVersion::NoStream() : store::ExpectedVersion::Exactly(before.version);
  append.events = ToNewEvents(events, NewUuid(), &writes);
  if (request != nullptr) {
    append.idempotency_key = request->idempotency_key;
    append.fingerprint = request->fingerprint;
    append.response = request->response;
  }
  append.extra_writes = std::move(writes);
  // The read models' rows, once the writer has fixed versions and recorded-at:
  // the same function a rebuild runs over the log, so both give the same bytes.
  append.finish = [&](const store::AppendContext& context) {
    std::vector<domain::Event> recorded = events;
    domain::FileState after = before;
    for (std::size_t i = 0; i < recorded.size(); ++i) {
      recorded[i].version = context.first_version + i;
      recorded[i].recorded_at_micros = context.recorded_at_micros;
      recorded[i].recorded_on = DateOf(context.recorded_at_micros);
      after = domain::Evolve(std::move(after), recorded[i]);
    }
    std::vector<store::ExtraWrite> rows;
    for (auto& row : projections::ProjectFile(file_id, before, after, recorded, scheme_)) {
      rows.push_back({std::move(row.column_family), std::move(row.key), std::move(row.value)});
    }
    rows.push_back({kReadModelMetaCf, kAppliedKey, std::to_string(context.first_position + recorded.size())});
    return rows;
  };
  return store_.AppendToStream(std::move(append));
}

Result<std::vector<std::string>> CertificationService::AllFileIds() const {
  std::vector<std::string> ids;
  std::string from;
  for (;;) {
    auto rows = store_.ScanExtra(kFilesCf, from, 1000);
    if (!rows.ok()) return rows.status();
    for (auto& [key, value] : *rows) ids.push_back(key);
    if (rows->size() < 1000) break;
    from = rows->back().first + std::string(1, '\0');
  }
  return ids;
}

SweepReport CertificationService::SweepAll(std::optional<domain::Date> today) {
  SweepReport report;
  const domain::Date date = today.value_or(Today());
  auto ids = AllFileIds();
  if (!ids.ok()) {
    report.failures = 1;
    return report;
  }
  for (const std::string& id : *ids) {
    ++report.files;
    for (int attempt = 0; attempt < options_.max_retries; ++attempt) {
      auto state = CurrentState(id);
      if (!state.ok()) {
        ++report.failures;
        break;
      }
      std::vector<domain::Event> events = domain::TimeDrivenEvents(*state, date, scheme_);
      if (events.empty()) break;
      auto appended = AppendEvents(id, *state, std::move(events), {}, nullptr);
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
