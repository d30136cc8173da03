// The store's write-ahead log files written over zeros (store/zeroed_wal.h):
// zeros are on disk past the data while a file is written, a clean close cuts
// them off, a process killed with them in place loses no synced write (read
// back by RocksDB's own file system, not ours), and zeros that do not fit
// leave appends working.
#include <rocksdb/db.h>

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "certreg/store/event_store.h"
#include "store/zeroed_wal.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"

namespace certreg::testing {
namespace {

namespace fs = std::filesystem;
using store::ZeroedWalFileSystem;

constexpr std::uint64_t kFirstChunk = ZeroedWalFileSystem::kFirstChunkBytes;

// Refuses, as a full disk would, every positioned write that ends past `limit`.
class LimitedFile final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  LimitedFile(std::unique_ptr<rocksdb::FSWritableFile> file, std::uint64_t limit)
      : FSWritableFileOwnerWrapper(std::move(file)), limit_(limit) {}
  rocksdb::IOStatus PositionedAppend(const rocksdb::Slice& data, std::uint64_t offset,
                                     const rocksdb::IOOptions& options, rocksdb::IODebugContext* debug) override {
    if (offset + data.size() > limit_) return rocksdb::IOStatus::NoSpace("test limit");
    return target()->PositionedAppend(data, offset, options, debug);
  }

 private:
  const std::uint64_t limit_;
};
class LimitedFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  explicit LimitedFileSystem(std::uint64_t limit) : FileSystemWrapper(rocksdb::FileSystem::Default()), limit_(limit) {}
  const char* Name() const override { return "LimitedFileSystem"; }
  rocksdb::IOStatus NewWritableFile(const std::string& path, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus opened = target()->NewWritableFile(path, options, result, debug);
    if (opened.ok()) *result = std::make_unique<LimitedFile>(std::move(*result), limit_);
    return opened;
  }

 private:
  const std::uint64_t limit_;
};

// A RocksDB database whose files go through `fs` (RocksDB's own when null).
struct Db {
  Db(const std::string& path, std::shared_ptr<rocksdb::FileSystem> fs) {
    rocksdb::Options options;
    options.create_if_missing = true;
    if (fs) {
      env = rocksdb::NewCompositeEnv(std::move(fs));
      options.env = env.get();
    }
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(options, path, &raw).ok());
    db.reset(raw);
  }
  void PutSynced(int from, int count) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    for (int i = from; i < from + count; ++i) REQUIRE(db->Put(sync, Key(i), Value(i)).ok());
  }
  void RequireAll(int count) {
    std::string value;
    for (int i = 0; i < count; ++i) {
      REQUIRE(db->Get({}, Key(i), &value).ok());
      REQUIRE(value == Value(i));
    }
  }
  static std::string Key(int i) { return "key-" + std::to_string(i); }
  static std::string Value(int i) { return std::string(1000, static_cast<char>('a' + i % 26)); }

  std::unique_ptr<rocksdb::Env> env;  // outlives db
  std::unique_ptr<rocksdb::DB> db;
};

std::vector<fs::path> WalFiles(const std::string& dir) {
  std::vector<fs::path> logs;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (ZeroedWalFileSystem::IsWalFile(entry.path().string())) logs.push_back(entry.path());
  }
  return logs;
}

// Whether the file's last `bytes` bytes are all zero.
bool EndsInZeros(const fs::path& file, std::size_t bytes) {
  std::ifstream in(file, std::ios::binary);
  in.seekg(-static_cast<std::streamoff>(bytes), std::ios::end);
  std::string tail(bytes, '\x01');
  in.read(tail.data(), static_cast<std::streamsize>(bytes));
  return in.gcount() == static_cast<std::streamsize>(bytes) && tail.find_first_not_of('\0') == std::string::npos;
}

TEST_CASE("only RocksDB's write-ahead log files are written over zeros", "[zeroed_wal]") {
  CHECK(ZeroedWalFileSystem::IsWalFile("000012.log"));
  CHECK(ZeroedWalFileSystem::IsWalFile("/var/lib/certreg/000012.log"));
  CHECK_FALSE(ZeroedWalFileSystem::IsWalFile("/var/lib/certreg/LOG"));
  CHECK_FALSE(ZeroedWalFileSystem::IsWalFile("/var/lib/certreg/MANIFEST-000005"));
  CHECK_FALSE(ZeroedWalFileSystem::IsWalFile("/var/lib/certreg/000013.sst"));
  CHECK_FALSE(ZeroedWalFileSystem::IsWalFile("/var/lib/certreg/server.log"));
  CHECK_FALSE(ZeroedWalFileSystem::IsWalFile("/var/lib/certreg/.log"));
}

