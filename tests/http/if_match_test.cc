// Optimistic concurrency over HTTP: If-Match against the file's version, 412
// with the current one, and nothing written by a stale write.
#include <catch2/catch.hpp>

#include <thread>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

TEST_CASE("412: a stale If-Match is refused with the current version, the right one succeeds with a new ETag",
          "[http][errors][if-match]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string f = "/api/v1/files/" + file.file_id;
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  const Reply read = Ok(fx.Get(f, "clerk"));
  const int version = read["version"];
  CHECK(read.header("ETag") == "\"" + std::to_string(version) + "\"");
  CHECK(Ok(fx.Get(c, "clerk")).header("ETag") == read.header("ETag"));

  const json body = {{"description", "直播基地迁址"}, {"received_on", "2026-11-02"}};
  Reply stale = Refused(fx, 412, "stale-version", [&] {
    return fx.Post(c + "/major-change", "clerk", body, {{"If-Match", "\"" + std::to_string(version - 1) + "\""}});
  });
  CHECK(stale["current_version"] == version);
  Refused(fx, 412, "stale-version", [&] {
    return fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2026-11-02"}, {"channel", "email"}},
                   {{"If-Match", "\"1\""}});
  });
  // A malformed tag is an invalid header.
  Reply malformed = Refused(fx, 422, "", [&] { return fx.Post(c + "/major-change", "clerk", body, {{"If-Match", "7"}}); });
  CHECK(malformed.has_error("If-Match"));

  const Reply done = Ok(fx.Post(c + "/major-change", "clerk", body, {{"If-Match", read.header("ETag")}}));
  CHECK(done["version"] == version + 1);
  CHECK(done.header("ETag") == "\"" + std::to_string(version + 1) + "\"");
  // The tag just used is stale now; the new one works (weak form too).
  Refused(fx, 412, "stale-version", [&] {
    return fx.Post(c + "/major-change", "clerk", {{"description", "再次迁址"}, {"received_on", "2026-11-03"}},
                   {{"If-Match", read.header("ETag")}});
  });
  const Reply weak = Ok(fx.Post(c + "/major-change", "clerk", {{"description", "再次迁址"}, {"received_on", "2026-11-03"}},
                                {{"If-Match", "W/" + done.header("ETag")}}));
  CHECK(weak["version"] == version + 2);
}

TEST_CASE("412: of concurrent writes with the same If-Match exactly one succeeds", "[http][errors][if-match]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  const Reply read = Ok(fx.Get(c, "clerk"));
  const auto head = fx.Head();
  std::vector<Reply> replies(6);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    threads.emplace_back([&, i] {
      replies[i] = fx.Post(c + "/complaints", "clerk", {{"summary", "投诉 " + std::to_string(i)}},
                           {{"If-Match", read.header("ETag")}});
    });
  }
  for (auto& t : threads) t.join();
  int succeeded = 0;
  for (const Reply& r : replies) {
    INFO(r);
    CHECK((r.status == 200 || r.status == 412));
    if (r.status == 200) ++succeeded;
    if (r.status == 412) CHECK(r["current_version"] == std::stoi(read.header("ETag").substr(1)) + 1);
  }
  CHECK(succeeded == 1);
  CHECK(fx.Head().first == head.first + 1);
}

}  // namespace
}  // namespace certreg::testing
