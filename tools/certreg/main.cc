// certreg: the registry's command-line tool. Parses arguments and dispatches.
#include <CLI/CLI.hpp>
#include <functional>
#include <utility>
#include <vector>

#include "certreg/commands.h"
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

}  // namespace

int main(int argc, char** argv) {
  using namespace certreg::tool;
  CLI::App app{"certreg: the certificate registry for CMM-525-0010 (GB/T 41247-2023)"};
  app.require_subcommand(1);
  Subcommands subcommands;

  VerifyArgs verify;
  subcommands.AddOnData(app, "verify", "Recompute every hash of the log; exit 0 only when intact", verify, RunVerify);

  CheckArgs check;
  subcommands.AddOnData(app, "check", "Open (or create) the store, verify it and print its head", check, RunCheck);

  DumpArgs dump;
  auto* dump_cmd = subcommands.AddOnData(app, "dump", "Print events of the global log", dump, RunDump);
  dump_cmd->add_option("--from", dump.from, "first position")->capture_default_str();
  dump_cmd->add_option("--limit", dump.limit, "at most this many events");
  dump_cmd->add_flag("--json", dump.json, "one JSON object per line");

  SweepArgs sweep;
  auto* sweep_cmd =
      subcommands.AddOnData(app, "sweep", "Run the time-driven rules once on every file", sweep, RunSweep);
  sweep_cmd->add_option("--today", sweep.today, "run up to this date (YYYY-MM-DD), at most today");
  sweep_cmd->add_option("--calendar", sweep.calendar, "working-day calendar (JSON)");

  DemoArgs demo;
  auto* demo_cmd =
      subcommands.AddOnData(app, "demo", "Load the demo data set into an empty data directory", demo, RunDemo);
  demo_cmd->add_option("--calendar", demo.calendar, "working-day calendar (JSON)");

  RebuildArgs rebuild;
  subcommands.AddOnData(app, "rebuild", "Recompute every read model from the log, compare and swap", rebuild,
                        RunRebuild);

  ServeArgs serve;
  auto* serve_cmd = subcommands.AddOnData(
      app, "serve", "Serve the HTTP API and the public page until SIGTERM or SIGINT", serve, RunServe);
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  serve_cmd->add_option("--calendar", serve.calendar, "working-day calendar (JSON)");
  serve_cmd->add_option("--public-base-url", serve.public_base_url,
                        "the registry's public address, encoded in QR codes (default http://HOST:PORT)");
  serve_cmd->add_option("--threads", serve.threads, "worker threads running handlers on complete requests")
      ->capture_default_str()
      ->check(CLI::Range(4, 4096));
  serve_cmd->add_option("--max-body", serve.max_body_bytes, "largest request body in bytes (413 above)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1024}, std::size_t{64} << 20));
  serve_cmd->add_option("--max-connections", serve.max_connections,
                        "open connections at most; at the cap the oldest idle one is closed, else the new one")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{16}, std::size_t{1'000'000}));
  serve_cmd->add_option("--read-timeout", serve.read_timeout_seconds,
                        "seconds a request's head, then its body, may take to arrive (408 after)")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve_cmd->add_option("--keep-alive-timeout", serve.keep_alive_seconds,
                        "seconds a connection may wait between requests before it is closed")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  serve_cmd->add_option("--max-request-line", serve.max_request_line_bytes, "longest request line in bytes (414 above)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{256}, std::size_t{1} << 20));
  serve_cmd->add_option("--max-headers", serve.max_header_count, "most header fields in a request (431 above)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{8}, std::size_t{10'000}));
  serve_cmd->add_option("--max-header-bytes", serve.max_header_bytes, "largest header block in bytes (431 above)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 20));
  serve_cmd->add_option("--max-connections-per-address", serve.max_connections_per_address,
                        "open connections from one client address at most (more are closed at once); 0: no cap, "
                        "as behind a reverse proxy")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1'000'000}));
  serve_cmd->add_option("--max-buffered-request-mb", serve.max_buffered_request_mb,
                        "MiB of request heads and bodies held across all connections before a read gets 503")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{64} << 10));
  serve_cmd
      ->add_option("--sweep-interval", serve.sweep_interval_seconds,
                   "seconds between runs of the time-driven rules (also run at start); 0: never")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400 * 7));
  serve_cmd
      ->add_option("--disk-reserve-mb", serve.disk_reserve_mb,
                   "writes are refused (507) while the data directory has less free space than this; 0: none")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1} << 30));
  serve_cmd
      ->add_option("--memory-budget-mb", serve.memory_budget_mb,
                   "RocksDB's memory: one block cache shared by all tables, memtables charged to it")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 20));
  certreg::tool::AddLoggingOptions(serve_cmd, serve);

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

  BenchHttpArgs bench_http;
  auto* bench_http_cmd =
      subcommands.Add(*bench_cmd, "http-commands",
                      "Durable commands over HTTP from many clients vs raw RocksDB synced puts (one thread)",
                      bench_http, RunBenchHttpCommands);
  AddPhaseOptions(bench_http_cmd, bench_http.data, bench_http.seconds);
  bench_http_cmd->add_option("--clients", bench_http.clients, "concurrent clients")
      ->capture_default_str()
      ->check(CLI::Range(1, 512));

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

  CLI11_PARSE(app, argc, argv);

  return subcommands.RunGiven();
}
