// Idempotency-Key (api.md, "Conventions"): a retry with the same key and
// body answers the original status and body with Idempotent-Replayed: true
// and appends nothing; the same key with another body is 422.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

httplib::Headers Key(const std::string& key) { return {{"Idempotency-Key", key}}; }

// Sends `send` twice; the second answer must replay the first without writing.
template <typename Send>
Reply Replayed(HttpFixture& fx, int status, Send send) {
  const Reply first = send();
  INFO(first);
  REQUIRE(first.status == status);
  CHECK_FALSE(first.has_header("Idempotent-Replayed"));
  const auto head = fx.Head();
  const Reply again = send();
  INFO(again);
  CHECK(again.status == first.status);
  CHECK(again.body == first.body);
  CHECK(again.header("Idempotent-Replayed") == "true");
  CHECK(again.header("Location") == first.header("Location"));
  CHECK(again.header("ETag") == first.header("ETag"));
  CHECK(fx.Head() == head);
  return first;
}

TEST_CASE("a retry with the same key and body replays the original answer and writes nothing", "[http][idempotency]") {
  HttpFixture fx;
  const json application = ApplicationBody();

  // 201s replay as 201 with the same ids.
  const Reply applied =
      Replayed(fx, 201, [&] { return fx.Post("/api/v1/applications", "clerk", application, Key("app-1")); });
  const std::string file = applied["file_id"];
  CHECK(applied.header("Location") == "/api/v1/files/" + file);
  const std::string f = "/api/v1/files/" + file;

  const json acceptance = {{"decision", "accept"}, {"effective_date", "2026-03-05"}};
  const Reply accepted = Replayed(fx, 200, [&] { return fx.Post(f + "/acceptance", "clerk", acceptance, Key("accept-1")); });

  const Reply planned = Replayed(fx, 201, [&] {
    return fx.Post(f + "/audits", "auditor", PlanAuditBody("2026-03-10", "2026-03-16"), Key("plan-1"));
  });
  const std::string audit = planned["audit_id"];
  CHECK(audit == "A1");
  CHECK(Ok(fx.Get(f, "clerk"))["audits"].size() == 1);  // planned once
  const std::string a = f + "/audits/" + audit;

  const json finding = {{"indicator", "9.4.4"}, {"grade", "observation"}, {"description", "x"}, {"effective_date", "2026-03-18"}};
  const Reply found = Replayed(fx, 201, [&] { return fx.Post(a + "/findings", "auditor", finding, Key("finding-1")); });
  CHECK(found["finding_id"] == "F1");

  Replayed(fx, 200, [&] { return fx.Put(a + "/scores", "auditor", PassingScoresBody("2026-03-24"), Key("scores-1")); });
  Ok(fx.Post(a + "/report", "auditor", {{"conclusion", "符合"}, {"recommendation", "approve"}, {"effective_date", "2026-03-26"}}));
  Ok(fx.Post(a + "/report/approval", "committee", {{"effective_date", "2026-03-30"}}));
  Ok(fx.Post(f + "/review", "committee",
             {{"process_conforms", true}, {"findings_accurate", true}, {"conclusion_reasonable", true}, {"comments", ""},
              {"effective_date", "2026-04-02"}}));
  Ok(fx.Post(f + "/decision", "committee", {{"outcome", "approve"}, {"effective_date", "2026-04-06"}}));
  Ok(fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2026-04-08"}, {"channel", "email"}}));

  const Reply issued = Replayed(fx, 201, [&] {
    return fx.Post(f + "/certificate", "clerk", {{"issue_date", "2026-04-13"}}, Key("issue-1"));
  });
  const std::string number = issued["certificate_no"];
  CHECK(issued.header("Location") == "/api/v1/certificates/" + number);
  CHECK(Ok(fx.Get("/public/v1/certificates?q=" + number))["total"] == 1);

  SECTION("an earlier key still replays its own answer after the file moved on") {
    const auto head = fx.Head();
    const Reply again = fx.Post("/api/v1/applications", "clerk", application, Key("app-1"));
    CHECK(again.status == 201);
    CHECK(again.body == applied.body);
    CHECK(again.header("Idempotent-Replayed") == "true");
    const Reply accept_again = fx.Post(f + "/acceptance", "clerk", acceptance, Key("accept-1"));
    CHECK(accept_again.status == 200);
    CHECK(accept_again.body == accepted.body);
    CHECK(fx.Head() == head);
  }

  SECTION("the same key with another body, path or command is refused with 422 and writes nothing") {
    const auto head = fx.Head();
    json other = application;
    other["applicant"]["name"] = "另一家公司";
    const Reply reused = fx.Post("/api/v1/applications", "clerk", other, Key("app-1"));
    INFO(reused);
    CHECK(reused.status == 422);
    CHECK(reused["type"] == "idempotency-key-reused");
    CHECK(reused.content_type().rfind("application/problem+json", 0) == 0);
    const Reply elsewhere = fx.Post(f + "/withdrawal", "clerk", acceptance, Key("accept-1"));
    CHECK(elsewhere.status == 422);
    const Reply other_file = fx.Post("/api/v1/certificates/" + number + "/major-change", "clerk",
                                     {{"description", "迁址"}, {"received_on", "2026-05-01"}}, Key("issue-1"));
    CHECK(other_file.status == 422);
    CHECK(other_file["type"] == "idempotency-key-reused");
    CHECK(fx.Head() == head);
  }

  SECTION("a refused request does not use up its key") {
    const std::string c = "/api/v1/certificates/" + number;
    const auto head = fx.Head();
    const Reply refused = fx.Post(c + "/major-change", "clerk", {{"description", " "}, {"received_on", "2026-05-01"}},
                                  Key("major-1"));
    CHECK(refused.status == 422);
    CHECK(fx.Head() == head);
    const Reply done = fx.Post(c + "/major-change", "clerk", {{"description", "迁址"}, {"received_on", "2026-05-01"}},
                               Key("major-1"));
    CHECK(done.status == 200);
    CHECK_FALSE(done.has_header("Idempotent-Replayed"));
  }

  SECTION("a retry on a later day of a body that named no date replays the original") {
    const std::string c = "/api/v1/certificates/" + number;
    const json complaint = {{"summary", "直播间宣传与实物不符"}};
    const Reply first = Ok(fx.Post(c + "/complaints", "clerk", complaint, Key("complaint-1")));
    fx.SetToday(fx.today().AddDays(1));
    const auto head = fx.Head();
    const Reply again = fx.Post(c + "/complaints", "clerk", complaint, Key("complaint-1"));
    CHECK(again.status == 200);
    CHECK(again.body == first.body);
    CHECK(again.header("Idempotent-Replayed") == "true");
    CHECK(fx.Head() == head);
  }
}

TEST_CASE("concurrent twins with one key append once", "[http][idempotency]") {
  HttpFixture fx;
  const json application = ApplicationBody();
  std::vector<Reply> replies(6);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    threads.emplace_back([&, i] { replies[i] = fx.Post("/api/v1/applications", "clerk", application, Key("twin")); });
  }
  for (auto& t : threads) t.join();
  int originals = 0;
  for (const Reply& r : replies) {
    INFO(r);
    CHECK(r.status == 201);
    CHECK(r["file_id"] == replies[0]["file_id"]);
    if (!r.has_header("Idempotent-Replayed")) ++originals;
  }
  CHECK(originals == 1);
  CHECK(fx.store().Head().size == 1);
}

}  // namespace
}  // namespace certreg::testing
