// The registry: the one object the HTTP layer and the tools hold. It
// answers commands (load a file's state, run the time-driven rules up to the
// command's date, decide, append events, idempotency record and read-model
// rows in one atomic batch; a refused command appends nothing), reads files
// and the log, and queries the read models.
//
// Inside, three parts with one job each (src/app/): the command handler
// (retries, idempotency, numbering, deciding, the inline projection), the
// file reader (decoding and folding streams, with a cache of folds), and the
// read side (queries, catch-up and rebuild of the read models).
//
// Thread-safe: commands on different files run concurrently (and share the
// store's group commits); the commands of one file run one after another,
// each decided on the state the previous one committed. So a command that
// states no expected version is refused only for what the file's state
// forbids, never for a concurrent write (Conflict/kStaleVersion answers only
// a stale expected_version).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "certreg/app/replay.h"
#include "certreg/app/time_zone.h"
#include "certreg/common/status.h"
#include "certreg/domain/calendar.h"
#include "certreg/domain/registry_warnings.h"
#include "certreg/domain/decider.h"
#include "certreg/domain/scheme.h"
#include "certreg/projections/feed.h"
#include "certreg/projections/query.h"
#include "certreg/projections/rows.h"
#include "certreg/store/backup.h"
#include "certreg/store/event_store.h"  // also Digest (certreg/common/sha256.h)
#include "certreg/store/record_format.h"

namespace certreg::app {

// Column families the registry keeps beside the log (its own and the read
// models' of certreg/projections); open the store with them.
std::vector<std::string> RegistryColumnFamilies();
// Sets options' extra_column_families to RegistryColumnFamilies() and its
// sequential_column_families to those of them written in order or overwritten.
void UseRegistryColumnFamilies(store::StoreOptions& options);

struct RegistryOptions {
  TimeZone time_zone;            // Asia/Shanghai; the registry's dates and ends of day
  int max_retries = 5;           // 5; decide-and-append attempts when another writer wins the race
  // Microseconds since the epoch (UTC); the system clock when empty. Tests set it.
  std::function<std::int64_t()> clock;
};

struct CommandRequest {
  std::string file_id;  // empty for SubmitApplication: the registry assigns F-{YYYY}-{NNNNNN}
  domain::Command command;
  domain::Actor actor;
  std::optional<domain::Date> effective_date;   // today when absent
  std::optional<std::uint64_t> expected_version;  // If-Match; a stale one is refused
  // Empty: none. A key belongs to the actor's user (actor.name): the same key
  // from another user is another request.
  std::string idempotency_key;
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

// One page of a history list (README, "Histories in pages"): at most `limit`
// items from the item of index `from` (0 = the oldest).
template <typename T>
struct HistoryPage {
  std::vector<T> items;
  std::optional<std::uint64_t> next;  // the `from` of the following page; nullopt on the last
  std::uint64_t version = 0;          // pages of a file: its version when read (the page stops there); else 0
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

// The sweeps run so far (SweepAll), for /metrics.
struct SweepStats {
  std::uint64_t runs_ok = 0;          // sweeps in which every file's rules ran
  std::uint64_t runs_failed = 0;      // sweeps in which some file failed (counted and skipped)
  double last_duration_seconds = 0;   // of the last sweep; 0 before the first
  double last_end_unix_seconds = 0;   // when the last sweep finished (wall clock); 0 before the first
};

// What /readyz reports (operations.md §4). Each check has a stable name and a
// detail for people; nothing in it names files or carries storage errors.
struct ReadinessCheck {
  std::string name;    // "store_writable", "disk_space", "sweep", "read_models"
  bool ok = true;
  std::string detail;  // why it fails; empty when ok
};
struct Readiness {
  bool ready = true;  // every check holds
  std::vector<ReadinessCheck> checks;
};

class CommandHandler;

// A command begun with Registry::Begin, for a caller that must not wait for
// the store (an event loop): its answer is that of Registry::Execute, taken
// in two steps. Copies share the command. Calls are made one after another
// (from any threads, each handing over to the next with a happens-before).
class CommandInFlight {
 public:
  struct State;  // app/command_handler.h
  explicit CommandInFlight(std::shared_ptr<State> state) : state_(std::move(state)) {}

  // Runs `ready` once, when TryFinish may answer without waiting: at once if
  // it may already, else on the store's writer thread once the command's
  // append is answered (so `ready` must be quick and must not wait).
  void OnReady(std::function<void()> ready) const;
  // The answer, when it is at hand without waiting or reading much: the
  // command refused or replayed before anything was queued, or its append
  // durable. nullopt otherwise (a refused append, decided again; a replay):
  // then Finish, on a thread that may wait.
  std::optional<Result<CommandResult>> TryFinish() const;
  // The answer, waiting for the store and deciding again as Execute does.
  Result<CommandResult> Finish() const;

