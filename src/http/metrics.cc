#include "http/metrics.h"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>

namespace certreg::http {

std::string LabelValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string MethodLabel(const std::string& method) {
  static const std::array<std::string_view, 7> kKnown = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
  return std::find(kKnown.begin(), kKnown.end(), method) != kKnown.end() ? method : "other";
}

void Metrics::Observe(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{route, MethodLabel(method), status}];
  Latency& l = latency_[route];
  ++l.count;
  l.sum += seconds;
  for (std::size_t i = 0; i < kLatencyBounds.size(); ++i) {
    if (seconds <= kLatencyBounds[i]) {
      ++l.buckets[i];
      break;
    }
  }
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  out += "# HELP certreg_http_requests_total HTTP requests answered, by route pattern, method and status.\n";
  out += "# TYPE certreg_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format("certreg_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                       LabelValue(route), LabelValue(method), status, count);
  }
  out += "# HELP certreg_http_request_duration_seconds Time from the request read to the response ready, by route.\n";
  out += "# TYPE certreg_http_request_duration_seconds histogram\n";
  for (const auto& [route, l] : latency_) {
    std::uint64_t cumulative = 0;
    const std::string label = LabelValue(route);
    for (std::size_t i = 0; i < kLatencyBounds.size(); ++i) {
      cumulative += l.buckets[i];
      out += fmt::format("certreg_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", label,
                         kLatencyBounds[i], cumulative);
    }
    out += fmt::format("certreg_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", label,
                       l.count);
    out += fmt::format("certreg_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label, l.sum);
    out += fmt::format("certreg_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label, l.count);
  }
  return out;
}

}  // namespace certreg::http
