// Pieces the benchmarks share: a fresh working directory per run and the raw
// RocksDB baseline they measure the store against.
#pragma once

#include <fmt/format.h>
#include <rocksdb/db.h>

#include <cstdio>
#include <filesystem>
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

}  // namespace certreg::tool