 private:
  std::shared_ptr<State> state_;
};

class FileReader;
class ReadSide;
class RegistryClock;

class Registry {
 public:
  // `store` (opened with RegistryColumnFamilies()) and `scheme` must outlive the registry.
  Registry(store::EventStore& store, const domain::Scheme& scheme, domain::WorkingCalendar calendar,
           RegistryOptions options = {});
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // --- commands -----------------------------------------------------------
  // Errors: the decider's refusal (Rejected with the current state,
  // InvalidArgument with every field, Forbidden, NotFound), Conflict
  // (kStaleVersion, kIdempotencyKeyReused), and the store's errors.
  Result<CommandResult> Execute(const CommandRequest& request);
  // Execute up to its append queued in the store's order (deciding again
  // when that is refused, and waiting for new file and certificate numbers
  // to be durable, on the calling thread): the rest is the CommandInFlight's.
  CommandInFlight Begin(CommandRequest request);

  // The invalid fields the domain finds in `request` on the file as it is now,
  // recording nothing: lets a caller that already found some fields malformed
  // list every invalid field at once. Empty when there are none, or when the
  // file cannot be read.
  std::vector<FieldError> FieldErrors(const CommandRequest& request) const;

  // Runs the time-driven rules on every file up to `today` (the registry's
  // date when absent), appending what is due; a file that fails is counted
  // and skipped.
  SweepReport SweepAll(std::optional<domain::Date> today = std::nullopt);
  SweepStats SweepStatistics() const;

  // --- files ----------------------------------------------------------------
  // NotFound for an unknown file; Corruption when the stream does not decode.
  Result<FileView> LoadFile(const std::string& file_id) const;
  // The file's folded state, as LoadFile's, from a cache of folds brought up
  // to the stream's head (only the newer events are read). NotFound for an
  // unknown file.
  Result<domain::FileState> CurrentState(const std::string& file_id) const;
  // The file id whose certificate has this number; NotFound when none.
  Result<std::string> FileOfCertificate(const std::string& certificate_no) const;
  // The file's version; NotFound for an unknown file.
  Result<std::uint64_t> FileVersion(const std::string& file_id) const;
  // The file's events as stored, each decoded once (regulators' export).
  Result<std::vector<store::ExportedEvent>> FileRecords(const std::string& file_id) const;

  // --- pages of a history -----------------------------------------------------
  // Each reads no further than its page (and holds no more): for paging any
  // history however long. Item i of a file is its event of version i + 1; a
  // page of a file stops at the version read first, so that `next` is absent
  // on a page that reaches it. NotFound for an unknown file / certificate.
  // The file's events as stored, from FileRecords.
  Result<HistoryPage<store::ExportedEvent>> FileRecordsPage(const std::string& file_id, std::uint64_t from,
                                                            std::size_t limit) const;
  // The file's timeline (app::Timeline): every event before the page is
  // folded, only the page's states are kept.
  Result<HistoryPage<TimelineEntry>> TimelinePage(const std::string& file_id, std::uint64_t from,
                                                  std::size_t limit) const;
  // Annex B.2 / B.3 rows (ChangeHistory, StatusHistory), oldest first.
  Result<HistoryPage<projections::ChangeRow>> ChangeHistoryPage(const std::string& certificate_no, std::uint64_t from,
                                                                std::size_t limit) const;
  Result<HistoryPage<projections::StatusRow>> StatusHistoryPage(const std::string& certificate_no, std::uint64_t from,
                                                                std::size_t limit) const;

  // --- the log ----------------------------------------------------------------
  // The head of the whole log (every file's events); size 0 for an empty store.
  store::LogHead Head() const;
  // Events of the global log from `from`, at most `limit`, each decoded once.
  Result<std::vector<store::ExportedEvent>> LogRecords(std::uint64_t from, std::size_t limit) const;
  // Walks and checks the whole log (EventStore::Verify).
  Result<store::VerifyReport> VerifyLog() const;

  // --- the verifiable log (registry_log.cc; README, "The verifiable log: the tree") ---
  // Each reads stored tree nodes (or leaves) only, against the tree at the
  // log's current size (Head().size). Errors: InvalidArgument for a malformed
  // path or size (naming what is wrong), NotFound for a tile, leaf or size
  // the tree does not have (yet), Corruption for a stored node that is missing.
  //
  // The tile at `path` (tlog-tiles, the part after "tile/": "<L>/<N>[.p/<W>]",
  // or "entries/<N>[.p/<W>]" for an entry bundle): 32-byte hashes, or leaves
  // each preceded by its length as uint16 big-endian. Sets *full to whether
  // it is a full tile (256 wide), which never changes.
  Result<std::string> LogTile(std::string_view path, bool entries, bool* full) const;
  // The event at `position`: its type and its leaf (its bytes as the tree
  // hashes them). NotFound beyond the log.
  struct LogEntry {
    std::string type;
    std::string leaf;
  };
  Result<LogEntry> LogEntryAt(std::uint64_t position) const;
  // RFC 6962 inclusion proof of leaf `index` in the tree of `size` leaves
  // (any size up to the current one: which sizes are signed is SignedLog's).
  Result<std::vector<Digest>> LogInclusionProof(std::uint64_t index, std::uint64_t size) const;
  // RFC 6962 consistency proof from `old_size` to `new_size` (empty when
  // old_size is 0 or equal to new_size).
  Result<std::vector<Digest>> LogConsistencyProof(std::uint64_t old_size, std::uint64_t new_size) const;
  // The root of the tree of `size` leaves.
  Result<Digest> LogRoot(std::uint64_t size) const;
  store::StoreStats StoreStats() const;
  // RocksDB's figures (EventStore::Engine).
  store::EngineStats EngineStats() const;
  // Whether the store takes writes now and the free space against the reserve (cheap).
  store::StoreHealth StoreHealth() const;
  // The checks of /readyz: the store writable, free space above the reserve,
  // the last SweepAll finished within 2 x `sweep_interval`, or one runs that
  // began within it (or the
  // registry is younger than that; 0: sweeps are off and the check holds),
  // the read models' checkpoint at the log head. Cheap: no scan.
  Readiness CheckReadiness(std::chrono::seconds sweep_interval) const;
  // How many events of the log the read models hold.
  Result<std::uint64_t> ReadModelsApplied() const;

