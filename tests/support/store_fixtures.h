// Helpers for store tests: open a store and make probe events.
#pragma once

#include <memory>
#include <string>

#include "certreg/common/ids.h"
#include "certreg/store/event_store.h"
#include "certreg/store/record_format.h"

namespace certreg::testing {

inline store::NewEvent ProbeEvent(const std::string& note, std::size_t filler_bytes = 32) {
  return store::NewEvent{"StoreProbe",           NewUuid(), "2026-03-02", {"li.na", "clerk", "tok-1"},
                         "corr-" + note,          store::EncodeStoreProbe(note, std::string(filler_bytes, 'f'))};
}

inline store::AppendRequest ProbeAppend(const std::string& stream, store::ExpectedVersion expected,
                                        const std::string& note, int count = 1) {
  store::AppendRequest request;
  request.stream_id = stream;
  request.expected = expected;
  for (int i = 0; i < count; ++i) request.events.push_back(ProbeEvent(note + "#" + std::to_string(i)));
  return request;
}

inline std::unique_ptr<store::EventStore> OpenStore(const std::string& path, bool read_only = false) {
  store::StoreOptions options;
  options.path = path;
  options.read_only = read_only;
  options.extra_column_families = {"test_rows"};
  auto opened = store::EventStore::Open(options);
  if (!opened.ok()) return nullptr;
  return std::move(opened).value();
}

}  // namespace certreg::testing
