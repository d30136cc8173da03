// domain.md §9 amendments 1, 2 and 4 through HTTP: a conditional approval on a
// failed pass mark is refused, no certificate before the decision notice, every
// decision and lapse awaits its notice in the work queue, and a renewal carries
// the recertified name, address and scope into the public answers.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

// The team leader's report on the audit at `a` recommending `recommendation`,
// its approval and the committee's review of the file at `f` with every point
// holding, on the three dates given.
void ReportedAndReviewed(HttpFixture& fx, const std::string& f, const std::string& a, const std::string& recommendation,
                         const std::string& reported_on, const std::string& approved_on,
                         const std::string& reviewed_on) {
  Ok(fx.Post(a + "/report", "auditor",
             {{"conclusion", "审核结论"}, {"recommendation", recommendation}, {"effective_date", reported_on}}));
  Ok(fx.Post(a + "/report/approval", "committee", {{"effective_date", approved_on}}));
  Ok(fx.Post(f + "/review", "committee",
             {{"process_conforms", true},
              {"findings_accurate", true},
              {"conclusion_reasonable", true},
              {"comments", "审查通过"},
              {"effective_date", reviewed_on}}));
}

// A file through acceptance, an initial audit with `finding` (a JSON finding
// body, none when null) and `scores`, report, approval and review, received
// 2026-03-02: awaiting the decision. Returns the file's path.
std::string Reviewed(HttpFixture& fx, const json& finding, const json& scores, const std::string& name,
                     const std::string& uscc) {
  const Reply applied = Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody(name, uscc)));
  const std::string f = "/api/v1/files/" + applied["file_id"].get<std::string>();
  Ok(fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", "2026-03-05"}}));
  const std::string audit = Ok(fx.Post(f + "/audits", "auditor", PlanAuditBody("2026-03-10", "2026-03-16")))["audit_id"];
  const std::string a = f + "/audits/" + audit;
  if (!finding.is_null()) Ok(fx.Post(a + "/findings", "auditor", finding));
  Ok(fx.Put(a + "/scores", "auditor", scores));
  ReportedAndReviewed(fx, f, a, "conditional", "2026-03-26", "2026-03-30", "2026-04-02");
  return f;
}

json MinorFinding() {
  return {{"indicator", "9.4.3"},
          {"grade", "minor"},
          {"description", "直播信息安全制度未覆盖外包主播"},
          {"evidence", "抽查记录"},
          {"effective_date", "2026-03-18"}};
}

std::vector<std::string> EventTypes(const Reply& write) {
  std::vector<std::string> types;
  for (const auto& e : write["events"]) types.push_back(e["type"]);
  return types;
}

const std::string kName = "杭州星河直播电子商务有限公司";

// `file` (certified 2026-04-13, valid until 2029-04-12) applies on 2029-02-01
// for recertification with `application`, is audited as `plan` says and
// approved on 2029-02-16; today is 2029-03-20. The notice is not yet given.
void RecertificationApproved(HttpFixture& fx, const CertifiedFile& file, const json& application, const json& plan) {
  const std::string f = "/api/v1/files/" + file.file_id;
  fx.SetToday(Day("2029-03-20"));
  Ok(fx.Post("/api/v1/certificates/" + file.certificate_no + "/recertification", "clerk", application));
  Ok(fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", "2029-02-02"}}));
  const std::string audit = Ok(fx.Post(f + "/audits", "auditor", plan))["audit_id"];
  const std::string a = f + "/audits/" + audit;
  Ok(fx.Put(a + "/scores", "auditor", PassingScoresBody("2029-02-12")));
  ReportedAndReviewed(fx, f, a, "approve", "2029-02-13", "2029-02-14", "2029-02-15");
  Ok(fx.Post(f + "/decision", "committee", {{"outcome", "approve"}, {"effective_date", "2029-02-16"}}));
}

}  // namespace

TEST_CASE("a conditional approval on a failed pass mark is refused with 409 and writes nothing",
          "[http][amendment][decision]") {
  HttpFixture fx;
  json scores = PassingScoresBody("2026-03-24");
  scores["management"]["9.1.1"] = 10;
  scores["management"]["9.4.3"] = 40;
  const std::string f = Reviewed(fx, MinorFinding(), scores, kName, UsccFrom("91330110MA2H3X4Y5"));
  const Reply refused = Refused(fx, 409, "state-conflict", [&] {
    return fx.Post(f + "/decision", "committee",
                   {{"outcome", "conditional"}, {"conditions_deadline", "2026-05-29"}, {"effective_date", "2026-04-06"}});
  });
  CHECK(refused["current_status"] == "awaiting_decision");
  CHECK(refused["detail"].get<std::string>().find("threshold") != std::string::npos);
  CHECK(Ok(fx.Get(f, "committee"))["version"] == 9);
}

