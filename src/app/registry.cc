// The registry's facade: each call handed to the part that does it.
#include "certreg/app/registry.h"

#include "app/command_handler.h"
#include "app/event_mapping.h"
#include "app/file_reader.h"
#include "app/history_pages.h"
#include "app/read_side.h"
#include "app/registry_clock.h"
#include "certreg/app/tokens.h"
#include "certreg/codec/row_codec.h"
#include "certreg/projections/keys.h"

namespace certreg::app {

std::vector<std::string> RegistryColumnFamilies() {
  std::vector<std::string> families = {kPersonalDataCf,     kCountersCf,      kFilesCf,
                                       kCertificateFilesCf, kReadModelMetaCf, kTokensCf};
  for (const std::string& cf : projections::ProjectionColumnFamilies()) families.push_back(cf);
  return families;
}

void UseRegistryColumnFamilies(store::StoreOptions& options) {
  options.extra_column_families = RegistryColumnFamilies();
  // Overwritten: a counter, "applied"; and the read models' own.
  options.sequential_column_families = projections::SequentialProjectionColumnFamilies();
  options.sequential_column_families.push_back(kCountersCf);
  options.sequential_column_families.push_back(kReadModelMetaCf);
}

Registry::Registry(store::EventStore& store, const domain::Scheme& scheme, domain::WorkingCalendar calendar,
                   RegistryOptions options)
    : store_(store),
      scheme_(scheme),
      calendar_(std::move(calendar)),
      clock_(std::make_unique<RegistryClock>(std::move(options.time_zone), std::move(options.clock))),
      files_(std::make_unique<FileReader>(store, *clock_)),
      reads_(std::make_unique<ReadSide>(store, scheme, *clock_, *files_)),
      commands_(std::make_unique<CommandHandler>(store, scheme, calendar_, *clock_, *files_, options.max_retries)),
      created_(std::chrono::steady_clock::now()) {}

Registry::~Registry() = default;

std::vector<domain::RegistryWarning> Registry::Warnings() const {
  return domain::RegistryWarnings(scheme_, calendar_, Today());
}

Result<CommandResult> Registry::Execute(const CommandRequest& request) { return commands_->Execute(request); }

CommandInFlight Registry::Begin(CommandRequest request) { return commands_->Begin(std::move(request)); }

std::vector<FieldError> Registry::FieldErrors(const CommandRequest& request) const {
  return commands_->FieldErrors(request);
}

SweepReport Registry::SweepAll(std::optional<domain::Date> today) {
  const auto start = std::chrono::steady_clock::now();
  sweep_started_.store(start.time_since_epoch().count());
  SweepReport report = commands_->SweepAll(today.value_or(Today()));
  const auto end = std::chrono::steady_clock::now();
  last_sweep_.store(end.time_since_epoch().count());
  std::lock_guard<std::mutex> lock(sweep_mu_);
  ++(report.failures > 0 ? sweep_stats_.runs_failed : sweep_stats_.runs_ok);
  sweep_stats_.last_duration_seconds = std::chrono::duration<double>(end - start).count();
  sweep_stats_.last_end_unix_seconds =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  return report;
}

SweepStats Registry::SweepStatistics() const {
  std::lock_guard<std::mutex> lock(sweep_mu_);
  return sweep_stats_;
}

Result<FileView> Registry::LoadFile(const std::string& file_id) const { return files_->Load(file_id); }

Result<domain::FileState> Registry::CurrentState(const std::string& file_id) const {
  auto state = files_->Current(file_id);
  if (!state.ok()) return state.status();
  return **state;
}

Result<std::string> Registry::FileOfCertificate(const std::string& certificate_no) const {
  return files_->FileOfCertificate(certificate_no);
}

Result<std::uint64_t> Registry::FileVersion(const std::string& file_id) const {
  auto version = store_.StreamVersion(StreamOf(file_id));
  if (version.ok() && *version == 0) return Status::NotFound("file " + file_id + " not found");
  return version;
}

Result<std::vector<store::ExportedEvent>> Registry::FileRecords(const std::string& file_id) const {
  return files_->Records(file_id);
}

Result<HistoryPage<store::ExportedEvent>> Registry::FileRecordsPage(const std::string& file_id, std::uint64_t from,
                                                                   std::size_t limit) const {
  return ReadFileRecordsPage(store_, file_id, from, limit);
}

Result<HistoryPage<TimelineEntry>> Registry::TimelinePage(const std::string& file_id, std::uint64_t from,
                                                         std::size_t limit) const {
  return ReadTimelinePage(store_, *clock_, file_id, from, limit);
}

Result<HistoryPage<projections::ChangeRow>> Registry::ChangeHistoryPage(const std::string& certificate_no,
                                                                       std::uint64_t from, std::size_t limit) const {
  return ReadChangeHistoryPage(reads_->rows(), certificate_no, from, limit);
}

Result<HistoryPage<projections::StatusRow>> Registry::StatusHistoryPage(const std::string& certificate_no,
                                                                       std::uint64_t from, std::size_t limit) const {
  return ReadStatusHistoryPage(reads_->rows(), certificate_no, from, limit);
}

store::LogHead Registry::Head() const { return store_.Head(); }

Result<std::vector<store::ExportedEvent>> Registry::LogRecords(std::uint64_t from, std::size_t limit) const {
  std::vector<store::ExportedEvent> out;
  Status failure;
  Status scanned = store_.ScanLog(from, [&](std::uint64_t position, std::string_view bytes) {
    if (out.size() >= limit) return false;
    auto exported = store::ExportEvent(bytes);
    if (!exported.ok()) {
      failure = exported.status().WithContext("event " + std::to_string(position));
      return false;
    }
    out.push_back(std::move(exported).value());
    return true;
  });
  CERTREG_RETURN_IF_ERROR(scanned);
  CERTREG_RETURN_IF_ERROR(failure);
  return out;
}

Result<store::VerifyReport> Registry::VerifyLog() const { return store_.Verify(); }

store::StoreStats Registry::StoreStats() const { return store_.Stats(); }

store::StoreHealth Registry::StoreHealth() const { return store_.Health(); }

store::EngineStats Registry::EngineStats() const { return store_.Engine(); }

namespace {

std::string Mib(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

// What people are told about a store that takes no writes (no file names, no storage errors).
std::string WhyNotWritable(store::StoreHealth::State state) {
  using State = store::StoreHealth::State;
  switch (state) {
    case State::kWritable: return "";
    case State::kBelowReserve: return "free disk space is below the reserve; writes are refused until space is freed";
    case State::kNoSpace: return "a write failed for lack of disk space; writes resume once space is freed";
    case State::kRecovering: return "a write failed for lack of disk space; the store is resuming";
    case State::kFailed: return "a write failed; restart the server";
    case State::kReadOnlyFull:
      return "the disk was full at start: the store is read-only; restart the server once space is freed";
    case State::kReadOnly: return "the store is open read-only";
  }
  return "";
}

}  // namespace

Readiness Registry::CheckReadiness(std::chrono::seconds sweep_interval) const {
  using State = store::StoreHealth::State;
  Readiness out;
  auto add = [&](const char* name, bool ok, std::string detail) {
    out.checks.push_back({name, ok, ok ? std::string() : std::move(detail)});
    out.ready = out.ready && ok;
  };
  const store::StoreHealth health = store_.Health();
  const bool writable = health.state == State::kWritable || health.state == State::kBelowReserve;
  add("store_writable", writable, WhyNotWritable(health.state));
  add("disk_space", !health.disk_low,
      "free disk space " + Mib(health.free_bytes) + " is below the reserve of " + Mib(health.reserve_bytes));

  if (sweep_interval.count() > 0) {
    const auto allowed = 2 * sweep_interval;
    const auto now = std::chrono::steady_clock::now();
    const auto at = [](std::chrono::steady_clock::rep ticks) {
      return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(ticks));
    };
    const auto last = last_sweep_.load();
    const auto started = sweep_started_.load();
    const auto since = last < 0 ? now - created_ : now - at(last);
    // A long sweep still running counts as fresh while it began within the allowance.
    const bool running_fresh = started > last && now - at(started) <= allowed;
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since).count();
    add("sweep", since <= allowed || running_fresh,
        (last < 0 ? "no sweep has finished in the " : "the last sweep finished ") + std::to_string(seconds) +
            (last < 0 ? " s since start" : " s ago") + "; sweeps run every " +
            std::to_string(sweep_interval.count()) + " s");
  }

