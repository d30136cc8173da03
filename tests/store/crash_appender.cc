// Test helper for crash_test.cc: appends forever from 4 threads and prints one
// line per acknowledged append: "<stream> <version> <position> <event_id>".
// The test kills it with SIGKILL at random moments.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "certreg/common/ids.h"
#include "certreg/store/event_store.h"
#include "certreg/store/record_format.h"

using namespace certreg;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: crash_appender DATA_DIR\n");
    return 2;
  }
  store::StoreOptions options;
  options.path = argv[1];
  auto opened = store::EventStore::Open(options);
  if (!opened.ok()) {
    std::fprintf(stderr, "crash_appender: %s\n", opened.status().ToString().c_str());
    return 2;
  }
  store::EventStore& store = **opened;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, t] {
      const std::string stream = "crash/" + std::to_string(t);
      std::uint64_t version = store.StreamVersion(stream).value();
      for (;;) {
        store::AppendRequest request;
        request.stream_id = stream;
        request.expected = version == 0 ? store::ExpectedVersion::NoStream() : store::ExpectedVersion::Exactly(version);
        const int count = 1 + static_cast<int>(version % 3);  // batches of 1..3 events
        for (int i = 0; i < count; ++i) {
          request.events.push_back({"StoreProbe", NewUuid(), "2026-03-02", {"crash", "system", ""}, "",
                                    store::EncodeStoreProbe("crash", std::string(200, 'c'))});
        }
        request.idempotency_key = RandomHex(8);
        auto result = store.AppendToStream(request);
        if (!result.ok()) {
          std::fprintf(stderr, "crash_appender: %s\n", result.status().ToString().c_str());
          _exit(3);
        }
        for (int i = 0; i < count; ++i) {
          // One write() per line: lines from different threads never interleave.
          std::string line = stream + " " + std::to_string(result->first_version + i) + " " +
                             std::to_string(result->first_position + i) + " " + request.events[i].event_id + "\n";
          if (::write(STDOUT_FILENO, line.data(), line.size()) < 0) _exit(4);
        }
        version = result->new_version();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return 0;
}
