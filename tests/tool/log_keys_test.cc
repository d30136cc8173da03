// The verifiable log's keys in a data directory (README, "The verifiable log:
// keys"): made by init or the first writable open, owner-only, printed as
// verifier keys by `certreg log key`, carried by backups.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "certreg/common/signed_note.h"
#include "support/process.h"
#include "support/temp_dir.h"

using certreg::testing::CommandOutput;
using certreg::testing::TempDir;
namespace fs = std::filesystem;

namespace {

CommandOutput Tool(const std::string& args) {
  return certreg::testing::RunCommand(std::string(CERTREG_TOOL) + " " + args + " 2>&1");
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

unsigned Mode(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("certreg init makes the log and status keys, owner-only, and log key prints their verifier keys",
          "[tool][log_keys]") {
  TempDir dir;
  const std::string data = dir.Sub("registry");
  const CommandOutput created = Tool("init --data " + data + " --log-origin certreg.example.cn/log");
  INFO(created.text);
  REQUIRE(created.exit_code == 0);
  CHECK(Contains(created.text, "origin certreg.example.cn/log"));
  CHECK(Mode(data + "/keys") == 0700);
  CHECK(Mode(data + "/keys/log.key") == 0600);
  CHECK(Mode(data + "/keys/status.key") == 0600);

  std::string log_text = ReadFile(data + "/keys/log.key");
  std::string status_text = ReadFile(data + "/keys/status.key");
  REQUIRE(log_text.size() > 1);
  log_text.pop_back();
  status_text.pop_back();
  auto log = certreg::ParseNoteSignerKey(log_text);
  auto status = certreg::ParseNoteSignerKey(status_text);
  REQUIRE(log.ok());
  REQUIRE(status.ok());
  CHECK(log->name == "certreg.example.cn/log");
  CHECK(status->name == "certreg.example.cn/log/status");
  CHECK(log->public_key != status->public_key);

  const CommandOutput printed = Tool("log key --data " + data);
  REQUIRE(printed.exit_code == 0);
  CHECK(printed.text == certreg::NoteVerifierKeyText(certreg::VerifierOf(*log)) + "\n" +
                            certreg::NoteVerifierKeyText(certreg::VerifierOf(*status)) + "\n");
  CHECK_FALSE(Contains(printed.text, "PRIVATE"));
  // The verifier key opens a note the private key signed.
  auto vkey = certreg::ParseNoteVerifierKey(printed.text.substr(0, printed.text.find('\n')));
  REQUIRE(vkey.ok());
  auto note = certreg::SignNote("hello\n", {*log});
  REQUIRE(note.ok());
  CHECK(certreg::OpenNote(*note, {*vkey}).ok());

  // A later writable open keeps the keys; another --log-origin is refused, naming both.
  REQUIRE(Tool("token list --data " + data).exit_code == 0);
  CHECK(Tool("log key --data " + data).text == printed.text);
  const CommandOutput other = Tool("serve --data " + data + " --listen 127.0.0.1:0 --log-origin other.example/log");
  CHECK(other.exit_code == 2);
  CHECK(Contains(other.text, "other.example/log"));
  CHECK(Contains(other.text, "certreg.example.cn/log"));
}

TEST_CASE("an origin with a space or '+' is refused, and without one the keys are named certreg.invalid/log",
          "[tool][log_keys]") {
  TempDir dir;
  for (const std::string bad : {"'a b/log'", "a+b/log", "example.org/log/"}) {
    INFO(bad);
    const CommandOutput refused = Tool("init --data " + dir.Sub("bad") + " --log-origin " + bad);
    CHECK(refused.exit_code == 2);
    CHECK(Contains(refused.text, "--log-origin"));
    CHECK_FALSE(fs::exists(dir.Sub("bad")));
  }
  const std::string data = dir.Sub("plain");
  REQUIRE(Tool("init --data " + data).exit_code == 0);
  CHECK_THAT(Tool("log key --data " + data).text, Catch::StartsWith("certreg.invalid/log+"));
}

TEST_CASE("a store from before the keys gets them on its first writable open, log key alone makes none",
          "[tool][log_keys]") {
  TempDir dir;
  const std::string data = dir.Sub("old");
  REQUIRE(Tool("init --data " + data).exit_code == 0);
  fs::remove_all(data + "/keys");
  const CommandOutput none = Tool("log key --data " + data);
  CHECK(none.exit_code == 2);
  CHECK(Contains(none.text, "holds no log keys"));
  CHECK_FALSE(fs::exists(data + "/keys"));
  CHECK(Tool("log key --data " + dir.Sub("missing")).exit_code == 2);

  REQUIRE(Tool("token list --data " + data).exit_code == 0);
  CHECK(Mode(data + "/keys/log.key") == 0600);
  const CommandOutput made = Tool("log key --data " + data);
  CHECK(made.exit_code == 0);
  CHECK_THAT(made.text, Catch::StartsWith("certreg.invalid/log+"));

  // One key file without the other is named, not silently replaced.
  fs::remove(data + "/keys/status.key");
  const CommandOutput half = Tool("log key --data " + data);
  CHECK(half.exit_code == 2);
  CHECK(Contains(half.text, "status.key is missing"));
}

TEST_CASE("a backup carries the key files: the restored directory has the same verifier keys",
          "[tool][log_keys][backup]") {
  TempDir dir;
  const std::string data = dir.Sub("data"), backups = dir.Sub("backups"), restored = dir.Sub("restored");
  REQUIRE(Tool("init --data " + data + " --log-origin registry.example/log").exit_code == 0);
  const std::string keys = Tool("log key --data " + data).text;
  const CommandOutput backup = Tool("backup --data " + data + " --to " + backups);
  INFO(backup.text);
  REQUIRE(backup.exit_code == 0);
  const CommandOutput restore = Tool("restore --from " + backups + " --data " + restored);
  INFO(restore.text);
  REQUIRE(restore.exit_code == 0);
  CHECK(ReadFile(restored + "/keys/log.key") == ReadFile(data + "/keys/log.key"));
  CHECK(Tool("log key --data " + restored).text == keys);
  CHECK(Mode(restored + "/keys/log.key") == 0600);
  CHECK(Mode(restored + "/keys") == 0700);  // owner-only from the start, not once the store is opened
  CHECK(Mode(restored) == 0700);
}

TEST_CASE("serve names new keys HOST[:PORT]/log of its public base URL", "[tool][log_keys]") {
  TempDir dir;
  const std::string data = dir.Sub("registry");
  REQUIRE(Tool("init --data " + data).exit_code == 0);
  fs::remove_all(data + "/keys");
  // 192.0.2.1 (TEST-NET-1) is no address of this machine: serve opens the directory, then fails to bind.
  const CommandOutput serve =
      Tool("serve --data " + data + " --listen 192.0.2.1:0 --public-base-url https://certreg.example.cn:8443/reg");
  CHECK(serve.exit_code == 2);
  CHECK(Contains(serve.text, "cannot bind"));
  const std::string keys = Tool("log key --data " + data).text;
  CHECK_THAT(keys, Catch::StartsWith("certreg.example.cn:8443/log+"));
  CHECK(Contains(keys, "\ncertreg.example.cn:8443/log/status+"));
}

namespace {

// A key file in Go's private-key form, one line, with `mode`.
certreg::NoteSigner WriteKeyFile(const std::string& path, const std::string& name, unsigned mode = 0600) {
  auto key = certreg::GenerateNoteSigner(name);
  REQUIRE(key.ok());
  std::ofstream(path) << certreg::NoteSignerKeyText(*key) << "\n";
  REQUIRE(::chmod(path.c_str(), mode) == 0);
  return *key;
}

std::string VkeyOf(const certreg::NoteSigner& key) {
  return certreg::NoteVerifierKeyText(certreg::VerifierOf(key));
}

}  // namespace

TEST_CASE("init --log-key copies the key file into DATA/keys, names the log by it and makes the status key",
          "[tool][log_keys][log_key_file]") {
  TempDir dir;
  const std::string data = dir.Sub("registry"), file = dir.Sub("log.key");
  const certreg::NoteSigner key = WriteKeyFile(file, "keys.example.cn/log");
  const CommandOutput created = Tool("init --data " + data + " --log-key " + file);
  INFO(created.text);
  REQUIRE(created.exit_code == 0);
  CHECK(Contains(created.text, "origin keys.example.cn/log"));
  CHECK(ReadFile(data + "/keys/log.key") == ReadFile(file));
  CHECK(Mode(data + "/keys/log.key") == 0600);
  CHECK(Mode(data + "/keys/status.key") == 0600);
  const std::string printed = Tool("log key --data " + data).text;
  CHECK(printed.substr(0, printed.find('\n')) == VkeyOf(key));
  CHECK(Contains(printed, "\nkeys.example.cn/log/status+"));

  // The same key again is accepted (serve opens the directory, then fails to bind 192.0.2.1, TEST-NET-1).
  const CommandOutput same = Tool("serve --data " + data + " --listen 192.0.2.1:0 --log-key " + file);
  CHECK(same.exit_code == 2);
  CHECK(Contains(same.text, "cannot bind"));

  // Another key of the same name is refused, naming both: a log's key never changes silently.
  const std::string other_file = dir.Sub("other.key");
  const certreg::NoteSigner other = WriteKeyFile(other_file, "keys.example.cn/log");
  const CommandOutput refused = Tool("serve --data " + data + " --listen 127.0.0.1:0 --log-key " + other_file);
  INFO(refused.text);
  CHECK(refused.exit_code == 2);
  CHECK(Contains(refused.text, "never changes"));
  CHECK(Contains(refused.text, VkeyOf(other)));
  CHECK(Contains(refused.text, VkeyOf(key)));
  CHECK_FALSE(Contains(refused.text, "listening on"));
  CHECK(ReadFile(data + "/keys/log.key") == ReadFile(file));
}

TEST_CASE("serve --log-key gives a store without keys that key, named by it, with a new status key",
          "[tool][log_keys][log_key_file]") {
  TempDir dir;
  const std::string data = dir.Sub("registry"), file = dir.Sub("log.key");
  REQUIRE(Tool("init --data " + data).exit_code == 0);
  fs::remove_all(data + "/keys");
  const certreg::NoteSigner key = WriteKeyFile(file, "given.example.cn/log");
  // The key's name is the origin, whatever --public-base-url would give.
  const CommandOutput serve = Tool("serve --data " + data + " --listen 192.0.2.1:0 --log-key " + file +
                                   " --public-base-url https://elsewhere.example.cn");
  INFO(serve.text);
  CHECK(serve.exit_code == 2);
  CHECK(Contains(serve.text, "cannot bind"));
  const std::string printed = Tool("log key --data " + data).text;
  CHECK(printed == VkeyOf(key) + "\n" + printed.substr(printed.find('\n') + 1));
  CHECK_THAT(printed.substr(printed.find('\n') + 1), Catch::StartsWith("given.example.cn/log/status+"));
  CHECK(ReadFile(data + "/keys/log.key") == ReadFile(file));
}

TEST_CASE("a --log-key file open to others, malformed, missing or named other than --log-origin is refused",
          "[tool][log_keys][log_key_file]") {
  TempDir dir;
  const std::string data = dir.Sub("registry"), file = dir.Sub("log.key");
  WriteKeyFile(file, "keys.example.cn/log");
  for (const unsigned mode : {0640u, 0604u, 0620u}) {
    REQUIRE(::chmod(file.c_str(), mode) == 0);
    const CommandOutput open_key = Tool("init --data " + data + " --log-key " + file);
    INFO(open_key.text);
    CHECK(open_key.exit_code == 2);
    CHECK(Contains(open_key.text, "readable by its owner alone (chmod 600 " + file + ")"));
    CHECK_FALSE(fs::exists(data));
  }
  REQUIRE(::chmod(file.c_str(), 0600) == 0);

  const CommandOutput named_other =
      Tool("init --data " + data + " --log-key " + file + " --log-origin other.example.cn/log");
  INFO(named_other.text);
  CHECK(named_other.exit_code == 2);
  CHECK(Contains(named_other.text, "'keys.example.cn/log', not the origin 'other.example.cn/log'"));
  CHECK_FALSE(fs::exists(data));

  const std::string garbled = dir.Sub("garbled.key");
  std::ofstream(garbled) << "PRIVATE+KEY+not-a-key\n";
  REQUIRE(::chmod(garbled.c_str(), 0600) == 0);
  const CommandOutput malformed = Tool("init --data " + data + " --log-key " + garbled);
  CHECK(malformed.exit_code == 2);
  CHECK(Contains(malformed.text, "--log-key: the key file " + garbled + " is malformed"));
  CHECK_FALSE(fs::exists(data));

  const CommandOutput missing = Tool("init --data " + data + " --log-key " + dir.Sub("nowhere.key"));
  CHECK(missing.exit_code == 2);
  CHECK(Contains(missing.text, "no such file"));
  CHECK_FALSE(fs::exists(data));

  // serve checks the name against --log-origin too, before it makes any key.
  REQUIRE(Tool("init --data " + data + " --log-origin keys.example.cn/log").exit_code == 0);
  const std::string before = ReadFile(data + "/keys/log.key");
  const CommandOutput serve =
      Tool("serve --data " + data + " --listen 127.0.0.1:0 --log-key " + file + " --log-origin keys.example.cn/other");
  CHECK(serve.exit_code == 2);
  CHECK(Contains(serve.text, "not the origin 'keys.example.cn/other'"));
  CHECK(ReadFile(data + "/keys/log.key") == before);
}
