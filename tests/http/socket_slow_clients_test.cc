// Idle and slow clients cannot starve others (http/connection_loop.h): idle
// and half-sent connections hold no worker, a trickled request gets 408
// within read_timeout of its first byte, an idle connection is closed after
// keep_alive_timeout, and stopping (Stop() or SIGTERM to `certreg serve`)
// takes a few seconds whatever the clients do. Time bounds are generous
// (a loaded 2-core machine); bench/hostile_clients.py measures the figures.
#include <catch2/catch.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "support/http_fixture.h"
#include "support/process.h"
#include "support/raw_socket.h"
#include "support/temp_dir.h"

namespace certreg::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

// Connections that each sent the start of a request and then one more byte
// every `pace`, until destroyed.
class Tricklers {
 public:
  Tricklers(int port, int count, milliseconds pace) {
    for (int i = 0; i < count; ++i) {
      sockets_.push_back(std::make_unique<RawSocket>(port));
      REQUIRE(sockets_.back()->connected());
      sockets_.back()->Send("GET /healthz HTTP/1.1\r\nX-Slow: ");
    }
    thread_ = std::thread([this, pace] {
      while (!stop_) {
        for (auto& s : sockets_) s->Send("a");
        std::this_thread::sleep_for(pace);
      }
    });
  }
  ~Tricklers() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::vector<std::unique_ptr<RawSocket>> sockets_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Sends `bytes` on `socket` every `pace` until destroyed or the server closes it.
class Pacer {
 public:
  Pacer(RawSocket& socket, std::string bytes, milliseconds pace)
      : thread_([this, &socket, bytes = std::move(bytes), pace] {
          while (!stop_ && socket.Send(bytes)) std::this_thread::sleep_for(pace);
        }) {}
  ~Pacer() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::vector<std::unique_ptr<RawSocket>> IdleConnections(int port, int count) {
  std::vector<std::unique_ptr<RawSocket>> idle;
  for (int i = 0; i < count; ++i) {
    idle.push_back(std::make_unique<RawSocket>(port));
    REQUIRE(idle.back()->connected());
  }
  return idle;
}

// Connections that ask for a large answer many times over and never read.
std::vector<std::unique_ptr<RawSocket>> NonReaders(int port, int count) {
  std::vector<std::unique_ptr<RawSocket>> out;
  std::string requests;
  for (int i = 0; i < 200; ++i) requests += "GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n";
  for (int i = 0; i < count; ++i) {
    out.push_back(std::make_unique<RawSocket>(port));
    REQUIRE(out.back()->connected());
    out.back()->Send(requests);
  }
  return out;
}

// `certreg serve` on `data` in a child process, stopped (SIGTERM) when destroyed.
// `open_files`: its soft and hard RLIMIT_NOFILE (0: inherited).
class ServeProcess {
 public:
  ServeProcess(const std::string& data, rlim_t open_files, const std::vector<std::string>& flags = {}) {
    if (!std::filesystem::exists(data + "/CURRENT")) {  // serve opens existing stores only
      REQUIRE(RunCommand(std::string(CERTREG_TOOL) + " init --data " + data + " >/dev/null 2>&1").exit_code == 0);
    }
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      if (open_files > 0) {
        const rlimit limit{open_files, open_files};
        ::setrlimit(RLIMIT_NOFILE, &limit);
      }
      ::dup2(out[1], 1);
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 2);
      std::vector<std::string> args = {CERTREG_TOOL, "serve", "--data", data, "--listen", "127.0.0.1:0"};
      args.insert(args.end(), flags.begin(), flags.end());
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(CERTREG_TOOL, argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    out_ = out[0];
    std::string printed;
    char buf[256];
    const std::string prefix = "listening on http://127.0.0.1:";
    while (printed.find('\n', printed.find(prefix)) == std::string::npos) {
      const ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) break;
      printed.append(buf, static_cast<std::size_t>(n));
    }
    const std::size_t at = printed.find(prefix);
    REQUIRE(at != std::string::npos);
    port_ = std::stoi(printed.substr(at + prefix.size()));
  }
  ~ServeProcess() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    ::close(out_);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }
  // The server's resident memory now, in KiB (VmRSS).
  long ResidentKiB() const {
    const CommandOutput status = RunCommand("grep VmRSS /proc/" + std::to_string(pid_) + "/status");
    const std::size_t digits = status.text.find_first_of("0123456789");
    return digits == std::string::npos ? -1 : std::stol(status.text.substr(digits));
  }
  // The descriptors the server process holds open now.
  int OpenFiles() const {
    int count = 0;
    DIR* dir = ::opendir(("/proc/" + std::to_string(pid_) + "/fd").c_str());
    if (dir == nullptr) return -1;
    while (const dirent* e = ::readdir(dir)) count += e->d_name[0] != '.';
    ::closedir(dir);
    return count;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
};

TEST_CASE("idle connections never take the descriptors the store keeps: at a 300-file limit writes still succeed", "[http][socket][slow][serve]") {
  RaiseOpenFileLimit();
  TempDir dir;
  const std::string data = dir.Sub("registry");
  REQUIRE(RunCommand(std::string(CERTREG_TOOL) + " init --data " + data + " >/dev/null 2>&1").exit_code == 0);
  const CommandOutput created =
      RunCommand(std::string(CERTREG_TOOL) + " token create --data " + data + " --role admin --name ops.root 2>&1");
  REQUIRE(created.exit_code == 0);
  std::string token = created.text;
  while (!token.empty() && token.back() == '\n') token.pop_back();
  token = token.substr(token.rfind('\n') + 1);  // the last line
  ServeProcess serve(data, 300);
  auto idle = IdleConnections(serve.port(), 400);
  std::this_thread::sleep_for(milliseconds(500));
  const int open_files = serve.OpenFiles();
  INFO("the server holds " << open_files << " descriptors of 300");
  CHECK(open_files > 0);
  CHECK(open_files <= 300 - 100);  // the reserve (150 at this limit) less the store's own files
  const std::string body = R"({"role":"clerk","name":"zhou.min"})";
  RawSocket s(serve.port());
  REQUIRE(s.Send("POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                 "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                 body));
  const RawAnswer answer = s.ReadAnswer();
  INFO(answer.body);
  CHECK(answer.status == 201);
}

TEST_CASE("idle keep-alive connections keep no buffers of the large answer they fetched", "[http][socket][slow][serve]") {
  RaiseOpenFileLimit();
  TempDir dir;
  ServeProcess serve(dir.Sub("registry"), 0, {"--keep-alive-timeout", "120"});
  const std::string fetch = "GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n";
  std::size_t answer_size = 0;
  {
    RawSocket warm(serve.port());  // the first answer's allocations are not the connections'
    REQUIRE(warm.Send(fetch));
    answer_size = warm.ReadAnswer().body.size();
  }
  REQUIRE(answer_size > 100'000);
  const long before = serve.ResidentKiB();
  std::vector<std::unique_ptr<RawSocket>> held;
  for (int i = 0; i < 250; ++i) {
    held.push_back(std::make_unique<RawSocket>(serve.port()));
    REQUIRE(held.back()->Send(fetch));
    REQUIRE(held.back()->ReadAnswer().status == 200);
  }
  const long after = serve.ResidentKiB();
  INFO("resident " << before << " KiB before, " << after << " KiB with 250 idle connections that each fetched "
                   << answer_size << " bytes");
  CHECK(before > 0);
  CHECK(after - before < 25 * 1024);  // kept buffers would be 250 x the answer: over 50 MiB
}

TEST_CASE("a lookup from a new client is answered while 550 idle and trickling connections are held", "[http][socket][slow]") {
  RaiseOpenFileLimit();
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.max_connections_per_address = 0; };  // all from 127.0.0.1
  HttpFixture fx(options);  // 8 workers: fewer than the connections held
  auto idle = IdleConnections(fx.port(), 275);
  Tricklers tricklers(fx.port(), 275, milliseconds(200));
  std::this_thread::sleep_for(milliseconds(500));
  for (int i = 0; i < 5; ++i) {
    const auto start = steady_clock::now();
    const Reply lookup = fx.Get("/public/v1/certificates/CMM-525-2026-99999");
    const double ms = std::chrono::duration<double, std::milli>(steady_clock::now() - start).count();
    INFO("lookup answered in " << ms << " ms");
    CHECK(lookup.status == 404);
    CHECK(ms < 3000);
  }
}

TEST_CASE("a trickled request head gets 408 and is closed after read_timeout", "[http][socket][slow]") {
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.read_timeout = seconds(1); };
  HttpFixture fx(options);
  RawSocket s(fx.port());
  const auto start = steady_clock::now();
  s.Send("GET /healthz HTTP/1.1\r\nX-Slow: ");
  RawAnswer answer;
  {
    Pacer trickle(s, "a", milliseconds(100));
    answer = s.ReadAnswer(seconds(10));
  }
  const double elapsed = std::chrono::duration<double>(steady_clock::now() - start).count();
  INFO("408 after " << elapsed << " s");
  CHECK(answer.status == 408);
  CHECK(elapsed >= 0.9);
  CHECK(elapsed < 5);
  CHECK(s.ClosedWithin(seconds(5)));
  CHECK(fx.Get("/healthz").status == 200);
}

