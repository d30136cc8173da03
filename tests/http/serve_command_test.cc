// `certreg serve` and `certreg token create|list|revoke` as an operator runs
// them: a token made on the command line opens the API of a server started
// on port 0; while it runs, writing subcommands on its directory are
// refused; SIGTERM stops it cleanly; a revoked token is refused afterwards.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/types.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <sstream>

#include <httplib.h>

#include "support/process.h"
#include "support/temp_dir.h"

namespace certreg::testing {
namespace {

CommandOutput Tool(const std::string& args) { return RunCommand(std::string(CERTREG_TOOL) + " " + args + " 2>&1"); }

std::string LastLine(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  const std::size_t nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

// `certreg serve` in the background: its pid and the port it printed.
class Serving {
 public:
  explicit Serving(const std::string& data) {
    const std::string command = "sh -c '" + std::string(CERTREG_TOOL) + " serve --data " + data +
                                " --listen 127.0.0.1:0 --threads 4 2>/dev/null & echo pid $!; wait $!; echo exit $?'";
    pipe_ = ::popen(command.c_str(), "r");
    REQUIRE(pipe_ != nullptr);
    char line[512];
    while (std::fgets(line, sizeof line, pipe_) != nullptr) {
      const std::string l = line;
      if (l.rfind("pid ", 0) == 0) pid_ = std::stoi(l.substr(4));
      const std::string prefix = "listening on http://127.0.0.1:";
      if (l.rfind(prefix, 0) == 0) {
        port_ = std::stoi(l.substr(prefix.size()));
        break;
      }
    }
    REQUIRE(pid_ > 0);
    REQUIRE(port_ > 0);
  }
  ~Serving() {
    if (pipe_ != nullptr) Stop();
  }

  int port() const { return port_; }

  // SIGTERM; returns the server's exit status.
  int Stop() {
    ::kill(pid_, SIGTERM);
    std::string rest;
    char line[512];
    while (std::fgets(line, sizeof line, pipe_) != nullptr) rest += line;
    ::pclose(pipe_);
    pipe_ = nullptr;
    const std::size_t at = rest.rfind("exit ");
    return at == std::string::npos ? -1 : std::stoi(rest.substr(at + 5));
  }

 private:
  FILE* pipe_ = nullptr;
  int pid_ = 0;
  int port_ = 0;
};

int GetStatus(int port, const std::string& path, const std::string& token) {
  httplib::Client client("127.0.0.1", port);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  auto result = client.Get(path, headers);
  return result ? result->status : 0;
}

TEST_CASE("certreg token and certreg serve: a token opens the API until it is revoked", "[http][tool][serve]") {
  TempDir dir;
  const std::string data = dir.Sub("registry");
  REQUIRE(Tool("init --data " + data).exit_code == 0);

  const CommandOutput created = Tool("token create --data " + data + " --role regulator --name wu.min");
  INFO(created.text);
  REQUIRE(created.exit_code == 0);
  const std::string token = LastLine(created.text);
  CHECK(token.rfind("crt_", 0) == 0);
  const std::string id = token.substr(4, 16);
  CHECK(Tool("token create --data " + data + " --role chief --name x").exit_code == 2);
  const CommandOutput listed = Tool("token list --data " + data);
  CHECK(listed.exit_code == 0);
  CHECK(listed.text.find(id) != std::string::npos);
  CHECK(listed.text.find("wu.min") != std::string::npos);
  CHECK(listed.text.find(token.substr(21)) == std::string::npos);  // never the secret

  {
    Serving server(data);
    CHECK(GetStatus(server.port(), "/healthz", "") == 200);
    CHECK(GetStatus(server.port(), "/api/v1/log/head", token) == 200);
    CHECK(GetStatus(server.port(), "/api/v1/log/head", "") == 401);
    // The directory is the server's: a writing subcommand is refused with a clear message.
    const CommandOutput busy = Tool("token create --data " + data + " --role clerk --name li.na");
    CHECK(busy.exit_code != 0);
    CHECK(busy.text.find("in use") != std::string::npos);
    CHECK(server.Stop() == 0);
  }

  const CommandOutput revoked = Tool("token revoke --data " + data + " " + id);
  INFO(revoked.text);
  CHECK(revoked.exit_code == 0);
  CHECK(Tool("token revoke --data " + data + " 0000000000000000").exit_code == 1);
  {
    Serving server(data);
    CHECK(GetStatus(server.port(), "/api/v1/log/head", token) == 401);
    CHECK(server.Stop() == 0);
  }
}

TEST_CASE("GET /log/vkey answers the verifier keys certreg log key prints, to anyone", "[http][tool][serve][log_keys]") {
  TempDir dir;
  const std::string data = dir.Sub("registry");
  REQUIRE(Tool("init --data " + data + " --log-origin certreg.example.cn/log").exit_code == 0);
  const CommandOutput printed = Tool("log key --data " + data);
  REQUIRE(printed.exit_code == 0);
  Serving server(data);
  httplib::Client client("127.0.0.1", server.port());
  auto got = client.Get("/log/vkey");
  REQUIRE(got);
  CHECK(got->status == 200);
  CHECK(got->body == printed.text);
  CHECK(got->get_header_value("Content-Type").rfind("text/plain", 0) == 0);
  CHECK(got->body.find("certreg.example.cn/log/status+") != std::string::npos);
  CHECK(got->body.find("PRIVATE") == std::string::npos);
  CHECK(server.Stop() == 0);
}

TEST_CASE("certreg serve and the other commands refuse a directory that holds no store", "[http][tool][serve]") {
  TempDir dir;
  const std::string missing = dir.Sub("mistyped");
  for (const std::string command : {"serve", "token list", "sweep", "rebuild", "verify", "dump", "check"}) {
    INFO(command);
    const CommandOutput refused = Tool(command + " --data " + missing);
    CHECK(refused.exit_code == 2);
    CHECK(refused.text.find("no event store in " + missing + ": the directory does not exist") != std::string::npos);
    CHECK(refused.text.find("certreg init --data " + missing) != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(missing));  // nothing was created

  const std::string empty = dir.Sub("empty");
  std::filesystem::create_directory(empty);
  const CommandOutput refused = Tool("serve --data " + empty + " --listen 127.0.0.1:0");
  CHECK(refused.exit_code == 2);
  CHECK(refused.text.find("the directory holds no store") != std::string::npos);
  CHECK(std::filesystem::is_empty(empty));
}

}  // namespace
}  // namespace certreg::testing
