#include "http/lookup_cache.h"

namespace certreg::http {

std::optional<LookupCache::Answer> LookupCache::Find(const std::string& number, const std::string& row,
                                             std::int32_t day) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(number);
  if (it == entries_.end() || it->second.day != day || it->second.row != row) return std::nullopt;
  return it->second.answer;
}

bool LookupCache::Holds(const std::string& number) const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.count(number) != 0;
}

void LookupCache::Keep(const std::string& number, std::string row, std::int32_t day, Answer answer) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= kMaxEntries && entries_.count(number) == 0) entries_.clear();
  entries_[number] = Entry{std::move(row), day, std::move(answer)};
}

}  // namespace certreg::http
