#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include "support/process.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::store;
using certreg::testing::TempDir;

namespace {

using Output = certreg::testing::CommandOutput;

// Runs the certreg tool with `args`, standard error included.
Output Run(const std::string& args) {
  return certreg::testing::RunCommand(std::string(CERTREG_TOOL) + " " + args + " 2>&1");
}

void WriteLog(const std::string& path, int events) {
  auto store = certreg::testing::OpenStore(path);
  for (int i = 0; i < events; ++i) {
    std::string stream = "cert-file/", note = "e";  // appended, not "e" + ...: GCC 12 -Wrestrict false positive
    stream += std::to_string(i % 2);
    note += std::to_string(i);
    REQUIRE(store->AppendToStream(certreg::testing::ProbeAppend(stream, ExpectedVersion::Any(), note)).ok());
  }
}

}  // namespace

TEST_CASE("certreg verify reports the count of an intact log", "[tool][verify]") {
  TempDir dir;
  WriteLog(dir.path(), 5);
  Output out = Run("verify --data " + dir.path());
  CHECK(out.exit_code == 0);
  CHECK_THAT(out.text, Catch::StartsWith("ok: 5 events verified"));
}

TEST_CASE("certreg verify and dump work beside a process that holds the store", "[tool][verify]") {
  TempDir dir;
  WriteLog(dir.path(), 3);
  auto held = certreg::testing::OpenStore(dir.path());
  REQUIRE(held);
  CHECK(Run("verify --data " + dir.path()).exit_code == 0);
  CHECK(Run("dump --data " + dir.path()).exit_code == 0);
}

TEST_CASE("certreg verify on a directory without a log fails with a message", "[tool][verify]") {
  TempDir dir;
  Output out = Run("verify --data " + dir.Sub("missing"));
  CHECK(out.exit_code == 2);
  CHECK_THAT(out.text, Catch::Contains("no event store"));
}

TEST_CASE("certreg dump prints events as text or as JSON lines from a position", "[tool][dump]") {
  TempDir dir;
  WriteLog(dir.path(), 4);
  Output text = Run("dump --data " + dir.path() + " --from 2");
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.text, Catch::Contains("2 cert-file/0 v2 StoreProbe"));
  CHECK_THAT(text.text, !Catch::Contains("cert-file/1 v1"));

  Output json = Run("dump --data " + dir.path() + " --json --from 1 --limit 1");
  CHECK(json.exit_code == 0);
  CHECK_THAT(json.text, Catch::StartsWith("{\"position\":1,\"stream_id\":\"cert-file/1\""));
  CHECK_THAT(json.text, Catch::Contains(",\"data\":{\"filler\":\"ffff"));  // the payload's data; bytes in hex
  CHECK_THAT(json.text, Catch::Contains("\"note\":\"e1#0\"}"));
  CHECK(std::count(json.text.begin(), json.text.end(), '\n') == 1);
}

TEST_CASE("certreg bench append prints both rates and their ratio last", "[tool][bench]") {
  TempDir dir;
  Output out = Run("bench append --data " + dir.path() + " --seconds 0.3 --threads 4");
  INFO(out.text);
  CHECK(out.exit_code == 0);
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*append: [0-9]+ events/s; raw rocksdb sync puts: [0-9]+/s \\(mean of "
                                      "the first and last run\\); ratio [0-9.]+\\n"));
  CHECK_THAT(out.text, Catch::Contains("WAL bytes (two runs: "));
  // And the store with its Merkle tree and checkpoints against the store without them.
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\\ntree: [0-9]+ events/s with the Merkle tree and [0-9]+ checkpoints "
                                      "signed \\(one a second\\), [0-9]+ without \\([0-9]+ synced batches; mean of "
                                      "two runs each, off-on-on-off\\); ratio [0-9.]+\\n(.|\\n)*"));
  // The writer's gather wait can be set for a sweep; a negative one is refused.
  Output swept = Run("bench append --data " + dir.path() + " --seconds 0.2 --threads 2 --gather-wait-us 0");
  CHECK(swept.exit_code == 0);
  CHECK(Run("bench append --data " + dir.path() + " --gather-wait-us -5").exit_code != 0);
}

TEST_CASE("certreg bench http-commands runs without and with the verifiable log and prints the ratios",
          "[tool][bench]") {
  TempDir dir;
  Output out = Run("bench http-commands --data " + dir.path() + " --seconds 0.3 --clients 4");
  INFO(out.text);
  CHECK(out.exit_code == 0);
  CHECK_THAT(out.text, Catch::Contains("\nstore (no tree, no checkpoints): "));
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\\nhttp commands: [0-9]+ acknowledged in [0-9.]+ s from 4 clients on 4 "
                                      "certificates, 0 failed\\n(.|\\n)*"));
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\\nverifiable log: [0-9]+ commands/s with the tree and a checkpoint a "
                                      "second, [0-9]+ without; ratio [0-9.]+\\n(.|\\n)*"));
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\\ndurable commands over HTTP: [0-9]+/s; raw rocksdb synced puts "
                                      "\\(1 thread\\): [0-9]+/s; ratio [0-9.]+\\n"));
}

