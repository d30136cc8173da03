// Deferred answers (http/connection_loop.h, DeferredSlot): a write command
// holds no worker while its append waits for its synced batch; the answer
// comes back to the connection once durable. The store's preparer is held
// at its free-space check (StoreOptions::free_space) to keep an append waiting.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "http/http_steps.h"
#include "support/preparer_gate.h"
#include "support/raw_socket.h"

namespace certreg::testing {
namespace {

// A server with one worker over a store whose preparer `gate` may gate.
HttpFixture::Options OneWorker(Gate& gate) {
  HttpFixture::Options options;
  options.disk_reserve_bytes = 1 << 20;  // the preparer asks for free space only with a reserve
  options.free_space = [&gate] {
    gate.Pass();
    return std::uint64_t{1} << 40;
  };
  options.tune_server = [](http::ServerOptions& server) {
    server.threads = 1;
    server.stop_grace = std::chrono::milliseconds(100);
  };
  return options;
}

std::string ChangeRequest(HttpFixture& fx, const std::string& certificate_no, const std::string& address) {
  const std::string body = json{{"address", address}, {"reason", "经营地址变更"}, {"approver", "chen.jie"}}.dump();
  return "POST /api/v1/certificates/" + certificate_no + "/changes HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
         fx.token("clerk") + "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

// A certified file behind such a server, and its version.
struct HeldWrites {
  Gate gate;
  HttpFixture fx{OneWorker(gate)};
  CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  std::uint64_t version = Ok(fx.Get("/api/v1/files/" + file.file_id, "clerk"))["version"];

  // Holds the preparer and sends an address change on `writer`: queued, its batch not written.
  void SendHeld(RawSocket& writer, const std::string& address) {
    gate.Close();
    REQUIRE(writer.Send(ChangeRequest(fx, file.certificate_no, address)));
    REQUIRE(gate.Holding());
  }
};

}  // namespace

TEST_CASE("a write waiting for its synced batch holds no worker: one worker answers others meanwhile",
          "[http][deferred]") {
  HeldWrites w;
  auto& [gate, fx, file, version] = w;

  RawSocket writer(fx.port());
  w.SendHeld(writer, "浙江省杭州市余杭区文一西路1号");  // the append is queued, its batch not written
  // The only worker is free: a read is answered while the write waits.
  const Reply read = Ok(fx.Get("/api/v1/files/" + file.file_id, "clerk"));
  CHECK(read["version"] == version);
  CHECK(writer.ReadAnswer(std::chrono::milliseconds(100)).status == 0);  // not answered before it is durable

  gate.Open();
  const RawAnswer answer = writer.ReadAnswer();
  REQUIRE(answer.status == 200);
  CHECK(json::parse(answer.body)["version"] == version + 1);
  CHECK(answer.header("etag") == "\"" + std::to_string(version + 1) + "\"");
  CHECK(answer.header("cache-control") == "no-store");
  CHECK(Ok(fx.Get("/api/v1/files/" + file.file_id, "clerk"))["version"] == version + 1);
}

TEST_CASE("a write whose client hangs up before it is durable is done all the same, and the next one follows it",
          "[http][deferred]") {
  HeldWrites w;
  auto& [gate, fx, file, version] = w;

  {
    RawSocket writer(fx.port());
    w.SendHeld(writer, "浙江省杭州市余杭区文一西路2号");
  }  // closed before the answer
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  gate.Open();
  const Reply next = Ok(fx.Post("/api/v1/certificates/" + file.certificate_no + "/changes", "clerk",
                                {{"address", "浙江省杭州市余杭区文一西路3号"}, {"reason", "经营地址变更"},
                                 {"approver", "chen.jie"}}));
  CHECK(next["version"] == version + 2);
  const Reply changes = Ok(fx.Get("/public/v1/certificates/" + file.certificate_no + "/history"));
  CHECK(changes.body.find("文一西路2号") != std::string::npos);
  CHECK(changes.body.find("文一西路3号") != std::string::npos);
}

TEST_CASE("a server stopped while a write waits for its batch returns once that write is done, unanswered",
          "[http][deferred][stop]") {
  HeldWrites w;
  auto& [gate, fx, file, version] = w;

  RawSocket writer(fx.port());
  w.SendHeld(writer, "浙江省杭州市余杭区文一西路4号");
  std::atomic<bool> stopped{false};
  std::thread stop([&] {
    fx.StopServer();  // its answers drain 100 ms; then its Run waits for the deferred write
    stopped = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK_FALSE(stopped.load());  // the server waits for the write it deferred
  gate.Open();
  stop.join();
  fx.StartServer();
  CHECK(writer.ReadAnswer(std::chrono::milliseconds(500)).status == 0);  // its connection was closed unanswered
  CHECK(Ok(fx.Get("/api/v1/files/" + file.file_id, "clerk"))["version"] == version + 1);
}

}  // namespace certreg::testing