  const std::uint64_t head = store_.Head().size;
  auto applied = reads_->Applied();
  if (!applied.ok()) {
    add("read_models", false, "the read models' checkpoint cannot be read");
  } else {
    add("read_models", *applied >= head,
        "the read models hold " + std::to_string(*applied) + " of the log's " + std::to_string(head) + " events");
  }
  return out;
}

Result<std::uint64_t> Registry::ReadModelsApplied() const { return reads_->Applied(); }

Result<projections::WorkQueuePage> Registry::WorkQueue(const projections::WorkQueueQuery& query) const {
  return projections::WorkQueue(reads_->rows(), query);
}

Result<projections::SearchPage> Registry::Search(const projections::SearchQuery& query) const {
  return projections::Search(reads_->rows(), query);
}

Result<std::optional<std::string>> Registry::CertificateRowBytes(const std::string& certificate_no) const {
  return reads_->rows().Get(projections::kCertificatesCf, projections::CertificateKey(certificate_no));
}

Result<projections::CertificateRow> Registry::DecodeCertificateRow(std::string_view bytes) const {
  return codec::DecodeCertificateRow(bytes);
}

Result<std::vector<projections::CertificateRow>> Registry::CertificatesByUscc(const std::string& uscc) const {
  return projections::CertificatesByUscc(reads_->rows(), uscc);
}

Result<std::vector<projections::ChangeRow>> Registry::ChangeHistory(const std::string& certificate_no) const {
  return projections::ChangeHistory(reads_->rows(), certificate_no);
}

Result<std::vector<projections::StatusRow>> Registry::StatusHistory(const std::string& certificate_no) const {
  return projections::StatusHistory(reads_->rows(), certificate_no);
}

Result<std::vector<projections::SurveillanceRow>> Registry::SurveillanceHistory(
    const std::string& certificate_no) const {
  return projections::SurveillanceHistory(reads_->rows(), certificate_no);
}

Result<std::uint64_t> Registry::CatchUpReadModels() { return reads_->CatchUp(); }

Result<RebuildReport> Registry::RebuildReadModels() { return reads_->Rebuild(); }

Result<store::BackupInfo> Registry::CreateBackup(const std::string& backup_dir) {
  return store::CreateBackup(store_, backup_dir);
}

Result<std::vector<store::BackupInfo>> Registry::ListBackups(const std::string& backup_dir) const {
  return store::ListBackups(backup_dir);
}

domain::Date Registry::Today() const { return clock_->Today(); }

domain::Date Registry::DateOf(std::int64_t micros) const { return clock_->DateOf(micros); }

const TimeZone& Registry::time_zone() const { return clock_->time_zone(); }

}  // namespace certreg::app
