// The server's threads carry names (top -H, ps -L, perf); its connection
// loop runs on the thread that calls Server::Run (in `serve`, the main one).
#include <catch2/catch.hpp>

#include "support/http_fixture.h"
#include "support/thread_names.h"

using certreg::testing::HttpFixture;
using certreg::testing::ThreadNames;

TEST_CASE("the server's workers and the store's writer are named threads", "[http][threads]") {
  HttpFixture fx;
  const auto names = ThreadNames();
  CHECK(names.count("http-worker") >= 1);
  CHECK(names.count("store-writer") == 2);
}
