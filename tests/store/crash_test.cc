#include <catch2/catch.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <sstream>

#include "support/rfc6962.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::store;
using certreg::testing::OpenStore;
using certreg::testing::TempDir;

namespace {

struct Ack {
  std::string stream;
  std::uint64_t version;
  std::uint64_t position;
  std::string event_id;
};

// Runs crash_appender on `dir`, kills it with SIGKILL after `run_ms`, and
// returns every append it reported as acknowledged before dying.
std::vector<Ack> RunAndKill(const std::string& dir, int run_ms) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl(CRASH_APPENDER, CRASH_APPENDER, dir.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string output;
  char buffer[65536];
  // The random moment is counted from the first acknowledged append, so a slow
  // start (a loaded machine) does not end a round before it began; a child that
  // acknowledges nothing within 60 s is killed anyway.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool started = false;
  bool killed = false;
  for (;;) {
    if (!started && !output.empty()) {
      started = true;
      deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run_ms);
    }
    int timeout = 0;
    if (!killed) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        ::kill(pid, SIGKILL);
        killed = true;
      } else {
        timeout = static_cast<int>(left.count());
      }
    }
    pollfd pfd{fds[0], POLLIN, 0};
    int ready = ::poll(&pfd, 1, killed ? 5000 : std::min(timeout, 50));
    if (ready > 0) {
      ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
      if (n <= 0) break;  // end of file: the child is gone
      output.append(buffer, static_cast<std::size_t>(n));
    } else if (killed) {
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));  // it was still appending when killed

  std::vector<Ack> acks;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (lines.eof()) break;  // a last line without its newline was cut by the kill
    std::istringstream fields(line);
    Ack ack;
    fields >> ack.stream >> ack.version >> ack.position >> ack.event_id;
    acks.push_back(ack);
  }
  return acks;
}

}  // namespace

TEST_CASE("appends acknowledged before a SIGKILL survive it, and nothing is half-written",
          "[store][crash][durability]") {
  TempDir dir;
  std::mt19937 random(20261129);
  std::uniform_int_distribution<int> run_ms(150, 600);
  std::vector<Ack> all_acks;
  for (int round = 0; round < 8; ++round) {
    CAPTURE(round);
    std::vector<Ack> acks = RunAndKill(dir.path(), run_ms(random));
    REQUIRE_FALSE(acks.empty());
    all_acks.insert(all_acks.end(), acks.begin(), acks.end());

    auto store = OpenStore(dir.path(), /*read_only=*/true);
    REQUIRE(store);
    auto report = store->Verify();
    REQUIRE(report.ok());
    INFO(report->problem);
    REQUIRE(report->ok);  // positions dense, chain intact, indexes and head agree
    for (const Ack& ack : all_acks) {
      auto events = store->ReadStream(ack.stream, ack.version, 1);
      REQUIRE(events.ok());
      REQUIRE(events->size() == 1);
      CHECK((*events)[0].event_id == ack.event_id);
      CHECK((*events)[0].position == ack.position);
    }
  }
}

TEST_CASE("after a SIGKILL the Merkle tree covers exactly the acknowledged log and its root is recomputed",
          "[store][crash][tree]") {
  TempDir dir;
  std::mt19937 random(20261205);
  std::uniform_int_distribution<int> run_ms(100, 400);
  std::uint64_t acknowledged = 0;
  for (int round = 0; round < 4; ++round) {
    CAPTURE(round);
    for (const Ack& ack : RunAndKill(dir.path(), run_ms(random))) acknowledged = std::max(acknowledged, ack.position + 1);
    auto store = OpenStore(dir.path(), /*read_only=*/true);
    REQUIRE(store);
    const std::uint64_t size = store->Head().size;
    REQUIRE(size >= acknowledged);  // every acknowledged event, and perhaps some not yet acknowledged
    auto leaf_hashes = store->ReadTreeHashes(0, 0, size + 100);
    REQUIRE(leaf_hashes.ok());
    CHECK(leaf_hashes->size() == size);  // no event without its leaf, no leaf without its event
    auto leaves = store->ReadLeaves(0, size);
    REQUIRE(leaves.ok());
    auto root = merkle::Root(size, [&](const std::vector<merkle::NodeId>& ids) { return store->ReadTreeNodes(ids); });
    REQUIRE(root.ok());
    CHECK(*root == testing::rfc6962::Mth(*leaves, 0, size));
  }
}