TEST_CASE("no certificate before the decision notice: 409 naming the notice, nothing written",
          "[http][amendment][decision][notice]") {
  HttpFixture fx;
  const std::string f = Reviewed(fx, nullptr, PassingScoresBody("2026-03-24"), kName, UsccFrom("91330110MA2H3X4Y5"));
  Ok(fx.Post(f + "/decision", "committee", {{"outcome", "approve"}, {"effective_date", "2026-04-06"}}));
  const Reply file = Ok(fx.Get(f, "clerk"));
  CHECK(file["stage"] == "awaiting_notice");
  const Reply refused = Refused(fx, 409, "state-conflict", [&] {
    return fx.Post(f + "/certificate", "clerk", {{"issue_date", "2026-04-08"}});
  });
  CHECK(refused["current_status"] == "awaiting_notice");
  CHECK(refused["detail"].get<std::string>().find("notice") != std::string::npos);
  CHECK(Ok(fx.Get(f, "clerk"))["version"] == file["version"]);

  Ok(fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2026-04-08"}, {"channel", "email"}}));
  const Reply issued = fx.Post(f + "/certificate", "clerk", {{"issue_date", "2026-04-13"}});
  INFO(issued);
  CHECK(issued.status == 201);
}

TEST_CASE("an unnotified rejection stays in the work queue awaiting its notice", "[http][amendment][decision][notice]") {
  HttpFixture fx;
  const std::string f = Reviewed(fx, nullptr, PassingScoresBody("2026-03-24"), kName, UsccFrom("91330110MA2H3X4Y5"));
  Ok(fx.Post(f + "/decision", "committee",
             {{"outcome", "reject"}, {"reason", "服务特性测评不符合"}, {"effective_date", "2026-04-06"}}));
  Reply file = Ok(fx.Get(f, "clerk"));
  CHECK(file["stage"] == "awaiting_notice");
  CHECK(file["due_on"] == "2026-04-13");
  CHECK(file["overdue_reasons"] == json::array({"notice"}));
  const Reply queue = Ok(fx.Get("/api/v1/files?overdue=true&page_size=100", "clerk"));
  REQUIRE(queue["items"].size() == 1);
  CHECK(queue["items"][0]["stage"] == "awaiting_notice");
  CHECK(queue["items"][0]["overdue_reasons"] == json::array({"notice"}));

  const Reply notified =
      Ok(fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2026-04-20"}, {"channel", "post"}}));
  CHECK(EventTypes(notified) == std::vector<std::string>{"DecisionNotified"});
  file = Ok(fx.Get(f, "clerk"));
  CHECK(file["stage"] == "closed");
  CHECK(file["overdue_reasons"] == json::array());
  Refused(fx, 409, "state-conflict", [&] {
    return fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2026-04-21"}, {"channel", "post"}});
  });
}

TEST_CASE("a lapsed conditional approval is notified once more, and only once", "[http][amendment][decision][notice]") {
  // Recorded as it happens: a deadline already past when recorded is only listed (domain.md §4).
  HttpFixture::Options options;
  options.today = Day("2026-04-06");
  HttpFixture fx(options);
  const std::string f =
      Reviewed(fx, MinorFinding(), PassingScoresBody("2026-03-24"), kName, UsccFrom("91330110MA2H3X4Y5"));
  Ok(fx.Post(f + "/decision", "committee",
             {{"outcome", "conditional"}, {"conditions_deadline", "2026-04-30"}, {"effective_date", "2026-04-06"}}));
  fx.SetToday(Day("2026-04-08"));
  Ok(fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2026-04-08"}, {"channel", "email"}}));

  // The lapse (dated 2026-05-01) comes first, then its notice.
  fx.SetToday(Day("2026-05-07"));
  const Reply notified =
      Ok(fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2026-05-06"}, {"channel", "email"}}));
  CHECK(EventTypes(notified) == std::vector<std::string>{"ConditionalApprovalLapsed", "DecisionNotified"});
  const Reply file = Ok(fx.Get(f, "clerk"));
  CHECK(file["stage"] == "closed");
  CHECK(file["cycles"][0]["lapse_notice_due_on"] == "2026-05-08");
  CHECK(file["cycles"][0]["lapse_notified_on"] == "2026-05-06");
  Refused(fx, 409, "state-conflict", [&] {
    return fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2026-05-07"}, {"channel", "email"}});
  });
  Refused(fx, 409, "state-conflict", [&] {
    return fx.Post(f + "/certificate", "clerk", {{"issue_date", "2026-05-07"}});
  });
}

TEST_CASE("a renewal carries the recertified name, address and scope into the public answers",
          "[http][amendment][renewal]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, kName, UsccFrom("91330110MA2H3X4Y5"));
  const std::string f = "/api/v1/files/" + file.file_id;
  const std::string p = "/public/v1/certificates/" + file.certificate_no;
  CHECK(Ok(fx.Get(p))["valid_until"] == "2029-04-12");

  json application = ApplicationBody("杭州星河直播科技股份有限公司", UsccFrom("91330110MA2H3X4Y5"), "2029-02-01");
  application["applicant"]["address"] = "浙江省杭州市西湖区文三路100号";
  json plan = PlanAuditBody("2029-02-05", "2029-02-06", "recertification");
  plan["scope"] = "电子商务直播售货质量管理（直播营销服务、直播间运营）";
  RecertificationApproved(fx, file, application, plan);

  // Before the notice: refused, nothing written.
  const Reply early = Refused(fx, 409, "state-conflict", [&] {
    return fx.Post(f + "/certificate", "clerk", {{"effective_date", "2029-02-19"}});
  });
  CHECK(early["current_status"] == "VALID");
  CHECK(early["detail"].get<std::string>().find("notice") != std::string::npos);

  Ok(fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2029-02-19"}, {"channel", "email"}}));
  const Reply renewed = fx.Post(f + "/certificate", "clerk", {{"effective_date", "2029-02-20"}});
  INFO(renewed);
  REQUIRE(renewed.status == 200);

  const Reply pub = Ok(fx.Get(p));
  CHECK(pub["holder_name"] == "杭州星河直播科技股份有限公司");
  CHECK(pub["former_names"] == json::array({kName}));
  CHECK(pub["address"] == "浙江省杭州市西湖区文三路100号");
  CHECK(pub["scope"] == "电子商务直播售货质量管理（直播营销服务、直播间运营）");
  CHECK(pub["valid_from"] == "2029-04-13");
  CHECK(pub["valid_until"] == "2032-04-12");
  CHECK(pub["first_issued_on"] == "2026-04-13");

  const Reply history = Ok(fx.Get(p + "/history"));
  std::vector<std::string> contents;
  for (const auto& row : history["changes"]) contents.push_back(row["content"]);
  CHECK(contents == std::vector<std::string>{"有效期至 2029-04-12 → 2032-04-12", "名称变更", "地址变更", "范围变更"});
  const json& name_row = history["changes"][1];
  CHECK(name_row["before"] == kName);
  CHECK(name_row["after"] == "杭州星河直播科技股份有限公司");
  CHECK(name_row["reason"] == "再认证");
  CHECK(name_row["date"] == "2029-02-20");
  // The former name still finds the certificate.
  CHECK(Ok(fx.Get("/public/v1/certificates?q=" + Q("电子商务有限公司")))["total"] == 1);
}

TEST_CASE("no renewal while a revocation proceeding is open: 409, nothing written", "[http][amendment][renewal]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, kName, UsccFrom("91330110MA2H3X4Y5"));
  const std::string f = "/api/v1/files/" + file.file_id;
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  RecertificationApproved(fx, file, ApplicationBody(kName, UsccFrom("91330110MA2H3X4Y5"), "2029-02-01"),
                          PlanAuditBody("2029-02-05", "2029-02-06", "recertification"));
  Ok(fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2029-02-19"}, {"channel", "email"}}));
  Ok(fx.Post(c + "/revocation-proceeding", "committee",
             {{"grounds", "8.2.2-2"}, {"details", "提供虚假材料"}, {"effective_date", "2029-02-20"}}));
  const Reply refused = Refused(fx, 409, "state-conflict", [&] {
    return fx.Post(f + "/certificate", "clerk", {{"effective_date", "2029-02-21"}});
  });
  CHECK(refused["current_status"] == "VALID");
  CHECK(refused["detail"].get<std::string>().find("revocation proceeding") != std::string::npos);
}

}  // namespace certreg::testing