TEST_CASE("an idle keep-alive connection is closed after keep_alive_timeout", "[http][socket][slow]") {
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.keep_alive_timeout = seconds(1); };
  HttpFixture fx(options);
  RawSocket s(fx.port());
  REQUIRE(s.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(s.ReadAnswer().status == 200);
  CHECK(s.ClosedWithin(seconds(5)));
  RawSocket never(fx.port());
  CHECK(never.ClosedWithin(seconds(5)));
}

TEST_CASE("blank lines sent every second do not keep an idle connection open past keep_alive_timeout", "[http][socket][slow]") {
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.keep_alive_timeout = seconds(2); };
  HttpFixture fx(options);
  RawSocket s(fx.port());
  REQUIRE(s.connected());
  const auto start = steady_clock::now();
  bool closed = false;
  {
    Pacer blanks(s, "\r\n", seconds(1));
    closed = s.ClosedWithin(seconds(10));
  }
  const double elapsed = std::chrono::duration<double>(steady_clock::now() - start).count();
  INFO("closed after " << elapsed << " s");
  CHECK(closed);
  CHECK(elapsed < 4.5);  // by keep_alive_timeout (2 s), before the fifth blank line (4 s) is refused
}

TEST_CASE("at the connection cap the oldest idle connection makes room for a new one", "[http][socket][slow]") {
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) { o.max_connections = 20; };
  HttpFixture fx(options);
  auto idle = IdleConnections(fx.port(), 20);
  std::this_thread::sleep_for(milliseconds(300));
  CHECK(fx.Get("/healthz").status == 200);
  CHECK(idle.front()->ClosedWithin(seconds(3)));
}

