// Rendered public lookups (GET /public/v1/certificates/{no}), kept while the
// certificate's row bytes and the registry's day are what they were rendered
// from: the answer is a pure function of both (and of the public base URL,
// fixed for a server), so a hit is byte for byte what rendering would give.
// Thread-safe; bounded (cleared when full).
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace certreg::http {

class LookupCache {
 public:
  static constexpr std::size_t kMaxEntries = 20'000;

  // A rendered answer and its entity tag (computed once, when it is kept).
  struct Answer {
    std::string body;
    std::string etag;
  };
  // The answer rendered from exactly these row bytes on this day, if kept.
  std::optional<Answer> Find(const std::string& number, const std::string& row, std::int32_t day) const;
  // Whether an answer for `number` is kept (from whatever row and day).
  bool Holds(const std::string& number) const;
  void Keep(const std::string& number, std::string row, std::int32_t day, Answer answer);

 private:
  struct Entry {
    std::string row;
    std::int32_t day = 0;
    Answer answer;
  };
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace certreg::http
