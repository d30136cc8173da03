#include "app/numbering.h"

#include <algorithm>

#include "app/event_mapping.h"

namespace certreg::app {

Result<std::uint64_t> Numbering::Peek(const std::string& counter) {
  auto stored = store_.GetExtra(kCountersCf, counter);
  if (!stored.ok()) return stored.status();
  const std::uint64_t durable = stored->has_value() ? std::stoull(**stored) : 0;
  return std::max(durable, taken_[counter]) + 1;  // taken_ holds numbers not yet durable
}

void Numbering::Take(const std::string& counter, std::uint64_t value, std::vector<store::ExtraWrite>* writes) {
  taken_[counter] = value;
  writes->push_back({kCountersCf, counter, std::to_string(value)});
}

}  // namespace certreg::app
