// The subcommands of the `certreg` tool. Each returns the process exit status:
// 0 success, 1 the check failed (e.g. verify found tampering), 2 usage or I/O error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace certreg::tool {

inline constexpr char kDefaultDataDir[] = "./var/certreg";

struct VersionArgs {};
// Prints the version, the git commit it was built from, and the versions of
// RocksDB and Cap'n Proto (as --version does).
int RunVersion(const VersionArgs& args);
// The text RunVersion prints.
std::string VersionText();

struct InitArgs {
  std::string data = kDefaultDataDir;
  std::string log_origin;  // the verifiable log's origin; empty: certreg.invalid/log (log_keys.h)
  std::string log_key;     // --log-key FILE: the log key to use (its name the origin); empty: a new one
};
// Creates the data directory (mode 0700) with an empty store in it: the
// store's and the service's column families, the read models initialised,
// the log's signing keys in DATA/keys. Refuses (2) a directory that holds
// anything or a bad --log-origin. Prints what it created.
int RunInit(const InitArgs& args);

struct LogKeyArgs {
  std::string data = kDefaultDataDir;
};
// Prints the log's and the status key's verifier keys, one a line (exit 0);
// 2 when the directory holds no store or no keys.
int RunLogKey(const LogKeyArgs& args);

struct StatementVerifyArgs {
  std::string file;         // the statement (text or JSON form); "-" for stdin
  std::string log_vkey;     // the log's verifier key, as `certreg log key` prints it
  std::string status_vkey;  // the status key's
};
// Checks a certificate status statement offline (app::CheckStatusStatement):
// 0 printing a one-line summary, 1 naming the first check that failed, 2 for
// a bad key or an unreadable file.
int RunStatementVerify(const StatementVerifyArgs& args);

struct VerifyArgs {
  std::string data = kDefaultDataDir;
};
int RunVerify(const VerifyArgs& args);

struct CheckArgs {
  std::string data = kDefaultDataDir;
};
// Opens the store for writing (never creating one: see init), verifies the
// whole log and prints its head: the store's self-check.
int RunCheck(const CheckArgs& args);

struct DumpArgs {
  std::string data = kDefaultDataDir;
  std::uint64_t from = 0;                // first position
  std::uint64_t limit = UINT64_MAX;      // at most this many events
  bool json = false;                     // one JSON object per line instead of text
};
int RunDump(const DumpArgs& args);

struct SweepArgs {
  std::string data = kDefaultDataDir;
  std::string today;     // YYYY-MM-DD, at most today; empty: today
  std::string calendar;  // working-day calendar file; empty: DATA/calendar.json if present
  std::string scheme;    // scheme file; empty: the built-in scheme
  std::string time_zone = "Asia/Shanghai";
};
// Runs the time-driven rules once on every file.
int RunSweep(const SweepArgs& args);

struct DemoArgs {
  std::string data = kDefaultDataDir;
  std::string calendar;
  std::string scheme;
  std::string time_zone = "Asia/Shanghai";
};
// Loads the demo data set into a new or empty data directory, or one whose
// store is empty (as init leaves it).
int RunDemo(const DemoArgs& args);

struct RebuildArgs {
  std::string data = kDefaultDataDir;
  std::string calendar;  // the rules' settings, as serve has them: the read models depend on them
  std::string scheme;
  std::string time_zone = "Asia/Shanghai";
};
// Recomputes every read model from the log, compares and swaps.
int RunRebuild(const RebuildArgs& args);

struct BenchAppendArgs {
  std::string data = kDefaultDataDir;  // benchmark databases go into fresh sub-directories of it
  double seconds = 3.0;                // duration of each phase
  int threads = 16;                    // concurrent appenders, and raw writers
  std::size_t payload_bytes = 300;     // size of each event's payload filler
  int gather_wait_us = -1;             // the store's gather wait in microseconds; -1: its default
};
int RunBenchAppend(const BenchAppendArgs& args);

