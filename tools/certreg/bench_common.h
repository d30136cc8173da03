// Pieces the benchmarks share: a fresh working directory per run and the raw
// RocksDB baseline they measure the store against.
#pragma once

#include <fmt/format.h>
#include <rocksdb/db.h>
#include <sys/resource.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "certreg/common/ids.h"

namespace certreg::tool {

// Creates DATA/PREFIX-XXXXXXXX (random hex) for one run of `command` ("bench
// append"). On failure prints "certreg COMMAND: cannot create DIR: REASON" on
// standard error and returns nullopt.
inline std::optional<std::filesystem::path> FreshBenchDir(const std::string& data, const std::string& prefix,
                                                          const char* command) {
  const std::filesystem::path root = std::filesystem::path(data) / (prefix + "-" + RandomHex(4));
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec) {
    fmt::print(stderr, "certreg {}: cannot create {}: {}\n", command, root.string(), ec.message());
    return std::nullopt;
  }
  return root;
}

// Opens (creating) the raw baseline database at `path` with `options`. On
// failure prints "certreg COMMAND: raw RocksDB: REASON" on standard error and
// returns null.
inline std::unique_ptr<rocksdb::DB> OpenRawBaseline(rocksdb::Options options, const std::filesystem::path& path,
                                                    const char* command) {
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path.string(), &raw);
  if (!s.ok()) {
    fmt::print(stderr, "certreg {}: raw RocksDB: {}\n", command, s.ToString());
    return nullptr;
  }
  return std::unique_ptr<rocksdb::DB>(raw);
}

// CPU seconds this process has used, all threads, user and system.
inline double ProcessCpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// CPU seconds this process's live threads have run (/proc/self/task/*/schedstat; a
// thread that ends between two readings drops out of the second),
// summed by thread name (its comm: "http-worker", "store-writer"...).
inline std::map<std::string, double> ThreadCpuSecondsByName() {
  std::map<std::string, double> out;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec)) {
    std::ifstream comm_file(task.path() / "comm"), schedstat(task.path() / "schedstat");
    std::string name;
    double nanoseconds = 0;
    if (std::getline(comm_file, name) && (schedstat >> nanoseconds)) out[name] += nanoseconds / 1e9;
  }
  return out;
}

// The CPU seconds each thread name has run since `before` (a reading of
// ThreadCpuSecondsByName), by name: threads that ended meanwhile are not in it.
inline std::map<std::string, double> ThreadCpuSecondsSince(const std::map<std::string, double>& before) {
  std::map<std::string, double> out = ThreadCpuSecondsByName();
  for (auto& [name, seconds] : out) {
    const auto earlier = before.find(name);
    if (earlier != before.end()) seconds -= earlier->second;
  }
  return out;
}

}  // namespace certreg::tool
