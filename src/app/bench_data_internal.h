// Internal to the benchmark data set (bench_data*.cc): generated holders and
// the per-file random draws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "app/demo_data_internal.h"

namespace certreg::app::bench {

// Deterministic draws (splitmix64), seeded by the file index.
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }  // 0 .. n-1
  bool Percent(int p) { return Below(100) < p; }

 private:
  std::uint64_t state_;
};

// The holder of file k: a company whose name is unique among the first
// 182,700 files (city, two brand words, trade), or one time in twenty a live
// salesperson; codes, addresses and personal data derived from k.
demo::Holder BenchHolder(std::size_t k);

// Another name for the same company (a brand word changed), for a change of
// name in the certificate's `life` (0, 1, ...): each differs from the one before.
std::string RenamedHolder(std::size_t k, int life);

}  // namespace certreg::app::bench
