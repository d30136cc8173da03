// certreg: the registry's command-line tool. Parses arguments and dispatches.
#include <CLI/CLI.hpp>

#include "certreg/commands.h"

int main(int argc, char** argv) {
  using namespace certreg::tool;
  CLI::App app{"certreg: the certificate registry for CMM-525-0010 (GB/T 41247-2023)"};
  app.require_subcommand(1);

  VerifyArgs verify;
  auto* verify_cmd = app.add_subcommand("verify", "Recompute every hash of the log; exit 0 only when intact");
  verify_cmd->add_option("--data", verify.data, "data directory")->capture_default_str();

  CheckArgs check;
  auto* check_cmd = app.add_subcommand("check", "Open (or create) the store, verify it and print its head");
  check_cmd->add_option("--data", check.data, "data directory")->capture_default_str();

  DumpArgs dump;
  auto* dump_cmd = app.add_subcommand("dump", "Print events of the global log");
  dump_cmd->add_option("--data", dump.data, "data directory")->capture_default_str();
  dump_cmd->add_option("--from", dump.from, "first position")->capture_default_str();
  dump_cmd->add_option("--limit", dump.limit, "at most this many events");
  dump_cmd->add_flag("--json", dump.json, "one JSON object per line");

  SweepArgs sweep;
  auto* sweep_cmd = app.add_subcommand("sweep", "Run the time-driven rules once on every file");
  sweep_cmd->add_option("--data", sweep.data, "data directory")->capture_default_str();
  sweep_cmd->add_option("--today", sweep.today, "run up to this date (YYYY-MM-DD), at most today");
  sweep_cmd->add_option("--calendar", sweep.calendar, "working-day calendar (JSON)");

  DemoArgs demo;
  auto* demo_cmd = app.add_subcommand("demo", "Load the demo data set into an empty data directory");
  demo_cmd->add_option("--data", demo.data, "data directory")->capture_default_str();
  demo_cmd->add_option("--calendar", demo.calendar, "working-day calendar (JSON)");

  RebuildArgs rebuild;
  auto* rebuild_cmd = app.add_subcommand("rebuild", "Recompute every read model from the log, compare and swap");
  rebuild_cmd->add_option("--data", rebuild.data, "data directory")->capture_default_str();

  auto* bench_cmd = app.add_subcommand("bench", "Benchmarks, each against a baseline measured in the same run");
  bench_cmd->require_subcommand(1);
  BenchAppendArgs bench_append;
  auto* bench_append_cmd = bench_cmd->add_subcommand(
      "append", "Durable appends from concurrent writers vs raw RocksDB synced puts");
  bench_append_cmd->add_option("--data", bench_append.data, "directory for the benchmark databases")
      ->capture_default_str();
  bench_append_cmd->add_option("--seconds", bench_append.seconds, "duration of each phase")
      ->capture_default_str()
      ->check(CLI::Range(0.2, 600.0));
  bench_append_cmd->add_option("--threads", bench_append.threads, "concurrent writers")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));

  BenchRebuildArgs bench_rebuild;
  auto* bench_rebuild_cmd = bench_cmd->add_subcommand(
      "rebuild", "Rebuild of every read model from a generated log vs a raw RocksDB scan of it; query latency");
  bench_rebuild_cmd->add_option("--data", bench_rebuild.data, "directory for the benchmark store")
      ->capture_default_str();
  bench_rebuild_cmd->add_option("--files", bench_rebuild.files, "certification files, at least")
      ->capture_default_str()
      ->check(CLI::Range(1, 900'000));
  bench_rebuild_cmd->add_option("--min-events", bench_rebuild.min_events, "more files until the log holds this many events")
      ->capture_default_str();
  bench_rebuild_cmd->add_option("--threads", bench_rebuild.threads, "files loaded concurrently")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  bench_rebuild_cmd->add_option("--queries", bench_rebuild.queries, "public searches, and as many lookups by number")
      ->capture_default_str();
  bench_rebuild_cmd->add_flag("--keep", bench_rebuild.keep, "keep the benchmark store");
  bench_rebuild_cmd->add_option("--reuse", bench_rebuild.reuse, "bench a store kept by --keep instead of loading one");

  CLI11_PARSE(app, argc, argv);

  if (*verify_cmd) return RunVerify(verify);
  if (*check_cmd) return RunCheck(check);
  if (*dump_cmd) return RunDump(dump);
  if (*sweep_cmd) return RunSweep(sweep);
  if (*demo_cmd) return RunDemo(demo);
  if (*rebuild_cmd) return RunRebuild(rebuild);
  if (*bench_append_cmd) return RunBenchAppend(bench_append);
  if (*bench_rebuild_cmd) return RunBenchRebuild(bench_rebuild);
  return 2;
}
