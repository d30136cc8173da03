// certreg: the registry's command-line tool. Parses arguments (flags, then
// CERTREG_* variables, then the --config file: settings.h) and dispatches.
// Exit status 2 for every usage error; 0 for --help and --version.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <utility>
#include <vector>

#include "certreg/commands.h"
#include "certreg/settings.h"
#include "certreg/logging.h"

namespace {

// The subcommands, each with the run that serves it once parsed.
class Subcommands {
 public:
  // A subcommand of `parent` that runs `run(args)` when given; `args` must
  // outlive this object.
  template <typename Args>
  CLI::App* Add(CLI::App& parent, const char* name, const char* description, Args& args, int (*run)(const Args&)) {
    CLI::App* cmd = parent.add_subcommand(name, description);
    runs_.push_back({cmd, [&args, run] { return run(args); }});
    return cmd;
  }

  // The same, for one that works on the data directory `args.data` (--data).
  template <typename Args>
  CLI::App* AddOnData(CLI::App& parent, const char* name, const char* description, Args& args,
                      int (*run)(const Args&)) {
    CLI::App* cmd = Add(parent, name, description, args, run);
    cmd->add_option("--data", args.data, "data directory")->capture_default_str();
    return cmd;
  }

  // Runs the subcommand that was given; 2 when none was.
  int RunGiven() const {
    for (const auto& [cmd, run] : runs_) {
      if (*cmd) return run();
    }
    return 2;
  }

