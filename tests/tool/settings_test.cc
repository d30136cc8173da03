// The command line an operator meets: --version, exit status 2 for every
// usage error, `certreg init`, and settings from flags, CERTREG_*
// variables and the --config file (README, "Configuration").
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

using certreg::testing::CommandOutput;
using certreg::testing::TempDir;

namespace {

// Runs the certreg tool with `args` (a shell command line), standard error included.
CommandOutput Tool(const std::string& args) {
  return certreg::testing::RunCommand(std::string(CERTREG_TOOL) + " " + args + " 2>&1");
}

// The same with environment variables set, e.g. "CERTREG_LISTEN=1.2.3.4:5".
CommandOutput ToolWithEnv(const std::string& env, const std::string& args) {
  return certreg::testing::RunCommand("env " + env + " " + std::string(CERTREG_TOOL) + " " + args + " 2>&1");
}

std::string WriteFile(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.Sub(name);
  std::ofstream(path) << text;
  return path;
}

bool Contains(const CommandOutput& out, const std::string& text) { return out.text.find(text) != std::string::npos; }

// A serve command line that is refused (exit 2) with a message saying `says`.
struct Refusal {
  std::string args;
  std::string says;
};
void CheckRefused(const std::vector<Refusal>& refused, const std::string& data) {
  for (const Refusal& r : refused) {
    INFO(r.args);
    const CommandOutput out = Tool("serve " + r.args + data);
    INFO(out.text);
    CHECK(out.exit_code == 2);
    CHECK(Contains(out, r.says));
  }
}

}  // namespace

TEST_CASE("certreg --version and certreg version print the version, commit and libraries, exit 0", "[tool][version]") {
  const CommandOutput flag = Tool("--version");
  CHECK(flag.exit_code == 0);
  CHECK_THAT(flag.text, Catch::StartsWith("certreg 0."));
  CHECK_THAT(flag.text, Catch::Matches("certreg [0-9]+\\.[0-9]+\\.[0-9]+\\ngit commit ([0-9a-f]{7,40}|unknown)"
                                       "\\nrocksdb [0-9.]+\\ncapnproto [0-9.]+\\n"));
  const CommandOutput command = Tool("version");
  CHECK(command.exit_code == 0);
  CHECK(command.text == flag.text);
}

TEST_CASE("every usage error exits 2 naming what is wrong, and --help exits 0", "[tool][usage]") {
  TempDir dir;
  const struct {
    std::string args;
    std::string says;
  } errors[] = {
      {"", "a subcommand is required"},
      {"no-such-command", "no-such-command"},
      {"serve --no-such-flag", "--no-such-flag"},
      {"serve --threads 1", "--threads"},
      {"serve --threads many", "many"},
      {"serve --listen nocolon --data " + dir.Sub("d"), "--listen must be HOST:PORT"},
      {"token create --role clerk", "--name is required"},
      {"sweep --today 2026-13-40 --data " + dir.Sub("d"), "--today must be a date"},
      {"serve --config " + dir.Sub("absent.toml"), "absent.toml"},
  };
  for (const auto& e : errors) {
    INFO("certreg " << e.args);
    const CommandOutput out = Tool(e.args);
    INFO(out.text);
    CHECK(out.exit_code == 2);
    CHECK(Contains(out, e.says));
  }
  CHECK(Tool("--help").exit_code == 0);
  CHECK(Tool("serve --help").exit_code == 0);
  CHECK(Contains(Tool("serve --help"), "--time-zone"));
}