TEST_CASE("connections are capped at the open-file limit less the store's reserve, whatever max_connections says", "[http][socket][slow]") {
  HttpFixture::Options options;
  options.tune_server = [](http::ServerOptions& o) {
    o.open_file_limit = 60;  // reserve 30: at most 30 connections
    o.keep_alive_timeout = seconds(120);  // only the cap closes idle ones, however slow the machine
  };
  HttpFixture fx(options);
  auto idle = IdleConnections(fx.port(), 40);
  for (int i = 0; i < 10; ++i) CHECK(idle[i]->ClosedWithin(seconds(10)));  // the oldest made room
  int open = 0;
  for (int i = 10; i < 40; ++i) open += idle[i]->ClosedWithin(milliseconds(50)) ? 0 : 1;
  CHECK(open == 30);
}

TEST_CASE("Stop() returns within a few seconds while trickling, idle and non-reading clients are held", "[http][socket][slow]") {
  RaiseOpenFileLimit();
  auto fx = std::make_unique<HttpFixture>();
  auto idle = IdleConnections(fx->port(), 50);
  auto stuck = NonReaders(fx->port(), 20);
  Tricklers tricklers(fx->port(), 50, milliseconds(100));
  std::this_thread::sleep_for(milliseconds(500));
  const auto start = steady_clock::now();
  fx.reset();  // Stop(), Run() returns, the store closes
  const double elapsed = std::chrono::duration<double>(steady_clock::now() - start).count();
  INFO("stopped in " << elapsed << " s");
  CHECK(elapsed < 8);
}

TEST_CASE("certreg serve exits on SIGTERM within a few seconds whatever its clients do", "[http][socket][slow][serve]") {
  RaiseOpenFileLimit();
  TempDir dir;
  REQUIRE(RunCommand(std::string(CERTREG_TOOL) + " init --data " + dir.Sub("registry") + " >/dev/null 2>&1").exit_code ==
          0);
  int out[2];
  REQUIRE(::pipe(out) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(out[1], 1);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 2);
    ::execl(CERTREG_TOOL, CERTREG_TOOL, "serve", "--data", dir.Sub("registry").c_str(), "--listen", "127.0.0.1:0",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string printed;
  char buf[256];
  const std::string prefix = "listening on http://127.0.0.1:";
  while (printed.find('\n', printed.find(prefix)) == std::string::npos) {
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    printed.append(buf, static_cast<std::size_t>(n));
  }
  const std::size_t at = printed.find(prefix);
  REQUIRE(at != std::string::npos);
  const int port = std::stoi(printed.substr(at + prefix.size()));
  {
    auto idle = IdleConnections(port, 50);
    auto stuck = NonReaders(port, 20);
    Tricklers tricklers(port, 50, milliseconds(100));
    std::this_thread::sleep_for(milliseconds(500));
    const auto start = steady_clock::now();
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const double elapsed = std::chrono::duration<double>(steady_clock::now() - start).count();
    INFO("certreg serve exited " << elapsed << " s after SIGTERM");
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(elapsed < 8);
  }
  ::close(out[0]);
}

}  // namespace
}  // namespace certreg::testing
