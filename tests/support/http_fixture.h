// An HTTP server over a fresh store in a temporary directory, on 127.0.0.1
// and a port the kernel picks, with one token per role and a client that
// speaks JSON to it.
//
// The registry's clock is the test's: 04:00 UTC (noon in Asia/Shanghai) of
// `today`, plus one microsecond per reading so that recorded-at instants
// still increase. The time-driven sweep of the server is off; commands run
// the rules up to their own dates as always.
//
// Restart() stops the server, closes the service and the store, reopens the
// same directory and starts a new server (on a new port); tokens live in the
// store and stay valid. Not thread-safe: one test drives one fixture.
#pragma once

#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <httplib.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "certreg/app/registry.h"
#include "certreg/app/signed_log.h"
#include "certreg/app/time_zone.h"
#include "certreg/app/tokens.h"
#include "certreg/http/server.h"
#include "certreg/scheme/scheme_loader.h"
#include "support/temp_dir.h"

namespace certreg::testing {

using nlohmann::json;

inline domain::Date Day(const char* text) { return *domain::Date::Parse(text); }

// One answer of the server.
struct Reply {
  int status = 0;  // 0: no answer (connection failed)
  httplib::Headers headers;
  std::string body;
  json json_body;  // parsed body; null when it is not JSON

  std::string header(const char* name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  bool has_header(const char* name) const { return headers.find(name) != headers.end(); }
  std::string content_type() const { return header("Content-Type"); }
  const json& operator[](const char* key) const { return json_body.at(key); }
  // Every `field` of a 422's errors list.
  std::vector<std::string> error_fields() const {
    std::vector<std::string> fields;
    if (json_body.is_object() && json_body.contains("errors")) {
      for (const auto& e : json_body["errors"]) fields.push_back(e.value("field", ""));
    }
    return fields;
  }
  bool has_error(const std::string& field) const {
    for (const auto& f : error_fields()) {
      if (f == field) return true;
    }
    return false;
  }
};

inline std::ostream& operator<<(std::ostream& os, const Reply& r) {
  return os << "HTTP " << r.status << " " << r.body.substr(0, 2000);
}

// Percent-encodes a query value (UTF-8 bytes kept as bytes).
inline std::string Q(const std::string& value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The users of the tests (the names audit teams are written with).
struct TestUser {
  const char* key;   // how tests ask for the token
  const char* role;
  const char* name;
};
inline constexpr TestUser kTestUsers[] = {
    {"clerk", "clerk", "li.na"},
    {"auditor", "auditor", "zhang.wei"},       // team leader
    {"committee", "committee", "chen.jie"},    // never on a team
    {"regulator", "regulator", "wu.min"},
    {"admin", "admin", "ops.root"},
    {"member", "auditor", "wang.fang"},        // audit team member ...
    {"member-committee", "committee", "wang.fang"},  // ... who also sits on the committee
};
inline const std::vector<std::string> kRoles = {"clerk", "auditor", "committee", "regulator", "admin"};

class HttpFixture {
 public:
  struct Options {
    domain::Date today = Day("2026-12-01");
    std::size_t max_body_bytes = 1 << 20;
    std::function<void(http::ServerOptions&)> tune_server;  // e.g. short timeouts; applied last
    std::uint64_t disk_reserve_bytes = 0;            // StoreOptions::disk_reserve_bytes
    std::function<std::uint64_t()> free_space;       // StoreOptions::free_space; statvfs when empty
    std::string time_zone = "Asia/Shanghai";         // RegistryOptions::time_zone, an IANA name
  };

  HttpFixture() : HttpFixture(Options{}) {}
  explicit HttpFixture(Options options) : options_(options), days_(options.today.days()) {
    Open();
    for (const TestUser& u : kTestUsers) {
      auto issued = tokens_->Create(u.role, u.name, Clock());
      REQUIRE(issued.ok());
      token_[u.key] = issued->token;
      token_id_[u.key] = issued->info.id;
    }
    Start();
  }
  ~HttpFixture() { Close(); }
  HttpFixture(const HttpFixture&) = delete;
  HttpFixture& operator=(const HttpFixture&) = delete;

  // --- the registry --------------------------------------------------------
  store::EventStore& store() { return *store_; }
  app::Registry& service() { return *service_; }
  app::SignedLog& signed_log() { return *signed_log_; }
  // Signs a checkpoint of the tree as it is now (when it grew) and publishes
  // it, as the server's publisher does every interval (off in the fixture).
  app::SignedCheckpoint SignCheckpoint() {
    auto signed_now = signed_log_->SignIfGrown();
    REQUIRE(signed_now.ok());
    signed_log_->Publish(signed_log_->LastSigned());
    return *signed_log_->LastSigned();
  }
  app::TokenRegistry& tokens() { return *tokens_; }
  const std::string& dir() const { return dir_.path(); }
  int port() const { return server_->port(); }
  domain::Date today() const { return domain::Date::FromDays(days_.load()); }
  void SetToday(domain::Date d) { days_ = d.days(); }
  const std::string& token(const std::string& key) const { return token_.at(key); }
  const std::string& token_id(const std::string& key) const { return token_id_.at(key); }

  // The log head as the store has it: size and hash.
  std::pair<std::uint64_t, std::string> Head() const {
    const store::LogHead h = store_->Head();
    return {h.size, std::string(h.hash.begin(), h.hash.end())};
  }

  void Restart() {
    Close();
    Open();
    Start();
  }
  // Stops the server (its Run returns), keeping the store and registry; StartServer() serves again.
  void StopServer() {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }
  void StartServer() { Start(); }

  // --- the client ----------------------------------------------------------
  // `token_key` names a test user ("clerk", ...); empty: no Authorization.
  Reply Get(const std::string& path, const std::string& token_key = "", httplib::Headers headers = {}) {
    return Send("GET", path, token_key, std::nullopt, "", std::move(headers));
  }
  Reply Post(const std::string& path, const std::string& token_key, const json& body, httplib::Headers headers = {}) {
    return Send("POST", path, token_key, body.dump(), "application/json", std::move(headers));
  }
  Reply Put(const std::string& path, const std::string& token_key, const json& body, httplib::Headers headers = {}) {
    return Send("PUT", path, token_key, body.dump(), "application/json", std::move(headers));
  }
  // Any method, raw body and Content-Type (httplib adds text/plain to a body
  // sent without one; RawRequest sends exactly the bytes given).
  Reply Send(const std::string& method, const std::string& path, const std::string& token_key,
             std::optional<std::string> body, const std::string& content_type, httplib::Headers headers = {}) {
    httplib::Client client("127.0.0.1", port());
    client.set_read_timeout(30, 0);
    client.set_write_timeout(30, 0);
    httplib::Request req;
    req.method = method;
    req.path = path;
    req.headers = std::move(headers);
    if (!token_key.empty()) req.headers.emplace("Authorization", "Bearer " + AuthToken(token_key));
    if (body) {
      req.body = *body;
      if (!content_type.empty()) req.headers.emplace("Content-Type", content_type);
    }
    auto result = client.send(req);
    Reply reply;
    if (!result) return reply;
    reply.status = result->status;
    reply.headers = result->headers;
    reply.body = result->body;
    reply.json_body = json::parse(reply.body, nullptr, false);
    if (reply.json_body.is_discarded()) reply.json_body = nullptr;
    return reply;
  }

  // Writes `request` as is on a new connection and reads the answer until the
  // server closes it: status code and body (after the blank line).
  Reply RawRequest(const std::string& request) {
    Reply reply;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd);
      return reply;
    }
    std::size_t sent = 0;
    while (sent < request.size()) {
      const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    std::string in;
    char buf[8192];
    for (;;) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    // "HTTP/1.1 415 Unsupported Media Type\r\n...\r\n\r\nbody"
    if (in.size() > 12 && in.compare(0, 5, "HTTP/") == 0) reply.status = std::stoi(in.substr(9, 3));
    const std::size_t split = in.find("\r\n\r\n");
    if (split != std::string::npos) {
      std::string head = in.substr(0, split);
      std::size_t line = head.find("\r\n");
      while (line != std::string::npos) {
        const std::size_t next = head.find("\r\n", line + 2);
        const std::string h = head.substr(line + 2, next == std::string::npos ? std::string::npos : next - line - 2);
        const std::size_t colon = h.find(':');
        if (colon != std::string::npos) {
          std::size_t v = colon + 1;
          while (v < h.size() && h[v] == ' ') ++v;
          reply.headers.emplace(h.substr(0, colon), h.substr(v));
        }
        line = next;
      }
      reply.body = in.substr(split + 4);
    }
    reply.json_body = json::parse(reply.body, nullptr, false);
    if (reply.json_body.is_discarded()) reply.json_body = nullptr;
    return reply;
  }

  // A token string not among the test users' ("bogus", a revoked one): used as is.
  static std::string Literal(const std::string& token) { return "literal:" + token; }

 private:
  std::int64_t Clock() {
    return std::int64_t{days_.load()} * 86400 * 1'000'000 + 4 * 3600 * 1'000'000LL + ticks_.fetch_add(1);
  }

  std::string AuthToken(const std::string& key) const {
    if (key.rfind("literal:", 0) == 0) return key.substr(8);
    return token_.at(key);
  }

  void Open() {
    store::StoreOptions options;
    options.path = dir_.path();
    app::UseRegistryColumnFamilies(options);
    options.clock = [this] { return Clock(); };
    options.disk_reserve_bytes = options_.disk_reserve_bytes;
    options.free_space = options_.free_space;
    auto opened = store::EventStore::Open(options);
    REQUIRE(opened.ok());
    store_ = std::move(opened).value();
    app::RegistryOptions service_options;
    service_options.clock = [this] { return Clock(); };
    auto zone = app::TimeZone::Load(options_.time_zone);
    REQUIRE(zone.ok());
    service_options.time_zone = std::move(zone).value();
    service_ = std::make_unique<app::Registry>(*store_, scheme::BuiltInScheme(), domain::WorkingCalendar(),
                                                           service_options);
    REQUIRE(service_->CatchUpReadModels().ok());
    tokens_ = std::make_unique<app::TokenRegistry>(*store_);
    signed_log_ = std::make_unique<app::SignedLog>(*store_, log_key_, status_key_);
    REQUIRE(signed_log_->Open().ok());
  }

  void Start() {
    http::ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 8;
    options.max_body_bytes = options_.max_body_bytes;
    options.public_base_url = "https://registry.example.cn";  // stable across restarts (public_url, QR codes)
    options.sweep_interval = std::chrono::seconds(0);
    options.checkpoint_interval = std::chrono::milliseconds(0);  // tests sign with SignCheckpoint()
    if (options_.tune_server) options_.tune_server(options);
    server_ = std::make_unique<http::Server>(*service_, *tokens_, *signed_log_, options);
    REQUIRE(server_->Bind().ok());
    REQUIRE(server_->port() > 0);
    thread_ = std::thread([this] { (void)server_->Run(); });
    // Answered only once the accept loop runs, so that Stop() then takes effect.
    REQUIRE(Get("/healthz").status == 200);
  }

  void Close() {
    if (server_) {
      server_->Stop();
      if (thread_.joinable()) thread_.join();
      server_.reset();
    }
    tokens_.reset();
    signed_log_.reset();
    service_.reset();
    store_.reset();
  }

  Options options_;
  std::atomic<std::int32_t> days_;
  std::atomic<std::int64_t> ticks_{0};
  TempDir dir_;  // destroyed last: the store closes first
  std::unique_ptr<store::EventStore> store_;
  std::unique_ptr<app::Registry> service_;
  std::unique_ptr<app::TokenRegistry> tokens_;
  // The log's keys, the same across restarts (as a data directory's).
  NoteSigner log_key_ = GenerateNoteSigner("registry.example.cn/log").value();
  NoteSigner status_key_ = GenerateNoteSigner("registry.example.cn/log/status").value();
  std::unique_ptr<app::SignedLog> signed_log_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::map<std::string, std::string> token_;
  std::map<std::string, std::string> token_id_;
};

}  // namespace certreg::testing