 private:
  std::vector<std::pair<CLI::App*, std::function<int()>>> runs_;
};

// The options every timed benchmark takes: where its databases go, and how
// long each of its phases runs.
void AddPhaseOptions(CLI::App* cmd, std::string& data, double& seconds) {
  cmd->add_option("--data", data, "directory for the benchmark databases")->capture_default_str();
  cmd->add_option("--seconds", seconds, "duration of each phase")->capture_default_str()->check(CLI::Range(0.2, 600.0));
}

// The settings of the rules a subcommand runs (sweep, demo, rebuild; serve has them too).
void AddRuleOptions(CLI::App* cmd, std::string& calendar, std::string& scheme, std::string& time_zone) {
  cmd->add_option("--calendar", calendar, "working-day calendar (JSON)");
  cmd->add_option("--scheme", scheme, "scheme file (JSON); default the built-in scheme");
  cmd->add_option("--time-zone", time_zone, "the registry's time zone (IANA name)")->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace certreg::tool;
  CLI::App app{"certreg: the certificate registry for CMM-525-0010 (GB/T 41247-2023)"};
  app.require_subcommand(0, 1);  // none is refused below, after an unknown word is named
  app.fallthrough();  // --config and --version after the subcommand too
  app.set_version_flag("--version", VersionText, "print the version and exit");
  std::string config_file;
  app.add_option("--config", config_file, "settings file (TOML or INI): a [serve] section for serve, and so on")
      ->configurable(false);
  Subcommands subcommands;

  VersionArgs version;
  subcommands.Add(app, "version", "Print the version, the git commit and the library versions", version, RunVersion);

  InitArgs init;
  subcommands.AddOnData(app, "init", "Create a data directory (mode 0700) with an empty store", init, RunInit)
      ->add_option("--log-origin", init.log_origin,
                   "the verifiable log's origin, its signing key's name (default: certreg.invalid/log)");
  app.get_subcommand("init")->add_option(
      "--log-key", init.log_key,
      "FILE: the log's signing key in Go's PRIVATE+KEY+<origin>+... form (mode 0600), copied into DATA/keys; "
      "its name is the origin");

  auto* log_cmd = app.add_subcommand("log", "The verifiable log's keys");
  log_cmd->require_subcommand(1);
  LogKeyArgs log_key;
  subcommands.AddOnData(*log_cmd, "key", "Print the log's and the status key's verifier keys, one a line", log_key,
                        RunLogKey);

  auto* statement_cmd = app.add_subcommand("statement", "Certificate status statements");
  statement_cmd->require_subcommand(1);
  StatementVerifyArgs statement_verify;
  auto* statement_verify_cmd = subcommands.Add(*statement_cmd, "verify",
                                               "Check a status statement offline; exit 0 only when every check holds",
                                               statement_verify, RunStatementVerify);
  statement_verify_cmd->add_option("FILE", statement_verify.file, "the statement (text or JSON form); - for stdin")
      ->required();
  statement_verify_cmd->add_option("--log-vkey", statement_verify.log_vkey, "the log's verifier key")->required();
  statement_verify_cmd->add_option("--status-vkey", statement_verify.status_vkey, "the status key's verifier key")
      ->required();

  VerifyArgs verify;
  subcommands.AddOnData(app, "verify", "Recompute every hash of the log; exit 0 only when intact", verify, RunVerify);

  CheckArgs check;
  subcommands.AddOnData(app, "check", "Open the store for writing, verify it and print its head", check, RunCheck);

  DumpArgs dump;
  auto* dump_cmd = subcommands.AddOnData(app, "dump", "Print events of the global log", dump, RunDump);
  dump_cmd->add_option("--from", dump.from, "first position")->capture_default_str();
  dump_cmd->add_option("--limit", dump.limit, "at most this many events");
  dump_cmd->add_flag("--json", dump.json, "one JSON object per line");

  SweepArgs sweep;
  auto* sweep_cmd =
      subcommands.AddOnData(app, "sweep", "Run the time-driven rules once on every file", sweep, RunSweep);
  sweep_cmd->add_option("--today", sweep.today, "run up to this date (YYYY-MM-DD), at most today");
  AddRuleOptions(sweep_cmd, sweep.calendar, sweep.scheme, sweep.time_zone);

  DemoArgs demo;
  auto* demo_cmd =
      subcommands.AddOnData(app, "demo", "Load the demo data set into an empty data directory", demo, RunDemo);
  AddRuleOptions(demo_cmd, demo.calendar, demo.scheme, demo.time_zone);

  RebuildArgs rebuild;
  auto* rebuild_cmd = subcommands.AddOnData(app, "rebuild", "Recompute every read model from the log, compare and swap",
                                            rebuild, RunRebuild);
  AddRuleOptions(rebuild_cmd, rebuild.calendar, rebuild.scheme, rebuild.time_zone);

  ServeArgs serve;
  auto* serve_cmd = subcommands.AddOnData(
      app, "serve", "Serve the HTTP API and the public page until SIGTERM or SIGINT", serve, RunServe);
  AddServeOptions(serve_cmd, serve);
  AddLoggingOptions(serve_cmd, serve);

  auto* token_cmd = app.add_subcommand("token", "Bearer tokens of the staff API");
  token_cmd->require_subcommand(1);
  TokenCreateArgs token_create;
  auto* token_create_cmd = subcommands.AddOnData(
      *token_cmd, "create", "Create a token; prints it alone on the last line", token_create, RunTokenCreate);
  token_create_cmd->add_option("--role", token_create.role, "clerk, auditor, committee, regulator, admin or metrics (reads /metrics only)")
      ->required();
  token_create_cmd->add_option("--name", token_create.name, "the user's name (the actor on every event)")->required();
  TokenListArgs token_list;
  subcommands.AddOnData(*token_cmd, "list", "List every token (never the secrets)", token_list, RunTokenList);
  TokenRevokeArgs token_revoke;
  auto* token_revoke_cmd =
      subcommands.AddOnData(*token_cmd, "revoke", "Revoke a token by its id", token_revoke, RunTokenRevoke);
  token_revoke_cmd->add_option("id", token_revoke.id, "the token's id (from token list)")->required();

  BackupArgs backup;
  auto* backup_cmd = subcommands.AddOnData(
      app, "backup", "Back up the data directory, also while a server runs (incremental)", backup, RunBackup);
  backup_cmd->add_option("--to", backup.to, "backup directory (created when missing)")->required();
  backup_cmd->add_option("--token-file", backup.token_file,
                         "file holding an admin token, to ask a running server (else CERTREG_TOKEN)");
  backup_cmd->add_flag("--list", backup.list, "list the backups of --to instead");
  RestoreArgs restore;
  auto* restore_cmd = subcommands.Add(app, "restore", "Restore a backup into a new data directory and verify it",
                                      restore, RunRestore);
  restore_cmd->add_option("--from", restore.from, "backup directory")->required();
  restore_cmd->add_option("--backup-id", restore.backup_id, "the backup to restore (default: the latest)")
      ->check(CLI::Range(1u, 4'000'000'000u));
  restore_cmd->add_option("--data", restore.data, "the new data directory (missing or empty)")->required();

  auto* bench_cmd = app.add_subcommand("bench", "Benchmarks, each against a baseline measured in the same run");
  bench_cmd->require_subcommand(1);
  BenchAppendArgs bench_append;
  auto* bench_append_cmd =
      subcommands.Add(*bench_cmd, "append", "Durable appends from concurrent writers vs raw RocksDB synced puts",
                      bench_append, RunBenchAppend);
  AddPhaseOptions(bench_append_cmd, bench_append.data, bench_append.seconds);
  bench_append_cmd->add_option("--threads", bench_append.threads, "concurrent writers")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  bench_append_cmd
      ->add_option("--gather-wait-us", bench_append.gather_wait_us,
                   "how long the store's writer waits for a group to grow (StoreOptions::gather_wait); -1: default")
      ->capture_default_str()
      ->check(CLI::Range(-1, 10'000));

  BenchRebuildArgs bench_rebuild;
  auto* bench_rebuild_cmd =
      subcommands.Add(*bench_cmd, "rebuild",
                      "Rebuild of every read model from a generated log vs a raw RocksDB scan of it; query latency",
                      bench_rebuild, RunBenchRebuild);
  bench_rebuild_cmd->add_option("--data", bench_rebuild.data, "directory for the benchmark store")
      ->capture_default_str();
  bench_rebuild_cmd->add_option("--files", bench_rebuild.files, "certification files, at least")
      ->capture_default_str()
      ->check(CLI::Range(1, 900'000));
  bench_rebuild_cmd
      ->add_option("--min-events", bench_rebuild.min_events, "more files until the log holds this many events")
      ->capture_default_str();
  bench_rebuild_cmd->add_option("--threads", bench_rebuild.threads, "files loaded concurrently")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  bench_rebuild_cmd->add_option("--queries", bench_rebuild.queries, "public searches, and as many lookups by number")
      ->capture_default_str();
  bench_rebuild_cmd->add_flag("--keep", bench_rebuild.keep, "keep the benchmark store");
  bench_rebuild_cmd->add_option("--reuse", bench_rebuild.reuse, "bench a store kept by --keep instead of loading one");

  BenchScaleArgs bench_scale;
  auto* bench_scale_cmd = subcommands.Add(
      *bench_cmd, "scale",
      "A store of N generated events: load, disk per event, memory, synced commands, rebuild and queries",
      bench_scale, RunBenchScale);
  BenchRebuildArgs& scale = bench_scale.rebuild;
  bench_scale_cmd->add_option("--data", scale.data, "directory for the benchmark store")->capture_default_str();
  bench_scale_cmd->add_option("--events", bench_scale.events, "events the log holds at least")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{20'000'000}));
  bench_scale_cmd->add_option("--threads", scale.threads, "files loaded concurrently")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  bench_scale_cmd->add_option("--queries", scale.queries, "public searches, and as many lookups by number")
      ->capture_default_str();
  bench_scale_cmd->add_option("--writers", scale.writers, "threads writing synced commands")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  bench_scale_cmd->add_option("--seconds", scale.seconds, "duration of the synced writes, and of the raw puts")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 600.0));
  bench_scale_cmd->add_flag("--keep", scale.keep, "keep the benchmark store");
  bench_scale_cmd->add_option("--reuse", scale.reuse, "bench a store kept by --keep instead of loading one");

  BenchHttpArgs bench_http;
  auto* bench_http_cmd =
      subcommands.Add(*bench_cmd, "http-commands",
                      "Durable commands over HTTP from many clients vs raw RocksDB synced puts (one thread)",
                      bench_http, RunBenchHttpCommands);
  AddPhaseOptions(bench_http_cmd, bench_http.data, bench_http.seconds);
  bench_http_cmd->add_option("--clients", bench_http.clients, "concurrent clients")
      ->capture_default_str()
      ->check(CLI::Range(1, 512));
  bench_http_cmd->add_option("--certificates", bench_http.certificates, "certificates written to (0: one per client)")
      ->capture_default_str()
      ->check(CLI::Range(0, 512));

  BenchContentionArgs bench_contention;
  auto* bench_contention_cmd =
      subcommands.Add(*bench_cmd, "contention",
                      "Writes without If-Match from many clients on one certificate, then several: none refused",
                      bench_contention, RunBenchContention);
  AddPhaseOptions(bench_contention_cmd, bench_contention.data, bench_contention.seconds);
  bench_contention_cmd->add_option("--clients", bench_contention.clients, "concurrent clients")
      ->capture_default_str()
      ->check(CLI::Range(1, 512));
  bench_contention_cmd->add_option("--certificates", bench_contention.certificates, "certificates of the second phase")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));

  BenchLookupArgs bench_lookup;
  auto* bench_lookup_cmd =
      subcommands.Add(*bench_cmd, "lookup", "One bulk lookup of 1,000 inputs on the demo data vs 1,000 single lookups",
                      bench_lookup, RunBenchLookup);
  bench_lookup_cmd->add_option("--data", bench_lookup.data, "directory for the benchmark store")->capture_default_str();
  bench_lookup_cmd->add_option("--rounds", bench_lookup.rounds, "bulk lookups timed")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  bench_lookup_cmd->add_option("--inputs", bench_lookup.inputs, "inputs of one bulk lookup")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));

  BenchFeedArgs bench_feed;
  auto* bench_feed_cmd =
      subcommands.Add(*bench_cmd, "feed",
                      "The change feed's stream: delivery latency to many clients, writes with them vs without",
                      bench_feed, RunBenchFeed);
  bench_feed_cmd->add_option("--data", bench_feed.data, "directory for the benchmark database")->capture_default_str();
  bench_feed_cmd->add_option("--clients", bench_feed.clients, "stream clients")
      ->capture_default_str()
      ->check(CLI::Range(1, 9'000));
  bench_feed_cmd->add_option("--writers", bench_feed.writers, "concurrent writers")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  bench_feed_cmd->add_option("--writes", bench_feed.writes, "writes of each phase")
      ->capture_default_str()
      ->check(CLI::Range(1, 1'000'000));

  BenchHttplibStaticArgs bench_httplib_static;
  auto* bench_httplib_static_cmd =
      subcommands.Add(*bench_cmd, "httplib-static",
                      "A minimal cpp-httplib server answering every GET with one file: the ceiling of "
                      "bench/public_lookup.sh",
                      bench_httplib_static, RunBenchHttplibStatic);
  bench_httplib_static_cmd->add_option("--body", bench_httplib_static.body, "the file to answer with")->required();
  bench_httplib_static_cmd->add_option("--listen", bench_httplib_static.listen, "HOST:PORT (port 0: a free one)")
      ->capture_default_str();

  NameEnvironmentVariables(app);  // after every option, others' included
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int printed = app.exit(e);  // --help and --version print and are 0; errors print their message
    return printed == 0 ? 0 : 2;
  }
  if (app.get_subcommands().empty()) {
    fmt::print(stderr, "certreg: a subcommand is required\nRun with --help for more information.\n");
    return 2;
  }
  if (!config_file.empty()) {
    if (certreg::Status applied = ApplyConfigFile(app, config_file); !applied.ok()) {
      fmt::print(stderr, "certreg: {}\n", applied.message());
      return 2;
    }
  }
  if (*serve_cmd && serve.print_config) {
    fmt::print("{}", EffectiveSettings(*serve_cmd, "serve", serve_cmd->get_option("--print-config")));
    return 0;
  }
  return subcommands.RunGiven();
}
