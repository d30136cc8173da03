// Online backups of the store and their restore (certreg/store/backup.h):
// a backup taken while appends go on holds a prefix of the log with the head
// it records; later backups share the earlier ones' table files; the data
// directory's other files travel with it; a damaged backup is refused.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>

#include "certreg/common/sha256.h"
#include "certreg/store/backup.h"
#include "support/process.h"
#include "support/raw_db.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"

namespace certreg::testing {
namespace {

namespace fs = std::filesystem;
using namespace certreg::store;

// Every event's stored bytes, in log order.
std::vector<std::string> LogBytes(const EventStore& store) {
  std::vector<std::string> out;
  REQUIRE(store.ScanLog(0, [&](std::uint64_t, std::string_view bytes) {
                 out.emplace_back(bytes);
                 return true;
               }).ok());
  return out;
}

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A store at `data` holding `appends` appends of `events` probe events each.
std::unique_ptr<EventStore> StoreWith(const std::string& data, int appends, int events) {
  auto store = OpenStore(data);
  REQUIRE(store);
  for (int i = 0; i < appends; ++i) {
    REQUIRE(store->AppendToStream(ProbeAppend("s" + std::to_string(i % 5), ExpectedVersion::Any(), "x", events)).ok());
  }
  return store;
}

std::uint64_t BytesUnder(const fs::path& dir) {
  std::uint64_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

TEST_CASE("a backup taken while appends go on restores to a prefix of the log with the head it records",
          "[store][backup]") {
  TempDir dir;
  const std::string data = dir.Sub("data"), backups = dir.Sub("backups");
  auto store = StoreWith(data, 50, 2);
  auto with_row = ProbeAppend("rows", ExpectedVersion::Any(), "row");
  with_row.extra_writes = {{"test_rows", "kept", std::string("row")}};  // the caller's rows (tokens, read models) too
  REQUIRE(store->AppendToStream(std::move(with_row)).ok());

  std::atomic<bool> stop{false};
  std::atomic<int> appended{0};
  std::thread writer([&] {
    while (!stop.load()) {
      if (store->AppendToStream(ProbeAppend("w", ExpectedVersion::Any(), "w")).ok()) appended.fetch_add(1);
    }
  });
  while (appended.load() < 20) std::this_thread::yield();
  auto first = CreateBackup(*store, backups);
  while (appended.load() < 60) std::this_thread::yield();
  auto second = CreateBackup(*store, backups);
  stop.store(true);
  writer.join();
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  CHECK(first->backup_id == 1);
  CHECK(second->backup_id == 2);
  CHECK(first->log_size >= 121);  // the 101 events before the writer and 20 of its appends at least
  CHECK(second->log_size > first->log_size);
  CHECK(second->log_size <= store->Head().size);

  const std::vector<std::string> source = LogBytes(*store);
  for (const BackupInfo& backup : {*first, *second}) {
    INFO("backup " << backup.backup_id);
    const std::string target = dir.Sub("restored-" + std::to_string(backup.backup_id));
    auto restored = RestoreBackup(backups, backup.backup_id, target);
    REQUIRE(restored.ok());
    CHECK(restored->log_size == backup.log_size);
    auto copy = OpenStore(target);
    REQUIRE(copy);
    CHECK(copy->Head().size == backup.log_size);
    CHECK(ToHex(copy->Head().hash) == backup.head_hash_hex);
    CHECK(copy->Verify()->ok);
    const std::vector<std::string> events = LogBytes(*copy);
    REQUIRE(events.size() == backup.log_size);
    CHECK(std::equal(events.begin(), events.end(), source.begin()));
    CHECK(copy->GetExtra("test_rows", "kept").value() == std::optional<std::string>("row"));
  }

  auto listed = ListBackups(backups);
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 2);
  CHECK((*listed)[0].log_size == first->log_size);
  CHECK((*listed)[1].head_hash_hex == second->head_hash_hex);
}

TEST_CASE("a later backup copies only the table files that are new: the earlier ones are shared",
          "[store][backup]") {
  TempDir dir;
  const std::string data = dir.Sub("data"), backups = dir.Sub("backups");
  auto store = StoreWith(data, 200, 5);
  auto first = CreateBackup(*store, backups);
  REQUIRE(first.ok());
  REQUIRE(store->AppendToStream(ProbeAppend("s", ExpectedVersion::Any(), "y")).ok());
  auto second = CreateBackup(*store, backups);
  REQUIRE(second.ok());
  CHECK(second->log_size == first->log_size + 1);
  // Each backup counts every file it needs; on disk the shared ones are there once.
  CHECK(BytesUnder(fs::path(backups) / "shared_checksum") < first->bytes + second->bytes);
  CHECK(second->bytes >= first->bytes);
}

TEST_CASE("the data directory's other files travel with each backup, but not the store's own files nor serve.address",
          "[store][backup]") {
  TempDir dir;
  const std::string data = dir.Sub("data"), backups = dir.Sub("backups");
  auto store = StoreWith(data, 1, 1);
  WriteFile(fs::path(data) / "calendar.json", "{\"holidays\": []}");
  WriteFile(fs::path(data) / "keys" / "log.key", "secret key bytes");
  WriteFile(fs::path(data) / "serve.address", "127.0.0.1:1");
  auto backup = CreateBackup(*store, backups);
  REQUIRE(backup.ok());
  CHECK(backup->data_files == 2);
  WriteFile(fs::path(data) / "calendar.json", "changed after the backup");

  const std::string target = dir.Sub("restored");
  REQUIRE(RestoreBackup(backups, std::nullopt, target).ok());
  CHECK(ReadFile(fs::path(target) / "calendar.json") == "{\"holidays\": []}");
  CHECK(ReadFile(fs::path(target) / "keys" / "log.key") == "secret key bytes");
  CHECK_FALSE(fs::exists(fs::path(target) / "serve.address"));
  CHECK(IsStoreFileName("CURRENT"));
  CHECK(IsStoreFileName("000012.sst"));
  CHECK(IsStoreFileName("MANIFEST-000005"));
  CHECK(IsStoreFileName("LOG.old.2"));
  CHECK_FALSE(IsStoreFileName("calendar.json"));
}

TEST_CASE("a backup refuses a relative directory, one inside the data directory and one holding other files",
          "[store][backup]") {
  TempDir dir;
  const std::string data = dir.Sub("data");
  auto store = StoreWith(data, 1, 1);
  auto relative = CreateBackup(*store, "backups");
  REQUIRE_FALSE(relative.ok());
  CHECK(relative.status().code() == Status::Code::kInvalidArgument);
  CHECK(relative.status().message().find("absolute") != std::string::npos);
  auto inside = CreateBackup(*store, data + "/backups");
  REQUIRE_FALSE(inside.ok());
  CHECK(inside.status().code() == Status::Code::kInvalidArgument);
  CHECK_FALSE(fs::exists(data + "/backups"));
  WriteFile(fs::path(dir.Sub("other")) / "notes.txt", "not a backup");
  auto other = CreateBackup(*store, dir.Sub("other"));
  REQUIRE_FALSE(other.ok());
  CHECK(other.status().current_state() == "NOT_A_BACKUP_DIRECTORY");
  CHECK(fs::directory_iterator(dir.Sub("other"))->path().filename() == "notes.txt");
  auto unwritable = CreateBackup(*store, dir.Sub("other") + "/notes.txt/backups");  // under a regular file
  REQUIRE_FALSE(unwritable.ok());
  CHECK(unwritable.status().current_state() == "UNWRITABLE");
  CHECK(ListBackups(dir.Sub("none")).status().code() == Status::Code::kNotFound);
}

TEST_CASE("a restore refuses a directory that is not empty and a backup whose files were changed",
          "[store][backup]") {
  TempDir dir;
  const std::string data = dir.Sub("data"), backups = dir.Sub("backups");
  {
    auto store = StoreWith(data, 20, 3);
    WriteFile(fs::path(data) / "calendar.json", "{}");
    REQUIRE(CreateBackup(*store, backups).ok());
  }
  WriteFile(fs::path(dir.Sub("full")) / "something", "x");
  CHECK(RestoreBackup(backups, std::nullopt, dir.Sub("full")).status().code() == Status::Code::kInvalidArgument);
  CHECK(RestoreBackup(backups, 7, dir.Sub("seven")).status().code() == Status::Code::kNotFound);

  SECTION("a flipped byte in a table file") {
    std::vector<fs::path> tables;
    for (const auto& entry : fs::directory_iterator(fs::path(backups) / "shared_checksum")) tables.push_back(entry.path());
    REQUIRE_FALSE(tables.empty());
    std::fstream file(tables.front(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(10);
    const char byte = static_cast<char>(file.get());
    file.seekp(10);
    file.put(static_cast<char>(byte ^ 0x5a));
  }
  SECTION("a changed copy of a data file") {
    WriteFile(fs::path(backups) / "certreg" / "1" / "files" / "calendar.json", "{\"changed\": 1}");
  }
  auto restored = RestoreBackup(backups, std::nullopt, dir.Sub("restored"));
  REQUIRE_FALSE(restored.ok());
  CHECK(restored.status().code() == Status::Code::kCorruption);
}

TEST_CASE("certreg restore exits 1 and leaves nothing behind when the restored log does not verify",
          "[store][backup][tool]") {
  TempDir dir;
  const std::string data = dir.Sub("data"), backups = dir.Sub("backups"), target = dir.Sub("restored");
  const std::string tool = CERTREG_TOOL;
  REQUIRE(RunCommand(tool + " demo --data '" + data + "' 2>&1").exit_code == 0);
  {
    RawDb raw(data);  // an event changed after it was written: its hash no longer matches
    REQUIRE(raw.ok());
    std::string event = raw.Get("events", std::string(7, '\0') + '\x05').value();
    event[event.size() - 3] ^= 0x01;
    raw.Put("events", std::string(7, '\0') + '\x05', event);
  }
  REQUIRE(RunCommand(tool + " backup --data '" + data + "' --to '" + backups + "' 2>&1").exit_code == 0);
  const CommandOutput restored = RunCommand(tool + " restore --from '" + backups + "' --data '" + target + "' 2>&1");
  CHECK(restored.exit_code == 1);
  CHECK(restored.text.find("FAILED") != std::string::npos);
  CHECK(restored.text.find("position 5") != std::string::npos);
  CHECK_FALSE(fs::exists(target));
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    CHECK(entry.path().filename().string().find("restoring") == std::string::npos);
  }
}

}  // namespace
}  // namespace certreg::testing
