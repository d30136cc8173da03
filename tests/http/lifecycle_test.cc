// The whole certification lifecycle through HTTP: a file from its Annex A
// application to its certificate, then changes, a surveillance audit, a
// suspension and reinstatement, and a revocation after a dismissed appeal; a
// second file to cancellation. The public endpoints show every status change
// and the Annex B.2 / B.3 rows.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

// The status rows of a certificate's public history: (before, after) pairs.
std::vector<std::pair<json, std::string>> StatusRows(HttpFixture& fx, const std::string& number) {
  const Reply history = Ok(fx.Get("/public/v1/certificates/" + number + "/history"));
  std::vector<std::pair<json, std::string>> rows;
  for (const auto& row : history["status_history"]) rows.emplace_back(row["before"], row["after"].get<std::string>());
  return rows;
}

std::vector<std::string> EventTypes(const Reply& write) {
  std::vector<std::string> types;
  for (const auto& e : write["events"]) types.push_back(e["type"]);
  return types;
}

TEST_CASE("a file goes from its application to a revoked certificate through HTTP", "[http][lifecycle]") {
  HttpFixture fx;

  // --- application and acceptance -------------------------------------------------------
  const Reply applied = fx.Post("/api/v1/applications", "clerk", ApplicationBody());
  INFO(applied);
  REQUIRE(applied.status == 201);
  const std::string file_id = applied["file_id"];
  CHECK(file_id == "F-2026-000001");
  CHECK(applied.header("Location") == "/api/v1/files/" + file_id);
  CHECK(applied.header("ETag") == "\"1\"");
  CHECK(applied["version"] == 1);
  CHECK(EventTypes(applied) == std::vector<std::string>{"ApplicationSubmitted"});
  CHECK(applied.content_type().rfind("application/json", 0) == 0);
  const std::string f = "/api/v1/files/" + file_id;

  Reply file = Ok(fx.Get(f, "clerk"));
  CHECK(file["stage"] == "awaiting_acceptance");
  CHECK(file["due_on"] == "2026-03-09");  // five working days after Monday 2026-03-02
  CHECK(file["application"]["applicant"]["contact"]["phone"] == "13800138000");  // staff see personal data
  CHECK(file.header("ETag") == "\"1\"");

  const Reply accepted = Ok(fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", "2026-03-05"}}));
  // Every write answers {file_id, version, position, events: [{type, position}]}.
  CHECK(accepted["file_id"] == file_id);
  CHECK(accepted["version"] == 2);
  CHECK(accepted["position"] == 1);
  CHECK(accepted["events"] == json::array({{{"type", "ApplicationAccepted"}, {"position", 1}}}));
  CHECK_FALSE(accepted.json_body.contains("certificate_no"));
  CHECK(accepted.header("ETag") == "\"2\"");
  CHECK(EventTypes(accepted) == std::vector<std::string>{"ApplicationAccepted"});
  CHECK(accepted.status == 200);
  CHECK_FALSE(accepted.has_header("Location"));

  // --- the initial audit --------------------------------------------------------------------
  const Reply planned = fx.Post(f + "/audits", "auditor", PlanAuditBody("2026-03-10", "2026-03-16"));
  INFO(planned);
  REQUIRE(planned.status == 201);
  const std::string audit_id = planned["audit_id"];
  CHECK(planned.header("Location") == f + "/audits/" + audit_id);
  CHECK(EventTypes(planned) == std::vector<std::string>{"AuditTeamAssigned", "AuditPlanned"});
  const std::string a = f + "/audits/" + audit_id;

  const Reply observation = fx.Post(a + "/findings", "member", ObservationBody("2026-03-18"));
  REQUIRE(observation.status == 201);
  const Reply minor = fx.Post(a + "/findings", "auditor",
                              {{"indicator", "5.2.1-1"},
                               {"grade", "minor"},
                               {"description", "内审未覆盖直播信息审核过程"},
                               {"evidence", "内审报告"},
                               {"effective_date", "2026-03-19"}});
  INFO(minor);
  REQUIRE(minor.status == 201);
  const std::string finding_id = minor["finding_id"];
  CHECK(minor.header("Location") == f + "/findings/" + finding_id);
  Ok(fx.Post(f + "/findings/" + finding_id + "/closure", "auditor",
             {{"corrective_action", "补做内审"}, {"verification", "组长验证有效"}, {"effective_date", "2026-03-23"}}));

  const Reply scored = Ok(fx.Put(a + "/scores", "auditor", PassingScoresBody("2026-03-24")));
  CHECK(EventTypes(scored) == std::vector<std::string>{"ScoresRecorded"});
  const Reply evaluation = Ok(fx.Get(a + "/evaluation", "committee"));
  CHECK(evaluation["indicators"].size() == 20);
  CHECK(evaluation["indicators"][0]["id"] == "9.1.1");
  CHECK(evaluation["indicators"][0]["score"] == 96);
  CHECK(evaluation["indicators"][0]["pass"] == true);
  CHECK(evaluation["all_thresholds_met"] == true);
  for (const char* key : {"areas", "service_characteristic_score", "service_management_score", "enhancement_score",
                          "comprehensive_score"}) {
    CHECK(evaluation.json_body.contains(key));
  }

  Ok(fx.Post(a + "/report", "auditor",
             {{"conclusion", "符合认证要求"}, {"recommendation", "approve"}, {"effective_date", "2026-03-26"}}));
  Ok(fx.Post(a + "/report/approval", "committee", {{"effective_date", "2026-03-30"}}));
  Ok(fx.Post(f + "/review", "committee",
             {{"process_conforms", true},
              {"findings_accurate", true},
              {"conclusion_reasonable", true},
              {"comments", "审查通过"},
              {"effective_date", "2026-04-02"}}));
  const Reply decided =
      Ok(fx.Post(f + "/decision", "committee", {{"outcome", "approve"}, {"reason", ""}, {"effective_date", "2026-04-06"}}));
  CHECK(EventTypes(decided) == std::vector<std::string>{"CertificationDecided"});
  Ok(fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2026-04-08"}, {"channel", "email"}}));
  CHECK(Ok(fx.Get(f, "auditor"))["stage"] == "awaiting_issue");

  // --- the certificate ------------------------------------------------------------------------
  const Reply issued = fx.Post(f + "/certificate", "clerk", {{"issue_date", "2026-04-13"}});
  INFO(issued);
  REQUIRE(issued.status == 201);
  const std::string number = issued["certificate_no"];
  CHECK(number == "CMM-525-2026-00001");
  CHECK(issued.header("Location") == "/api/v1/certificates/" + number);
  CHECK(EventTypes(issued) == std::vector<std::string>{"CertificateIssued"});
  const std::string c = "/api/v1/certificates/" + number;

  Reply pub = Ok(fx.Get("/public/v1/certificates/" + number));
  CHECK(pub["status"] == "VALID");
  CHECK(pub["holder_name"] == "杭州星河直播电子商务有限公司");
  CHECK(pub["uscc"] == UsccFrom("91330110MA2H3X4Y5"));
  CHECK(pub["issue_date"] == "2026-04-13");
  CHECK(pub["first_issued_on"] == "2026-04-13");
  CHECK(pub["valid_from"] == "2026-04-13");
  CHECK(pub["in_validity"] == true);
  CHECK(pub["status_since"] == "2026-04-13");
  for (const char* key : {"certificate_no", "former_names", "address", "scope", "basis", "certification_body",
                          "valid_until", "evaluation"}) {
    CHECK(pub.json_body.contains(key));
  }
  CHECK_FALSE(pub.json_body.contains("cancellation"));
  CHECK_FALSE(pub.json_body.contains("revocation"));
  Reply history = Ok(fx.Get("/public/v1/certificates/" + number + "/history"));
  REQUIRE(history["status_history"].size() == 1);
  CHECK(history["status_history"][0]["before"].is_null());  // the first row is the issue
  CHECK(history["status_history"][0]["after"] == "VALID");
  CHECK(history["status_history"][0]["date"] == "2026-04-13");
  CHECK(history["changes"].empty());
  Reply with_history = Ok(fx.Get("/public/v1/certificates/" + number + "?include=history"));
  CHECK(with_history["history"] == history.json_body);

  Reply staff = Ok(fx.Get(c, "regulator"));
  CHECK(staff["certificate"]["certificate_no"] == number);
  CHECK(staff["file"]["file_id"] == file_id);

  // --- changes (Annex B.2) -------------------------------------------------------------------------
  const Reply renamed = Ok(fx.Post(c + "/changes", "clerk",
                                   {{"holder_name", "杭州星河优选电子商务有限公司"},
                                    {"reason", "企业名称变更"},
                                    {"approver", "陈杰（技术委员会主任）"},
                                    {"received_on", "2026-05-06"},
                                    {"channel", "post"}}));
  CHECK(EventTypes(renamed) == std::vector<std::string>{"CertificateChanged"});
  pub = Ok(fx.Get("/public/v1/certificates/" + number));
  CHECK(pub["holder_name"] == "杭州星河优选电子商务有限公司");
  CHECK(pub["former_names"] == json::array({"杭州星河直播电子商务有限公司"}));
  history = Ok(fx.Get("/public/v1/certificates/" + number + "/history"));
  REQUIRE(history["changes"].size() == 1);
  const json& change = history["changes"][0];
  CHECK(change["date"] == "2026-05-06");
  CHECK(change["before"] == "杭州星河直播电子商务有限公司");
  CHECK(change["after"] == "杭州星河优选电子商务有限公司");
  CHECK(change["reason"] == "企业名称变更");
  CHECK(change["approver"] == "陈杰（技术委员会主任）");
  CHECK(change.contains("content"));
  // The former name is still found.
  Reply found = Ok(fx.Get("/public/v1/certificates?q=" + Q("星河直播")));
  REQUIRE(found["total"] == 1);
  CHECK(found["items"][0]["certificate_no"] == number);

  // --- an annual surveillance audit (Annex B.4, staff) ---------------------------------------
  const Reply surveillance = fx.Post(f + "/audits", "auditor", PlanAuditBody("2026-05-11", "2026-05-18", "surveillance"));
  INFO(surveillance);
  REQUIRE(surveillance.status == 201);
  const std::string s = f + "/audits/" + surveillance["audit_id"].get<std::string>();
  Ok(fx.Put(s + "/scores", "auditor", {{"management", {{"9.4.3", 97}}}, {"effective_date", "2026-05-19"}}));
  const Reply completion_by_member =
      fx.Post(s + "/completion", "member", {{"conclusion", "maintain"}, {"effective_date", "2026-05-20"}});
  CHECK(completion_by_member.status == 403);  // the team leader's act
  const Reply completed =
      Ok(fx.Post(s + "/completion", "auditor", {{"conclusion", "maintain"}, {"effective_date", "2026-05-20"}}));
  CHECK(EventTypes(completed) == std::vector<std::string>{"SurveillanceAuditCompleted"});
  staff = Ok(fx.Get(c, "clerk"));
  REQUIRE(staff["surveillance"].size() == 1);
  CHECK(staff["surveillance"][0]["kind"] == "surveillance");
  CHECK(staff["surveillance"][0]["conclusion"] == "maintain");
  CHECK(staff["surveillance"][0]["team_leader"] == "zhang.wei");

  // --- suspension, rectification, verification, reinstatement ----------------------------------
  Ok(fx.Post(c + "/suspension", "committee",
             {{"grounds", "8.2.1-3"},
              {"details", "直播间商品成分标注与实物不符，受到行政处罚"},
              {"rectification", "整改商品信息审核流程"},
              {"deadline", "2026-07-10"},
              {"approver", "陈杰（技术委员会主任）"},
              {"effective_date", "2026-06-01"}}));
  pub = Ok(fx.Get("/public/v1/certificates/" + number));
  CHECK(pub["status"] == "SUSPENDED");
  CHECK(pub["status_since"] == "2026-06-01");
  CHECK(Ok(fx.Get("/public/v1/certificates?status=SUSPENDED"))["total"] == 1);
  CHECK(Ok(fx.Get("/public/v1/certificates?status=VALID"))["total"] == 0);

  // Reinstatement before a verified rectification: 409, nothing written.
  const auto head = fx.Head();
  const Reply early = fx.Post(c + "/reinstatement", "committee", {{"approver", "陈杰"}, {"effective_date", "2026-06-02"}});
  CHECK(early.status == 409);
  CHECK(early["current_status"] == "SUSPENDED");
  CHECK(fx.Head() == head);

  Ok(fx.Post(c + "/rectification", "clerk",
             {{"description", "下架涉事商品，修订审核流程"}, {"evidence", "整改报告"}, {"received_on", "2026-06-15"}}));
  Ok(fx.Post(c + "/rectification/verification", "committee",
             {{"verified", true}, {"approver", "陈杰（技术委员会主任）"}, {"effective_date", "2026-06-20"}}));
  Ok(fx.Post(c + "/reinstatement", "committee", {{"approver", "陈杰（技术委员会主任）"}, {"effective_date", "2026-06-22"}}));
  pub = Ok(fx.Get("/public/v1/certificates/" + number));
  CHECK(pub["status"] == "VALID");
  CHECK(pub["status_since"] == "2026-06-22");

  // --- a revocation proceeding, its notice, an appeal dismissed, the revocation ----------------
  Ok(fx.Post(c + "/revocation-proceeding", "committee",
             {{"grounds", "8.2.2-3"}, {"details", "严重违法违规行为"}, {"effective_date", "2026-08-03"}}));
  Ok(fx.Post(c + "/revocation-notice", "clerk", {{"appeal_deadline", "2026-08-20"}, {"effective_date", "2026-08-05"}}));
  // Revoking while the appeal window is open is refused.
  const auto before_early_revocation = fx.Head();
  const Reply too_early = fx.Post(c + "/revocation", "committee",
                                  {{"reason", "撤销"}, {"approver", "陈杰"}, {"effective_date", "2026-08-06"}});
  CHECK(too_early.status == 409);
  CHECK(fx.Head() == before_early_revocation);
  Ok(fx.Post(c + "/appeal", "clerk", {{"grounds", "请求复核"}, {"received_on", "2026-08-10"}, {"channel", "post"}}));
  Ok(fx.Post(c + "/appeal/decision", "committee",
             {{"outcome", "dismissed"}, {"reason", "申诉理由不成立"}, {"effective_date", "2026-08-25"}}));
  pub = Ok(fx.Get("/public/v1/certificates/" + number));
  CHECK(pub["status"] == "VALID");  // a proceeding does not change the status by itself
  const Reply revoked = Ok(fx.Post(c + "/revocation", "committee",
                                   {{"reason", "申诉已驳回，撤销认证证书"},
                                    {"approver", "陈杰（技术委员会主任）"},
                                    {"effective_date", "2026-08-28"}}));
  CHECK(EventTypes(revoked) == std::vector<std::string>{"CertificateRevoked"});

  pub = Ok(fx.Get("/public/v1/certificates/" + number));
  CHECK(pub["status"] == "REVOKED");
  CHECK(pub["status_since"] == "2026-08-28");
  REQUIRE(pub.json_body.contains("revocation"));
  CHECK(pub["revocation"]["date"] == "2026-08-28");
  CHECK(pub["revocation"]["grounds"] == "8.2.2-3");
  CHECK_FALSE(pub["revocation"]["grounds_text"].get<std::string>().empty());
  CHECK(Ok(fx.Get("/public/v1/certificates?status=REVOKED"))["total"] == 1);

  using Row = std::pair<json, std::string>;
  CHECK(StatusRows(fx, number) == std::vector<Row>{{nullptr, "VALID"},
                                                   {"VALID", "SUSPENDED"},
                                                   {"SUSPENDED", "VALID"},
                                                   {"VALID", "REVOKED"}});
  history = Ok(fx.Get("/public/v1/certificates/" + number + "/history"));
  CHECK(history["status_history"][1]["date"] == "2026-06-01");
  CHECK(history["status_history"][1]["approver"] == "陈杰（技术委员会主任）");
  CHECK(history["status_history"][3]["reason"] == "申诉已驳回，撤销认证证书");
  for (const auto& row : history["status_history"]) CHECK(row.contains("recorded_at"));

  // Nothing leaves REVOKED: 409 naming the status, nothing written.
  const auto head_revoked = fx.Head();
  const Reply again = fx.Post(c + "/suspension", "committee", SuspensionBody("8.2.1-1", "2026-11-30", "2026-09-01"));
  CHECK(again.status == 409);
  CHECK(again["current_status"] == "REVOKED");
  CHECK(again["detail"].get<std::string>().find("REVOKED") != std::string::npos);
  CHECK(fx.Head() == head_revoked);

  // The regulator replays the whole story.
  const Reply events = Ok(fx.Get(c + "/events", "regulator"));
  const json& list = events["events"];
  REQUIRE(list.size() == Ok(fx.Get(f, "regulator"))["version"].get<std::size_t>());
  CHECK(list.front()["type"] == "ApplicationSubmitted");
  CHECK(list.back()["type"] == "CertificateRevoked");
  for (const char* key : {"position", "version", "type", "recorded_at", "effective_date", "actor", "hash", "data"}) {
    CHECK(list.back().contains(key));
  }
  CHECK(list.back()["actor"]["name"] == "chen.jie");
  CHECK(list.back()["actor"]["role"] == "committee");
  CHECK(list.back()["actor"]["token_id"] == fx.token_id("committee"));
  CHECK(list.back()["effective_date"] == "2026-08-28");
  CHECK(Ok(fx.Get(f + "/events", "committee"))["events"] == list);
  CHECK(events.header("ETag") == "\"" + std::to_string(list.size()) + "\"");
  const Reply timeline = Ok(fx.Get(c + "/timeline", "regulator"));
  REQUIRE(timeline["timeline"].size() == list.size());
  CHECK(timeline["timeline"].back()["state"]["certificate"]["status"] == "REVOKED");
  // The state as of a date before the revocation.
  const Reply as_of = Ok(fx.Get(c + "?as_of=2026-06-10", "regulator"));
  CHECK(as_of["certificate"]["status"] == "SUSPENDED");
  const Reply before_issue = Ok(fx.Get(c + "?as_of=2026-04-01", "regulator"));
  CHECK(before_issue["certificate"].is_null());
  const Reply verify = Ok(fx.Get("/api/v1/log/verify", "regulator"));
  CHECK(verify["ok"] == true);
  CHECK(verify["checked"] == fx.store().Head().size);
}

TEST_CASE("a second file is cancelled on the holder's request and the cancellation announced", "[http][lifecycle]") {
  HttpFixture fx;
  const CertifiedFile first = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const CertifiedFile second = Certify(fx, "宁波甬上好物直播有限公司", UsccFrom("91330212MA2GQ8N41"), 7);
  CHECK(first.certificate_no == "CMM-525-2026-00001");
  CHECK(second.certificate_no == "CMM-525-2026-00002");
  const std::string c = "/api/v1/certificates/" + second.certificate_no;

  Ok(fx.Post(c + "/cancellation-request", "clerk",
             {{"reason", "停止直播售货业务"}, {"received_on", "2026-07-01"}, {"channel", "post"}}));
  CHECK(Ok(fx.Get("/public/v1/certificates/" + second.certificate_no))["status"] == "VALID");
  Ok(fx.Post(c + "/cancellation", "committee",
             {{"grounds", "8.2.3-2"},
              {"reason", "认证对象主动申请注销"},
              {"approver", "陈杰（技术委员会主任）"},
              {"notified_on", "2026-07-03"},
              {"effective_date", "2026-07-03"}}));
  Reply pub = Ok(fx.Get("/public/v1/certificates/" + second.certificate_no));
  CHECK(pub["status"] == "CANCELLED");
  REQUIRE(pub.json_body.contains("cancellation"));
  CHECK(pub["cancellation"]["date"] == "2026-07-03");
  CHECK(pub["cancellation"]["grounds"] == "8.2.3-2");
  CHECK(pub["cancellation"]["announced_on"].is_null());

  Ok(fx.Post(c + "/cancellation/announcement", "clerk", {{"effective_date", "2026-07-06"}}));
  pub = Ok(fx.Get("/public/v1/certificates/" + second.certificate_no));
  CHECK(pub["cancellation"]["announced_on"] == "2026-07-06");
  CHECK_FALSE(pub["cancellation"]["grounds_text"].get<std::string>().empty());

  using Row = std::pair<json, std::string>;
  CHECK(StatusRows(fx, second.certificate_no) == std::vector<Row>{{nullptr, "VALID"}, {"VALID", "CANCELLED"}});
  // The other certificate is untouched; the search filters by status.
  CHECK(Ok(fx.Get("/public/v1/certificates/" + first.certificate_no))["status"] == "VALID");
  Reply cancelled = Ok(fx.Get("/public/v1/certificates?status=CANCELLED"));
  REQUIRE(cancelled["total"] == 1);
  CHECK(cancelled["items"][0]["certificate_no"] == second.certificate_no);
  Reply all = Ok(fx.Get("/public/v1/certificates"));
  CHECK(all["total"] == 2);
  CHECK(all["page"] == 1);
  CHECK(all["page_size"] == 20);
  // Exact USCC and exact number find the certificate.
  CHECK(Ok(fx.Get("/public/v1/certificates?q=" + UsccFrom("91330212MA2GQ8N41")))["items"][0]["certificate_no"] ==
        second.certificate_no);
  CHECK(Ok(fx.Get("/public/v1/certificates?q=" + second.certificate_no))["total"] == 1);

  // Nothing leaves CANCELLED.
  const auto head = fx.Head();
  const Reply reinstated = fx.Post(c + "/reinstatement", "committee", {{"approver", "陈杰"}});
  CHECK(reinstated.status == 409);
  CHECK(reinstated["current_status"] == "CANCELLED");
  CHECK(fx.Head() == head);
}

}  // namespace
}  // namespace certreg::testing
