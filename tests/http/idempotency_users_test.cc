// An Idempotency-Key belongs to the user whose token sent it (api.md,
// "Conventions"; one user may hold several tokens): another user's request
// with the same key is another request, never a replay of the first.
#include <catch2/catch.hpp>

#include <regex>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

httplib::Headers Key(const std::string& key) { return {{"Idempotency-Key", key}}; }

// The value of `certreg_idempotent_replays_total` in /metrics.
std::uint64_t Replays(HttpFixture& fx) {
  const Reply metrics = fx.Get("/metrics", "admin");
  REQUIRE(metrics.status == 200);
  std::smatch m;
  REQUIRE(std::regex_search(metrics.body, m, std::regex("\ncertreg_idempotent_replays_total ([0-9]+)\n")));
  return std::stoull(m[1]);
}

TEST_CASE("two users with the same key are two requests, each user's retry replays only its own",
          "[http][idempotency][users]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string change = "/api/v1/certificates/" + file.certificate_no + "/major-change";
  // A second clerk, and a second token of the first clerk (li.na).
  auto other_clerk = fx.tokens().Create("clerk", "zhao.lei", 0);
  auto li_na_again = fx.tokens().Create("clerk", "li.na", 0);
  REQUIRE(other_clerk.ok());
  REQUIRE(li_na_again.ok());
  const std::string zhao = HttpFixture::Literal(other_clerk->token), li_na_2 = HttpFixture::Literal(li_na_again->token);
  const json body_a = {{"description", "直播间迁址"}, {"received_on", "2026-05-01"}};
  const json body_b = {{"description", "法定代表人变更"}, {"received_on", "2026-05-02"}};
  const std::uint64_t replays = Replays(fx);

  const Reply li = Ok(fx.Post(change, "clerk", body_a, Key("simple-key")));
  CHECK_FALSE(li.has_header("Idempotent-Replayed"));
  const Reply zh = Ok(fx.Post(change, zhao, body_b, Key("simple-key")));
  INFO(zh);
  CHECK_FALSE(zh.has_header("Idempotent-Replayed"));  // executed, not li.na's answer
  CHECK(zh.header("ETag") != li.header("ETag"));
  CHECK(zh.body != li.body);
  const auto head = fx.Head();

  // Each user's retry is answered with that user's own result, from any of the user's tokens.
  const Reply li_retry = fx.Post(change, li_na_2, body_a, Key("simple-key"));
  CHECK(li_retry.status == 200);
  CHECK(li_retry.header("Idempotent-Replayed") == "true");
  CHECK(li_retry.body == li.body);
  CHECK(li_retry.header("ETag") == li.header("ETag"));
  const Reply zh_retry = fx.Post(change, zhao, body_b, Key("simple-key"));
  CHECK(zh_retry.status == 200);
  CHECK(zh_retry.header("Idempotent-Replayed") == "true");
  CHECK(zh_retry.body == zh.body);

  // The same user, the same key, another body: refused.
  const Reply reused = fx.Post(change, "clerk", body_b, Key("simple-key"));
  INFO(reused);
  CHECK(reused.status == 422);
  CHECK(reused["type"] == "idempotency-key-reused");
  CHECK(fx.Head() == head);  // replays and the refusal appended nothing

  // /metrics counts the two replays.
  CHECK(Replays(fx) == replays + 2);
}

}  // namespace
}  // namespace certreg::testing