struct BenchRebuildArgs {
  std::string data = kDefaultDataDir;     // the benchmark store goes into a fresh sub-directory of it
  std::size_t files = 50'000;             // files at least
  std::uint64_t min_events = 1'000'000;   // and more files until the log holds this many events
  int threads = 32;                       // files loaded concurrently
  std::size_t queries = 2'000;            // public searches, and as many lookups by number
  bool keep = false;                      // keep the store (else removed at the end)
  std::string reuse;                      // a store kept by an earlier run: bench it, load nothing; empty: load
  // `bench scale` (README, "Scale: 1 M and 10 M events"): also the disk bytes per
  // event, the resident memory, and synced commands on the loaded store
  // from `writers` threads for `seconds` against raw synced puts.
  bool scale = false;
  int writers = 16;
  double seconds = 3.0;
};
// Exit 0 when the rebuilt tables are identical to the ones written command by
// command, 1 when they differ, 2 on a usage or I/O error.
int RunBenchRebuild(const BenchRebuildArgs& args);

struct BenchScaleArgs {
  std::uint64_t events = 1'000'000;  // the log holds at least this many events (files: a 25th of it)
  BenchRebuildArgs rebuild;          // the rest; `scale` is set by the run
};
// The rebuild benchmark at `events` events, with the scale figures. Exit codes as RunBenchRebuild.
int RunBenchScale(const BenchScaleArgs& args);

struct BenchHttpArgs {
  std::string data = kDefaultDataDir;  // the benchmark databases go into a fresh sub-directory of it
  double seconds = 5.0;                // duration of each phase
  int clients = 64;                    // concurrent keep-alive clients, each on its own certificate
  int certificates = 0;                // 0: as many as clients; else client c writes to certificate c % N
};
// Durable certificate changes over HTTP vs raw RocksDB synced puts from one thread.
int RunBenchHttpCommands(const BenchHttpArgs& args);

struct BenchContentionArgs {
  std::string data = kDefaultDataDir;  // the benchmark database goes into a fresh sub-directory of it
  double seconds = 5.0;                // duration of each phase
  int clients = 64;                    // concurrent keep-alive clients, none sending If-Match
  int certificates = 12;               // certificates of the second phase (the first uses one)
};
// Writes from many clients to one certificate, then to several: exit 0 only
// when no write was refused, 1 otherwise, 2 when the benchmark cannot run.
int RunBenchContention(const BenchContentionArgs& args);

struct BenchLookupArgs {
  std::string data = kDefaultDataDir;  // the benchmark database goes into a fresh sub-directory of it
  int rounds = 20;                     // bulk lookups timed; the median is printed
  int inputs = 1000;                   // inputs of one bulk lookup (the API's limit)
};
// One bulk lookup of `inputs` inputs on the demo data vs as many single
// lookups (bench_lookup.cc): exit 0 when every answer came, 1 otherwise, 2
// when the benchmark cannot run.
int RunBenchLookup(const BenchLookupArgs& args);

struct BenchFeedArgs {
  std::string data = kDefaultDataDir;  // the benchmark database goes into a fresh sub-directory of it
  int clients = 1'000;                 // stream clients of GET /public/v1/feed/stream
  int writers = 16;                    // concurrent writers, each changing its own certificate
  int writes = 800;                    // writes of each phase, over all writers
};
// The change feed's stream: delivery latency to every client, and write
// throughput with the clients connected vs without (bench_feed.cc). Exit 0
// when every client received every item, 1 otherwise, 2 when it cannot run.
int RunBenchFeed(const BenchFeedArgs& args);

struct BenchHttplibStaticArgs {
  std::string body;                     // the file every GET answers with
  std::string listen = "127.0.0.1:0";   // HOST:PORT; port 0 picks a free one
};
// A minimal cpp-httplib server answering every GET with the bytes of `body`
// (bench_httplib_static.cc): the ceiling bench/public_lookup.sh measures the
// public lookup against. Prints "listening on http://HOST:PORT" and serves
// until killed; 2 when the file cannot be read or the address bound.
int RunBenchHttplibStatic(const BenchHttplibStaticArgs& args);

