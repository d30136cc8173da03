// The other roads to a certificate through HTTP: a conditional approval whose
// certificate is issued only once its conditions are fulfilled, and a
// recertification that renews the certificate under the same number.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

TEST_CASE("a conditional approval is issued only once its conditions are fulfilled", "[http][lifecycle]") {
  HttpFixture fx;
  const std::string file = Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody()))["file_id"];
  const std::string f = "/api/v1/files/" + file;
  Ok(fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", "2026-03-05"}}));
  const std::string audit = Ok(fx.Post(f + "/audits", "auditor", PlanAuditBody("2026-03-10", "2026-03-16")))["audit_id"];
  const std::string a = f + "/audits/" + audit;
  const std::string minor = Ok(fx.Post(a + "/findings", "auditor",
                                       {{"indicator", "5.2.1-1"},
                                        {"grade", "minor"},
                                        {"description", "内审未覆盖直播信息审核过程"},
                                        {"effective_date", "2026-03-18"}}))["finding_id"];
  Ok(fx.Put(a + "/scores", "auditor", PassingScoresBody("2026-03-24")));
  Ok(fx.Post(a + "/report", "auditor",
             {{"conclusion", "存在轻微不符合项"}, {"recommendation", "conditional"}, {"effective_date", "2026-03-26"}}));
  Ok(fx.Post(a + "/report/approval", "committee", {{"effective_date", "2026-03-30"}}));
  Ok(fx.Post(f + "/review", "committee",
             {{"process_conforms", true}, {"findings_accurate", true}, {"conclusion_reasonable", true},
              {"effective_date", "2026-04-02"}}));

  // An open minor finding: approve is refused, conditional needs its deadline.
  auto head = fx.Head();
  const Reply approve = fx.Post(f + "/decision", "committee", {{"outcome", "approve"}, {"effective_date", "2026-04-06"}});
  CHECK(approve.status == 409);
  CHECK(approve["current_status"] == "awaiting_decision");
  const Reply no_deadline = fx.Post(f + "/decision", "committee", {{"outcome", "conditional"}, {"effective_date", "2026-04-06"}});
  CHECK(no_deadline.status == 422);
  CHECK(no_deadline.has_error("conditions_deadline"));
  CHECK(fx.Head() == head);
  Ok(fx.Post(f + "/decision", "committee",
             {{"outcome", "conditional"}, {"conditions_deadline", "2026-06-30"}, {"effective_date", "2026-04-06"}}));
  Ok(fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2026-04-08"}, {"channel", "post"}}));
  CHECK(Ok(fx.Get(f, "clerk"))["stage"] == "conditions_pending");

  // Not yet: the conditions are not fulfilled, and cannot be while the finding is open.
  head = fx.Head();
  const Reply early_issue = fx.Post(f + "/certificate", "clerk", {{"issue_date", "2026-04-10"}});
  CHECK(early_issue.status == 409);
  const Reply early_fulfil = fx.Post(f + "/conditions-fulfilled", "committee", {{"effective_date", "2026-04-10"}});
  CHECK(early_fulfil.status == 409);
  const Reply conflicted = fx.Post(f + "/conditions-fulfilled", "member-committee", {{"effective_date", "2026-04-10"}});
  CHECK(conflicted.status == 403);
  CHECK(conflicted["type"] == "conflict-of-interest");
  CHECK(fx.Head() == head);

  Ok(fx.Post(f + "/findings/" + minor + "/closure", "auditor",
             {{"corrective_action", "补做内审"}, {"verification", "有效"}, {"effective_date", "2026-04-20"}}));
  Ok(fx.Post(f + "/conditions-fulfilled", "committee", {{"effective_date", "2026-04-22"}}));
  const Reply issued = fx.Post(f + "/certificate", "clerk", {{"issue_date", "2026-04-24"}, {"address_kind", "registered"}});
  INFO(issued);
  CHECK(issued.status == 201);
  CHECK(Ok(fx.Get("/public/v1/certificates/" + issued["certificate_no"].get<std::string>()))["status"] == "VALID");
  CHECK(Ok(fx.Get("/public/v1/certificates/" + issued["certificate_no"].get<std::string>()))["evaluation"]["qms_result"] ==
        "conforms_with_minor");
}

TEST_CASE("a recertification renews the certificate: 200 with the same number", "[http][lifecycle][recertification]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string f = "/api/v1/files/" + file.file_id;
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  const std::string valid_until = Ok(fx.Get("/public/v1/certificates/" + file.certificate_no))["valid_until"];

  // Too early: the window opens three months before valid_until.
  json application = ApplicationBody("杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"), "2026-11-02");
  auto head = fx.Head();
  const Reply early = fx.Post(c + "/recertification", "clerk", application);
  CHECK(early.status == 409);
  CHECK(early["current_status"] == "VALID");
  CHECK(fx.Head() == head);

  fx.SetToday(Day(valid_until.c_str()).AddMonths(-2));
  const domain::Date applied = fx.today().AddDays(-20);
  auto on = [&](int days) { return applied.AddDays(days).ToString(); };
  application["received_on"] = on(0);
  const Reply reapplied = fx.Post(c + "/recertification", "clerk", application);
  INFO(reapplied);
  REQUIRE(reapplied.status == 200);
  CHECK(Ok(fx.Get(f, "clerk"))["stage"] == "recertifying");
  Ok(fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", on(2)}}));
  const std::string audit =
      Ok(fx.Post(f + "/audits", "auditor", PlanAuditBody(on(3), on(5), "recertification")))["audit_id"];
  const std::string a = f + "/audits/" + audit;
  Ok(fx.Put(a + "/scores", "auditor", PassingScoresBody(on(8))));
  Ok(fx.Post(a + "/report", "auditor", {{"conclusion", "符合"}, {"recommendation", "approve"}, {"effective_date", on(9)}}));
  Ok(fx.Post(a + "/report/approval", "committee", {{"effective_date", on(10)}}));
  Ok(fx.Post(f + "/review", "committee",
             {{"process_conforms", true}, {"findings_accurate", true}, {"conclusion_reasonable", true},
              {"effective_date", on(11)}}));
  Ok(fx.Post(f + "/decision", "committee", {{"outcome", "approve"}, {"effective_date", on(12)}}));
  Ok(fx.Post(f + "/decision/notice", "clerk", {{"notified_on", on(13)}, {"channel", "email"}}));
  const Reply renewed = fx.Post(f + "/certificate", "clerk", {{"effective_date", on(15)}});
  INFO(renewed);
  CHECK(renewed.status == 200);
  CHECK_FALSE(renewed.has_header("Location"));
  CHECK(renewed["certificate_no"] == file.certificate_no);
  CHECK(renewed["events"].back()["type"] == "CertificateRenewed");
  const Reply pub = Ok(fx.Get("/public/v1/certificates/" + file.certificate_no));
  CHECK(pub["status"] == "VALID");
  CHECK(pub["valid_until"].get<std::string>() > valid_until);
  CHECK(pub["first_issued_on"] == "2026-04-13");
}

}  // namespace
}  // namespace certreg::testing