TEST_CASE("a WAL file has zeros past its data while written and none once closed", "[zeroed_wal]") {
  TempDir dir;
  {
    Db db(dir.path(), std::make_shared<ZeroedWalFileSystem>(rocksdb::FileSystem::Default()));
    db.PutSynced(0, 10);  // ~10 KB of data
    const auto logs = WalFiles(dir.path());
    REQUIRE(logs.size() == 1);
    CHECK(fs::file_size(logs[0]) >= kFirstChunk);
    CHECK(EndsInZeros(logs[0], 4096));
    // Past the first chunk: the next chunk doubles.
    db.PutSynced(10, 300);
    CHECK(fs::file_size(logs[0]) >= kFirstChunk + 2 * kFirstChunk);
    db.RequireAll(310);
  }
  const auto logs = WalFiles(dir.path());
  REQUIRE(logs.size() == 1);
  CHECK(fs::file_size(logs[0]) < 310 * 1100);
  CHECK_FALSE(EndsInZeros(logs[0], 4096));
  Db reopened(dir.path(), nullptr);
  reopened.RequireAll(310);
}

TEST_CASE("a process killed with zeros after its WAL's data loses no synced write", "[zeroed_wal]") {
  TempDir dir;
  constexpr int kWrites = 700;  // ~700 KB: into the second and third chunks
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    rocksdb::Options options;
    options.create_if_missing = true;
    auto env = rocksdb::NewCompositeEnv(std::make_shared<ZeroedWalFileSystem>(rocksdb::FileSystem::Default()));
    options.env = env.get();
    rocksdb::DB* db = nullptr;
    if (!rocksdb::DB::Open(options, dir.path(), &db).ok()) ::_exit(2);
    rocksdb::WriteOptions sync;
    sync.sync = true;
    for (int i = 0; i < kWrites; ++i) {
      if (!db->Put(sync, Db::Key(i), Db::Value(i)).ok()) ::_exit(3);
    }
    ::_exit(0);  // no close: the WAL keeps its zeros, as after kill -9
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  const auto logs = WalFiles(dir.path());
  REQUIRE(logs.size() == 1);
  CHECK(EndsInZeros(logs[0], 64 << 10));
  Db recovered(dir.path(), nullptr);  // RocksDB's own reader, not ours
  recovered.RequireAll(kWrites);
  recovered.PutSynced(kWrites, 5);  // and it takes writes after
  recovered.RequireAll(kWrites + 5);
}

TEST_CASE("zeros that do not fit leave appends working and the file without them", "[zeroed_wal]") {
  TempDir dir;
  constexpr std::uint64_t kLimit = 200 << 10;  // less than the first chunk past the first write
  {
    Db db(dir.path(), std::make_shared<ZeroedWalFileSystem>(std::make_shared<LimitedFileSystem>(kLimit)));
    db.PutSynced(0, 150);  // ~150 KB: fits, the zeros never did
    db.RequireAll(150);
    const auto logs = WalFiles(dir.path());
    REQUIRE(logs.size() == 1);
    CHECK(fs::file_size(logs[0]) <= kLimit);
  }
  Db reopened(dir.path(), nullptr);
  reopened.RequireAll(150);
}

TEST_CASE("the event store writes its WAL over zeros on a disk, not in memory", "[zeroed_wal]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store->AppendToStream(ProbeAppend("s", store::ExpectedVersion::NoStream(), "n")).ok());
  const auto logs = WalFiles(dir.path());
  REQUIRE(logs.size() == 1);
  if (store::ZeroedWalHelps(dir.path())) {
    CHECK(fs::file_size(logs[0]) >= kFirstChunk);
  } else {
    CHECK(fs::file_size(logs[0]) < kFirstChunk);
  }
}

}  // namespace
}  // namespace certreg::testing
