// Request metrics for /metrics (Prometheus text format 0.0.4): requests by
// route, method and status, and latency histograms by route. Routes are the
// patterns (e.g. /api/v1/files/{file_id}), never raw paths, so the label
// space stays small; methods outside GET HEAD POST PUT DELETE PATCH OPTIONS
// share the one label "other", so no client can add a series. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace certreg::http {

class Metrics {
 public:
  static constexpr std::array<double, 12> kLatencyBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                            0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  void Observe(const std::string& route, const std::string& method, int status, double seconds);

  // The request families, in exposition format.
  std::string Render() const;

 private:
  struct Latency {
    std::array<std::uint64_t, kLatencyBounds.size()> buckets{};  // non-cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Latency> latency_;
};

// The method label of a request: the method when it is a known one, else "other".
std::string MethodLabel(const std::string& method);

// Escapes a label value for the exposition format.
std::string LabelValue(const std::string& value);

}  // namespace certreg::http