TEST_CASE("certreg init creates an owner-only data directory with an empty store, once", "[tool][init]") {
  TempDir dir;
  const std::string data = dir.Sub("new/registry");
  const CommandOutput created = Tool("init --data " + data);
  INFO(created.text);
  REQUIRE(created.exit_code == 0);
  CHECK(Contains(created, "data directory " + data + " (mode 0700)"));
  CHECK(Contains(created, "an empty event store"));
  struct stat st {};
  REQUIRE(::stat(data.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  CHECK(std::filesystem::exists(data + "/CURRENT"));
  CHECK_THAT(Tool("verify --data " + data).text, Catch::StartsWith("ok: 0 events verified"));
  CHECK(Tool("token create --data " + data + " --role admin --name ops").exit_code == 0);

  const CommandOutput again = Tool("init --data " + data);
  CHECK(again.exit_code == 2);
  CHECK(Contains(again, data + " already holds a store"));

  const std::string other = dir.Sub("other");
  std::filesystem::create_directory(other);
  WriteFile(dir, "other/notes.txt", "x");
  const CommandOutput not_empty = Tool("init --data " + other);
  CHECK(not_empty.exit_code == 2);
  CHECK(Contains(not_empty, other + " is not empty"));
  CHECK_FALSE(std::filesystem::exists(other + "/CURRENT"));

  const std::string file = WriteFile(dir, "plain", "x");
  CHECK(Tool("init --data " + file).exit_code == 2);
  std::filesystem::create_directory(dir.Sub("empty"));
  CHECK(Tool("init --data " + dir.Sub("empty")).exit_code == 0);  // an empty directory will do
}

TEST_CASE("serve --print-config prints every default as a config file, opening nothing", "[tool][settings]") {
  TempDir dir;
  const CommandOutput out = Tool("serve --print-config --data " + dir.Sub("none"));
  INFO(out.text);
  CHECK(out.exit_code == 0);
  // The default --listen as `serve --help` declares it: loopback, the one default port.
  const std::string help = Tool("serve --help").text;
  const std::string flag = "--listen TEXT=";
  const std::size_t at = help.find(flag);
  REQUIRE(at != std::string::npos);
  const std::string listen = help.substr(at + flag.size(), help.find(' ', at + flag.size()) - at - flag.size());
  CHECK_THAT(listen, Catch::StartsWith("127.0.0.1:"));
  const std::vector<std::string> lines = {"[serve]", "listen = \"" + listen + "\"", "max-body = 1048576",
                                          "time-zone = \"Asia/Shanghai\"", "body-name = \"\"", "sweep-interval = 600"};
  for (const std::string& line : lines) {
    CHECK_THAT(out.text, Catch::Contains("\n" + line + "\n"));
  }
  CHECK_THAT(out.text, !Catch::Contains("print-config ="));
  CHECK_FALSE(std::filesystem::exists(dir.Sub("none")));
}

TEST_CASE("settings: flags over CERTREG_* variables over the --config file over defaults", "[tool][settings]") {
  TempDir dir;
  const std::string config = WriteFile(dir, "certreg.toml",
                                       "# the operator's file\n"
                                       "data = \"/srv/registry\"\n"
                                       "[serve]\n"
                                       "listen = \"10.0.0.1:0\"\n"
                                       "max-body = 2048\n"
                                       "threads = 8\n"
                                       "body-name = \"示例认证有限公司\"\n");
  const CommandOutput out =
      ToolWithEnv("CERTREG_LISTEN=10.0.0.2:9090 CERTREG_THREADS=12", "serve --config " + config + " --threads 16 --print-config");
  INFO(out.text);
  REQUIRE(out.exit_code == 0);
  CHECK_THAT(out.text, Catch::Contains("\nthreads = 16\n"));                  // the flag
  CHECK_THAT(out.text, Catch::Contains("\nlisten = \"10.0.0.2:9090\"\n"));    // the environment
  CHECK_THAT(out.text, Catch::Contains("\nmax-body = 2048\n"));               // the file's [serve]
  CHECK_THAT(out.text, Catch::Contains("\ndata = \"/srv/registry\"\n"));      // the file, above any section
  CHECK_THAT(out.text, Catch::Contains("\nbody-name = \"示例认证有限公司\"\n"));
  CHECK_THAT(out.text, Catch::Contains("\nread-timeout = 10\n"));             // the default

  // What --print-config prints, --config reads back to the same settings.
  const std::string printed = WriteFile(dir, "printed.toml", out.text);
  const CommandOutput again = Tool("serve --config " + printed + " --print-config");
  CHECK(again.exit_code == 0);
  CHECK(again.text == out.text);
}

TEST_CASE("the --config file: an unknown key or section or a bad value is refused naming it", "[tool][settings]") {
  TempDir dir;
  const struct {
    const char* file;
    const char* says;
  } refused[] = {
      {"[serve]\nlisen = \"0.0.0.0:80\"\n", "unknown key 'serve.lisen'"},
      {"[srve]\nlisten = \"0.0.0.0:80\"\n", "unknown section [srve]"},
      {"colour = \"blue\"\n", "unknown key 'colour'"},
      {"[serve]\nthreads = 1\n", "serve.threads"},
      {"[serve]\nmax-body = \"lots\"\n", "serve.max-body"},
  };
  for (const auto& r : refused) {
    INFO(r.file);
    const std::string config = WriteFile(dir, "bad.toml", r.file);
    const CommandOutput out = Tool("serve --print-config --config " + config);
    INFO(out.text);
    CHECK(out.exit_code == 2);
    CHECK(Contains(out, config));
    CHECK(Contains(out, r.says));
  }
  const CommandOutput env = ToolWithEnv("CERTREG_THREADS=1", "serve --print-config");
  CHECK(env.exit_code == 2);
  CHECK(Contains(env, "--threads"));
  // Keys of other subcommands' sections are known, and apply only to them.
  const std::string others = WriteFile(dir, "others.toml", "[sweep]\ntime-zone = \"UTC\"\n[token.create]\nrole = \"clerk\"\n");
  const CommandOutput serve = Tool("serve --print-config --config " + others);
  CHECK(serve.exit_code == 0);
  CHECK_THAT(serve.text, Catch::Contains("\ntime-zone = \"Asia/Shanghai\"\n"));
}

TEST_CASE("serve refuses a public base URL that QR codes must not print, saying why", "[tool][settings][public_url]") {
  TempDir dir;
  const std::string data = " --data " + dir.Sub("none");  // refused before any store is looked for
  CheckRefused({
      {"--public-base-url ftp://registry.example.cn", "must start with http:// or https://"},
      {"--public-base-url http://0.0.0.0", "0.0.0.0 and :: are listen addresses"},
      {"--public-base-url http://[::]", "0.0.0.0 and :: are listen addresses"},
      {"--listen 0.0.0.0:0 --public-base-url http://127.0.0.1", "a loopback host while listening on 0.0.0.0"},
      {"--listen 10.1.2.3:0 --public-base-url http://localhost", "a loopback host while listening on 10.1.2.3"},
      {"--public-base-url 'https://registry.example.cn/?a=1'", "no query (?) or fragment (#)"},
      {"--public-base-url 'https://registry.example.cn/#top'", "no query (?) or fragment (#)"},
      {"--public-base-url https://registry.example.cn:99999", "the port must be a number from 1 to 65535"},
      {"--public-base-url https://user@registry.example.cn", "no blanks, backslashes or user (@)"},
      {"--public-base-url https://", "expected http(s)://HOST[:PORT][/PATH]"},
  }, data);
  // Accepted: the command goes on to look for the store.
  for (const std::string args : {"--public-base-url http://127.0.0.1", "--listen 0.0.0.0:0 --public-base-url https://registry.example.cn/cmm/",
                                 "--listen [::]:0 --public-base-url https://[2001:db8::1]:443/"}) {
    INFO(args);
    CHECK(Contains(Tool("serve " + args + data), "no event store"));
  }
}

TEST_CASE("the scheme file and the time zone as settings: a bad file or an unknown zone is refused naming it", "[tool][settings]") {
  TempDir dir;
  const std::string data = dir.Sub("registry");
  REQUIRE(Tool("init --data " + data).exit_code == 0);
  const CommandOutput missing = Tool("sweep --data " + data + " --scheme " + dir.Sub("absent.json"));
  CHECK(missing.exit_code == 2);
  CHECK(Contains(missing, "--scheme " + dir.Sub("absent.json")));
  const std::string broken = WriteFile(dir, "broken.json", "{\"scheme\": ");
  const CommandOutput bad = Tool("sweep --data " + data + " --scheme " + broken);
  CHECK(bad.exit_code == 2);
  CHECK(Contains(bad, "--scheme " + broken));
  const CommandOutput zone = Tool("serve --data " + data + " --listen 127.0.0.1:0 --time-zone Mars/Olympus_Mons");
  CHECK(zone.exit_code == 2);
  CHECK(Contains(zone, "unknown time zone 'Mars/Olympus_Mons'"));
  // The built-in scheme's own file, given as a file, runs the rules.
  const std::string scheme = std::string(CERTREG_SOURCE_DIR) + "/src/scheme/cmm-525-0010.json";
  const CommandOutput swept = Tool("sweep --data " + data + " --scheme " + scheme + " --time-zone America/New_York");
  INFO(swept.text);
  CHECK(swept.exit_code == 0);
  CHECK(Contains(swept, "0 failures"));
}

TEST_CASE("serve's witness settings round-trip through --config, and a mismatch, a repeat or a bad URL is refused naming it",
          "[tool][settings][witness]") {
  TempDir dir;
  const std::string w1 = "witness.example/w1+e75f6532+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4";
  const std::string w2 = "witness.example/w2+92e6b37c+BIE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU";
  const std::string both = " --witness witness.example/w1=https://w1.example/tlog --witness witness.example/w2=http://10.0.0.7:7380"
                           " --witness-vkey " + w1 + " --witness-vkey " + w2;
  const CommandOutput defaults = Tool("serve --print-config");
  INFO(defaults.text);
  CHECK(Contains(defaults, "\n# witness = []\n"));
  CHECK(Contains(defaults, "\nwitness-quorum = 0\n"));
  CHECK(Contains(defaults, "\nwitness-refresh = 600"));

  const CommandOutput out = Tool("serve" + both + " --witness-quorum 1 --witness-refresh 30 --print-config");
  INFO(out.text);
  REQUIRE(out.exit_code == 0);
  CHECK(Contains(out, "\nwitness = [\"witness.example/w1=https://w1.example/tlog\", \"witness.example/w2=http://10.0.0.7:7380\"]\n"));
  CHECK(Contains(out, "\nwitness-vkey = [\"" + w1 + "\", \"" + w2 + "\"]\n"));
  CHECK(Contains(out, "\nwitness-quorum = 1\n"));
  const std::string printed = WriteFile(dir, "printed.toml", out.text);
  const CommandOutput again = Tool("serve --config " + printed + " --print-config");
  CHECK(again.exit_code == 0);
  CHECK(again.text == out.text);

  const std::string data = " --data " + dir.Sub("none");  // refused before any store is looked for
  CheckRefused({
      {" --witness witness.example/w1", "--witness 'witness.example/w1' is not NAME=URL"},
      {" --witness witness.example/w1=ftp://w1.example --witness-vkey " + w1, "is not http(s)://HOST[:PORT][/PATH]"},
      {" --witness 'witness.example/w1=https://w1.example/?a=1' --witness-vkey " + w1, "no query, fragment or user"},
      {" --witness witness.example/w1=https://w1.example --witness witness.example/w1=https://w2.example --witness-vkey " + w1,
       "--witness witness.example/w1 is given twice"},
      {" --witness witness.example/w1=https://w.example --witness witness.example/w2=https://w.example",
       "--witness URL https://w.example is given twice"},
      {" --witness witness.example/w1=https://w1.example", "--witness witness.example/w1 has no --witness-vkey"},
      {" --witness witness.example/w1=https://w1.example --witness-vkey " + w2, "names witness.example/w2, which no --witness"},
      {" --witness witness.example/w1=https://w1.example --witness-vkey " + w1 + " --witness-vkey " + w1, "has two keys"},
      {" --witness witness.example/w1=https://w1.example --witness-vkey x+00000000+AAAA", "--witness-vkey 'x+00000000+AAAA'"},
      {both + " --witness-quorum 3", "--witness-quorum 3 is more than the 2 witnesses given"},
      {" --witness-quorum 1", "--witness-quorum 1 is more than the 0 witnesses given"},
  }, data);
  CHECK(Contains(Tool("serve" + both + data), "no event store"));  // accepted: it goes on to the store
}
