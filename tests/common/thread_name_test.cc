#include <catch2/catch.hpp>

#include <pthread.h>

#include <future>
#include <string>
#include <thread>

#include "certreg/common/thread_name.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"
#include "support/thread_names.h"

using namespace certreg;
using certreg::testing::ThreadNames;

namespace {

std::string NameOf(pthread_t thread) {
  char name[32] = {};
  REQUIRE(pthread_getname_np(thread, name, sizeof name) == 0);
  return name;
}

}  // namespace

TEST_CASE("a thread is named, a name longer than the system takes is cut to 15 bytes", "[common][threads]") {
  std::promise<void> finish;
  std::thread thread([done = finish.get_future()] { done.wait(); });
  NameThread(thread, "store-writer");
  const std::string short_name = NameOf(thread.native_handle());
  NameThread(thread, "a-name-of-twenty-bytes");
  const std::string long_name = NameOf(thread.native_handle());
  finish.set_value();
  thread.join();
  CHECK(short_name == "store-writer");
  CHECK(long_name == "a-name-of-twent");
}

TEST_CASE("the store's writer threads carry their names while it is open", "[common][threads][store]") {
  testing::TempDir dir;
  {
    auto store = testing::OpenStore(dir.path());
    REQUIRE(store);
    const auto names = ThreadNames();
    CHECK(names.count("store-writer") == 2);
  }
  const auto after = ThreadNames();
  CHECK(after.count("store-writer") == 0);
}
