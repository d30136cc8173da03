// Restart loses nothing: every write the server acknowledged is there after
// the server stops, the store closes, and a new server opens the same
// directory — file versions, the log head, the public rows, the tokens.
#include <catch2/catch.hpp>

#include <mutex>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

struct Acknowledged {
  std::string file_id;
  std::uint64_t version = 0;
  std::uint64_t position = 0;
  std::string last_type;
};

Acknowledged Ack(const Reply& reply) {
  Ok(reply);
  return {reply["file_id"], reply["version"], reply["position"], reply["events"].back()["type"]};
}

TEST_CASE("every acknowledged write survives a restart of the server and the store", "[http][restart]") {
  HttpFixture fx;
  std::vector<Acknowledged> acks;

  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  acks.push_back(Ack(fx.Post(c + "/changes", "clerk",
                             {{"holder_name", "杭州星河优选电子商务有限公司"},
                              {"reason", "企业名称变更"},
                              {"approver", "陈杰"},
                              {"received_on", "2026-05-06"}})));
  acks.push_back(Ack(fx.Post(c + "/complaints", "clerk",
                             {{"summary", "宣传与实物不符"},
                              {"received_on", "2026-05-20"},
                              {"complainant", {{"name", "刘芳"}, {"phone", "13812706358"}}}})));
  acks.push_back(Ack(fx.Post(c + "/suspension", "committee", SuspensionBody("8.2.1-3", "2026-12-20", "2026-06-01"))));

  // Applications written concurrently, each acknowledged.
  std::mutex mu;
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        const std::string name = "并发写入测试" + std::to_string(t) + "-" + std::to_string(i) + "有限公司";
        const std::string first17 = "9144030" + std::to_string(t) + "MA2H3X" + std::to_string(i) + "Y5";
        const Reply r = fx.Post("/api/v1/applications", "clerk", ApplicationBody(name, UsccFrom(first17), "2026-11-02"));
        std::lock_guard<std::mutex> lock(mu);
        if (r.status == 201) acks.push_back(Ack(r));
      }
    });
  }
  for (auto& w : writers) w.join();
  REQUIRE(acks.size() == 3 + 20);

  const Reply head = Ok(fx.Get("/api/v1/log/head", "regulator"));
  const Reply lookup = Ok(fx.Get("/public/v1/certificates/" + file.certificate_no + "?include=history"));
  const Reply search = Ok(fx.Get("/public/v1/certificates?q=" + Q("星河")));
  const Reply queue = Ok(fx.Get("/api/v1/files?page_size=100", "clerk"));
  const Reply staff_file = Ok(fx.Get("/api/v1/files/" + file.file_id, "regulator"));
  const Reply events = Ok(fx.Get("/api/v1/log?from=0&limit=1000", "regulator"));
  REQUIRE(head["size"] == fx.store().Head().size);
  CHECK(lookup["status"] == "SUSPENDED");

  fx.Restart();

  CHECK(Ok(fx.Get("/api/v1/log/head", "regulator")).json_body == head.json_body);
  CHECK(Ok(fx.Get("/public/v1/certificates/" + file.certificate_no + "?include=history")).body == lookup.body);
  CHECK(Ok(fx.Get("/public/v1/certificates?q=" + Q("星河"))).body == search.body);
  CHECK(Ok(fx.Get("/api/v1/files?page_size=100", "clerk")).body == queue.body);
  const Reply file_after = Ok(fx.Get("/api/v1/files/" + file.file_id, "regulator"));
  CHECK(file_after.body == staff_file.body);
  CHECK(file_after.header("ETag") == staff_file.header("ETag"));
  CHECK(Ok(fx.Get("/api/v1/log?from=0&limit=1000", "regulator")).body == events.body);
  for (const Acknowledged& ack : acks) {
    INFO(ack.file_id << " v" << ack.version << " @" << ack.position);
    const Reply f = Ok(fx.Get("/api/v1/files/" + ack.file_id, "clerk"));
    CHECK(f["version"].get<std::uint64_t>() >= ack.version);
    const Reply at = Ok(fx.Get("/api/v1/log?from=" + std::to_string(ack.position) + "&limit=1", "regulator"));
    REQUIRE(at["events"].size() == 1);
    CHECK(at["events"][0]["type"] == ack.last_type);
    CHECK(at["events"][0]["stream_id"] == "cert-file/" + ack.file_id);
    CHECK(at["events"][0]["version"] == ack.version);
  }
  CHECK(Ok(fx.Get("/api/v1/log/verify", "admin"))["ok"] == true);

  // The registry goes on where it stopped: the next position, the next number.
  const Reply next = Ok(fx.Post("/api/v1/applications", "clerk",
                                ApplicationBody("重启之后有限公司", UsccFrom("91330110MA2H3X9Y5"), "2026-11-03")));
  CHECK(next["position"] == head["size"]);
  CHECK(next["file_id"] == "F-2026-000022");
}

}  // namespace
}  // namespace certreg::testing