struct ServeArgs {
  std::string data = kDefaultDataDir;
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
  std::string calendar;
  std::string public_base_url;  // for QR codes; default http://HOST:PORT
  std::string log_origin;       // the verifiable log's origin; empty: from public_base_url (log_keys.h)
  std::string log_key;          // --log-key FILE: the log key, checked against (or copied into) DATA/keys
  int threads = 64;
  std::size_t max_body_bytes = 1 << 20;
  int sweep_interval_seconds = 600;
  double checkpoint_interval_seconds = 1.0;  // at most one signed checkpoint per interval while the log grows
  std::size_t max_connections = 10'000;     // http::ServerOptions has the meaning of these
  int read_timeout_seconds = 10;
  int keep_alive_seconds = 5;
  std::size_t max_request_line_bytes = 8 << 10;
  std::size_t max_header_count = 100;
  std::size_t max_header_bytes = 32 << 10;
  std::size_t max_connections_per_address = 0;  // 0: no cap
  std::size_t max_buffered_request_mb = 256;
  std::uint64_t disk_reserve_mb = 256;  // writes refused (507) below this much free space
  std::size_t memory_budget_mb = 256;   // RocksDB's block cache and memtables together
  std::string time_zone = "Asia/Shanghai";  // IANA name: the registry's dates and ends of day
  std::string scheme;                       // scheme file (JSON); empty: the built-in scheme
  std::string body_name;                    // the certification body, shown on the public page; empty: not shown
  std::string body_contact;
  std::string complaint_channel;
  std::string icp_filing;                   // the site's ICP filing number
  bool print_config = false;                // print the effective settings and exit
  std::string log_format = "text";      // text | json (certreg/logging.h)
  std::string log_level = "info";       // trace | debug | info | warn | error | off
  std::vector<std::string> trusted_proxies;  // CIDRs whose forwarding headers are believed
  std::vector<std::string> witnesses;        // NAME=URL of each witness of the verifiable log
  std::vector<std::string> witness_vkeys;    // their cosignature/v1 verifier keys, named by NAME
  std::size_t witness_quorum = 0;            // cosignatures a checkpoint needs before it is served; 0: all
  double witness_refresh_seconds = 600;      // the latest checkpoint is re-witnessed at least this often
  double feed_heartbeat_seconds = 15;        // the change feed's stream: a comment line to every client so often
  std::size_t max_feed_streams = 5'000;      // stream clients at most (503 beyond)
  std::size_t feed_stream_buffer_kb = 1024;  // a stream client's unsent KiB before it is disconnected
};
// Serves the HTTP API until SIGTERM or SIGINT; prints "listening on
// http://HOST:PORT" on standard output once it accepts connections.
int RunServe(const ServeArgs& args);

struct TokenCreateArgs {
  std::string data = kDefaultDataDir;
  std::string role;
  std::string name;
};
// Prints the new token alone on the last output line.
int RunTokenCreate(const TokenCreateArgs& args);

struct TokenListArgs {
  std::string data = kDefaultDataDir;
};
int RunTokenList(const TokenListArgs& args);

struct TokenRevokeArgs {
  std::string data = kDefaultDataDir;
  std::string id;
};
int RunTokenRevoke(const TokenRevokeArgs& args);

struct BackupArgs {
  std::string data = kDefaultDataDir;
  std::string to;          // the backup directory
  std::string token_file;  // an admin token, for asking a running server; empty: CERTREG_TOKEN
  bool list = false;       // list the backups of `to` instead
};
// Backs up `data` into `to` (the store itself when no process holds it, else
// through the server that does), or lists the backups of `to`: exit 0, 1 when
// --list finds none, 2 on a usage or I/O error or a refusal.
int RunBackup(const BackupArgs& args);

struct RestoreArgs {
  std::string from;             // the backup directory
  std::uint32_t backup_id = 0;  // 0: the latest
  std::string data;             // a new data directory: missing or empty
};
// Restores a backup into a new data directory and verifies it: exit 0 when it
// verified, 1 when it did not (nothing is left at `data`), 2 on a usage or I/O error.
int RunRestore(const RestoreArgs& args);

}  // namespace certreg::tool
