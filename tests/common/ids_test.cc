// Random identifiers (certreg/common/ids.h): the UUIDs' form, and the
// per-thread pool of random bytes handing each byte out once, across its
// refills, across threads and across a fork.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "certreg/common/ids.h"

using namespace certreg;

namespace {

bool IsLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

TEST_CASE("a new UUID is an RFC 4122 version-4 UUID in lower-case text", "[common][ids]") {
  for (int i = 0; i < 100; ++i) {
    const std::string uuid = NewUuid();
    INFO(uuid);
    REQUIRE(uuid.size() == 36);
    for (std::size_t at = 0; at < uuid.size(); ++at) {
      if (at == 8 || at == 13 || at == 18 || at == 23) {
        CHECK(uuid[at] == '-');
      } else {
        CHECK(IsLowerHex(uuid[at]));
      }
    }
    CHECK(uuid[14] == '4');  // version
    CHECK(std::string("89ab").find(uuid[19]) != std::string::npos);  // variant 10xx
  }
}

TEST_CASE("identifiers drawn past many refills of the pool, on several threads, are all distinct",
          "[common][ids]") {
  // 512 bytes a refill: 20,000 UUIDs and hex ids of 4 to 32 bytes cross hundreds of refills.
  constexpr int kThreads = 4;
  constexpr int kEach = 5'000;
  std::vector<std::vector<std::string>> drawn(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&drawn, t] {
      for (int i = 0; i < kEach; ++i) {
        drawn[t].push_back(NewUuid());
        drawn[t].push_back(RandomHex(4 + static_cast<std::size_t>(i % 29)));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> seen;
  for (const auto& list : drawn) seen.insert(list.begin(), list.end());
  CHECK(seen.size() == static_cast<std::size_t>(2 * kThreads * kEach));
  // Longer requests bypass the pool and are as random.
  const std::string a = RandomHex(64), b = RandomHex(64);
  CHECK(a.size() == 128);
  CHECK(a != b);
}

TEST_CASE("a forked child does not repeat its parent's next identifiers", "[common][ids]") {
  NewUuid();  // the pool holds bytes the child would inherit
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const std::string uuid = NewUuid();
    const ssize_t written = ::write(pipe_fds[1], uuid.data(), uuid.size());
    ::_exit(written == static_cast<ssize_t>(uuid.size()) ? 0 : 1);
  }
  ::close(pipe_fds[1]);
  const std::string parents = NewUuid();
  std::string childs(36, '\0');
  const ssize_t got = ::read(pipe_fds[0], childs.data(), childs.size());
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(got == 36);
  CHECK(WIFEXITED(status));
  CHECK(childs != parents);
}