  // --- backups (store::CreateBackup, store::ListBackups) ---------------------------
  // An online backup of the store and the data directory's other files into
  // `backup_dir`, while commands go on.
  Result<store::BackupInfo> CreateBackup(const std::string& backup_dir);
  Result<std::vector<store::BackupInfo>> ListBackups(const std::string& backup_dir) const;

  // --- the read models ------------------------------------------------------------
  Result<projections::WorkQueuePage> WorkQueue(const projections::WorkQueueQuery& query) const;
  Result<projections::SearchPage> Search(const projections::SearchQuery& query) const;
  // The change feed (registry_feed.cc; projections/feed.h): at most `limit`
  // public events after log position `after` (from the first when nullopt),
  // oldest first; one range read of proj_feed.
  Result<projections::FeedPage> Feed(std::optional<std::uint64_t> after, std::size_t limit) const;
  // The stored bytes of a certificate's public row (for answers kept per row
  // bytes); nullopt for an unknown number.
  Result<std::optional<std::string>> CertificateRowBytes(const std::string& certificate_no) const;
  Result<projections::CertificateRow> DecodeCertificateRow(std::string_view bytes) const;
  // Every certificate of the holder with this USCC, by number; empty when
  // none (projections::CertificatesByUscc).
  Result<std::vector<projections::CertificateRow>> CertificatesByUscc(const std::string& uscc) const;
  Result<std::vector<projections::ChangeRow>> ChangeHistory(const std::string& certificate_no) const;
  Result<std::vector<projections::StatusRow>> StatusHistory(const std::string& certificate_no) const;
  Result<std::vector<projections::SurveillanceRow>> SurveillanceHistory(const std::string& certificate_no) const;

  // Brings the read models up to the log when they fell behind it (events
  // appended by a version that did not write them): projects the events after
  // the read models' checkpoint. When they were written in another format
  // than this version's (projections::kReadModelFormat), rebuilds them from
  // the log instead. Returns how many events it projected. Call it at open,
  // before any command.
  Result<std::uint64_t> CatchUpReadModels();
  // Recomputes every read model from the log alone, compares a digest of the
  // old and the new tables, and replaces the old ones in one atomic batch
  // (only their format is written when they are identical). Call it while no
  // command runs.
  Result<RebuildReport> RebuildReadModels();

  // --- time and rules ------------------------------------------------------------
  // The registry's date now, and the date of a recorded instant.
  domain::Date Today() const;
  domain::Date DateOf(std::int64_t micros) const;
  const TimeZone& time_zone() const;  // the registry's time zone (RegistryOptions::time_zone)
  const domain::Scheme& scheme() const { return scheme_; }
  // The registry-level warnings of today (domain::RegistryWarnings).
  std::vector<domain::RegistryWarning> Warnings() const;
  const domain::WorkingCalendar& calendar() const { return calendar_; }

  static std::string StreamOf(const std::string& file_id) { return "cert-file/" + file_id; }

 private:
  store::EventStore& store_;
  const domain::Scheme& scheme_;
  const domain::WorkingCalendar calendar_;
  std::unique_ptr<RegistryClock> clock_;
  std::unique_ptr<FileReader> files_;
  std::unique_ptr<ReadSide> reads_;
  std::unique_ptr<CommandHandler> commands_;
  const std::chrono::steady_clock::time_point created_;  // for the sweep check
  // When the last SweepAll finished (steady_clock ticks); -1 before the first.
  std::atomic<std::chrono::steady_clock::rep> last_sweep_{-1};
  // When the last SweepAll began (steady_clock ticks); -1 before the first.
  std::atomic<std::chrono::steady_clock::rep> sweep_started_{-1};
  mutable std::mutex sweep_mu_;
  SweepStats sweep_stats_;  // sweep_mu_
};

}  // namespace certreg::app