TEST_CASE("certreg bench rebuild finds the rebuilt tables identical and prints the ratio last", "[tool][bench]") {
  TempDir dir;
  Output out = Run("bench rebuild --data " + dir.path() + " --files 200 --min-events 0 --threads 8 --queries 100");
  INFO(out.text);
  CHECK(out.exit_code == 0);
  CHECK_THAT(out.text, Catch::Contains("load: 200 files, "));
  CHECK_THAT(out.text, Catch::Contains("\nidentical: yes\n"));
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\nrebuild: [0-9]+ events in [0-9.]+ s = [0-9]+ events/s(.|\\n)*"));
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\nraw scan: [0-9]+ events in [0-9.]+ s = [0-9]+ events/s(.|\\n)*"));
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\npublic search: 100 queries .*p50 [0-9]+ us, p99 [0-9]+ us\n(.|\\n)*"));
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\nratio R = [0-9]+\\.[0-9][0-9]\n"));
  // The benchmark store is gone.
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("certreg bench scale adds the disk, memory and synced-command figures to the rebuild's", "[tool][bench]") {
  TempDir dir;
  Output out = Run("bench scale --data " + dir.path() + " --events 4000 --threads 8 --queries 50 --seconds 0.3");
  INFO(out.text);
  CHECK(out.exit_code == 0);
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\ndisk: [0-9.]+ MB in all = [0-9]+ bytes/event .*\n(.|\\n)*"));
  // The log's own column family holds most of the bytes.
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\ndisk by column family \\(bytes/event\\): events [0-9]+ (.|\\n)*"));
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\nmemory: resident [0-9]+ MB once open, [0-9]+ MB after the rebuild "
                                      "and the queries; peak [0-9]+ MB\n(.|\\n)*"));
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\nsynced commands on the loaded store \\(16 writers, random live "
                                      "certificates\\): [1-9][0-9]* in .* ratio [0-9.]+\n(.|\\n)*"));
  CHECK_THAT(out.text, Catch::Contains("\nidentical: yes\n"));
  CHECK_THAT(out.text, Catch::Matches("(.|\\n)*\nratio R = [0-9]+\\.[0-9][0-9]\n"));
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("certreg check verifies a store, and refuses a missing or a held one", "[tool][check]") {
  TempDir dir;
  Output missing = Run("check --data " + dir.Sub("fresh"));
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.text, Catch::Contains("no event store in " + dir.Sub("fresh")));
  CHECK_FALSE(std::filesystem::exists(dir.Sub("fresh")));  // check never creates one
  REQUIRE(Run("init --data " + dir.Sub("fresh")).exit_code == 0);
  Output created = Run("check --data " + dir.Sub("fresh"));
  CHECK(created.exit_code == 0);
  CHECK_THAT(created.text, Catch::Contains("0 events, every hash verified"));

  WriteLog(dir.Sub("held"), 2);
  auto held = certreg::testing::OpenStore(dir.Sub("held"));
  REQUIRE(held);
  Output busy = Run("check --data " + dir.Sub("held"));
  CHECK(busy.exit_code == 2);
  CHECK_THAT(busy.text, Catch::Contains("in use by another certreg process"));
}

TEST_CASE("certreg sweep reports what it appended and refuses a date after today", "[tool][sweep]") {
  TempDir dir;
  REQUIRE(Run("init --data " + dir.Sub("registry")).exit_code == 0);
  Output empty = Run("sweep --data " + dir.Sub("registry"));
  CHECK(empty.exit_code == 0);
  CHECK_THAT(empty.text, Catch::Contains("0 files looked at, 0 time-driven events appended, 0 failures"));
  CHECK(Run("sweep --data " + dir.Sub("registry") + " --today 2999-01-01").exit_code == 2);
  Output bad = Run("sweep --data " + dir.Sub("registry") + " --today 2026-13-01");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.text, Catch::Contains("YYYY-MM-DD"));
}

TEST_CASE("certreg demo loads the data set once and the log verifies", "[tool][demo]") {
  TempDir dir;
  Output demo = Run("demo --data " + dir.path());
  CHECK(demo.exit_code == 0);
  CHECK_THAT(demo.text, Catch::Contains("certification files"));
  CHECK(Run("verify --data " + dir.path()).exit_code == 0);
  Output again = Run("demo --data " + dir.path());
  CHECK(again.exit_code == 2);
  Output sweep = Run("sweep --data " + dir.path());
  CHECK(sweep.exit_code == 0);
}

TEST_CASE("certreg rebuild finds the demo's read models identical to the log's", "[tool][rebuild]") {
  TempDir dir;
  REQUIRE(Run("demo --data " + dir.path()).exit_code == 0);
  Output rebuilt = Run("rebuild --data " + dir.path());
  CHECK(rebuilt.exit_code == 0);
  CHECK_THAT(rebuilt.text, Catch::Contains("identical: nothing to replace"));
}
