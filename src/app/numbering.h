// Internal to the app room: the registry's numbers (file ids, certificate
// numbers), handed out densely and never twice.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/store/event_store.h"

namespace certreg::app {

// A number is peeked while the command is decided and taken only once it is
// decided: a refused command leaves it free, a command whose append then
// fails leaves a gap. Callers hold Lock() from Peek until their append is
// done, so that counters are written in increasing order. Thread-safe under
// that lock.
class Numbering {
 public:
  explicit Numbering(const store::EventStore& store) : store_(store) {}

  std::unique_lock<std::mutex> Lock() { return std::unique_lock<std::mutex>(mu_); }
  // The next free number of `counter` (under Lock()).
  Result<std::uint64_t> Peek(const std::string& counter);
  // Takes `value` of `counter` (under Lock()); its durable record joins `writes`.
  void Take(const std::string& counter, std::uint64_t value, std::vector<store::ExtraWrite>* writes);

 private:
  const store::EventStore& store_;
  std::mutex mu_;
  std::map<std::string, std::uint64_t> taken_;  // last number handed out per counter, durable or not yet
};

}  // namespace certreg::app
