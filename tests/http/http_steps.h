// Request bodies of api.md and the steps of a certification file driven
// through HTTP, shared by the HTTP tests. The dates follow the lifecycle
// fixture's story (received Monday 2026-03-02) and are sent as
// `effective_date` (or the body's own date field), all before the fixture's
// today (2026-12-01), strictly increasing within a file.
#pragma once

#include <string>

#include "certreg/domain/uscc.h"
#include "support/http_fixture.h"

namespace certreg::testing {

inline std::string UsccFrom(const std::string& first17) { return first17 + *domain::UsccCheckCharacter(first17); }

// api.md's Annex A body, in full.
inline json ApplicationBody(const std::string& name = "杭州星河直播电子商务有限公司",
                            const std::string& uscc = UsccFrom("91330110MA2H3X4Y5"),
                            const std::string& received_on = "2026-03-02") {
  json sp = {{"status", "已建立并运行"}, {"plan", "持续改进"}};
  return {
      {"applicant",
       {{"name", name},
        {"address", "浙江省杭州市余杭区文一西路998号"},
        {"uscc", uscc},
        {"org_type", "live_service_agency"},
        {"legal_representative", "张伟"},
        {"contact", {{"name", "李娜"}, {"phone", "13800138000"}, {"email", "lina@example.cn"}}},
        {"founded_on", "2019-05-20"},
        {"live_business_since", "2020-03-01"}}},
      {"business",
       {{"scale", "中型"},
        {"service_scope", "服饰、美妆"},
        {"platforms", {"抖音", "淘宝直播"}},
        {"live_modes", {"video"}},
        {"live_hours", "每日19:00-23:00"},
        {"salespersons", 12},
        {"annual_turnover_cny", 52000000},
        {"annual_live_sessions", 600}}},
      {"quality_management",
       {{"system", sp},
        {"organisation", sp},
        {"personnel", sp},
        {"goods", sp},
        {"live_information", sp},
        {"consumer_protection", sp}}},
      {"service_capability",
       {{"quality", sp},
        {"efficiency", sp},
        {"effect", sp},
        {"satisfaction", sp},
        {"complaint_handling_rate", sp},
        {"problem_resolution_rate", sp}}},
      {"performance_indicators",
       {{{"category", "service_quality"}, {"name", "信息真实性"}, {"target", "≥98%"}, {"actual", "99.1%"}}}},
      {"declarations",
       {{"materials_true", true}, {"accepts_audit", true}, {"follows_rules", true}, {"continuous_improvement", true}}},
      {"applied_on", "2026-02-28"},
      {"eligibility",
       {{"legal_entity", true},
        {"qms_established", true},
        {"meets_standard", true},
        {"no_major_accident_12m", true},
        {"has_resources", true}}},
      {"materials",
       {"application_form", "business_license", "qms_documents", "service_data", "satisfaction_report",
        "system_description", "other"}},
      {"scope", "电子商务直播售货质量管理（直播营销服务）"},
      {"received_on", received_on}};
}

// Every indicator at 96 (every threshold met), the service areas by figure,
// all eight enhancement indicators.
inline json PassingScoresBody(const std::string& effective_date) {
  json management = json::object();
  for (const auto& indicator : scheme::BuiltInScheme().indicators) management[indicator.id] = 96;
  return {{"management", management},
          {"service", {{"quality", 88}, {"efficiency", 90}, {"effect", 86}}},
          {"enhancement",
           {{"technical_innovation", 70},
            {"management_innovation", 60},
            {"continuous_improvement", 80},
            {"industry_influence", 50},
            {"customer_satisfaction", 90},
            {"employee_satisfaction", 85},
            {"social_responsibility", 75},
            {"environmental_contribution", 60}}},
          {"effective_date", effective_date}};
}

inline json PlanAuditBody(const std::string& effective_date, const std::string& start_date,
                          const std::string& kind = "initial") {
  const bool cycle = kind == "initial" || kind == "recertification";
  return {{"kind", kind},
          {"leader", "zhang.wei"},
          {"members", {"wang.fang"}},
          {"start_date", start_date},
          {"onsite_days", cycle ? 5 : 2},
          {"sites", {"杭州总部"}},
          {"scope", "电子商务直播售货质量管理（直播营销服务）"},
          {"content", "服务特性测评与服务管理审核"},
          {"methods", "文件审查、现场观察、人员访谈"},
          {"effective_date", effective_date}};
}

// The observation the initial audit of every file here records (9.4.4).
inline json ObservationBody(const std::string& effective_date) {
  return {{"indicator", "9.4.4"},
          {"grade", "observation"},
          {"description", "直播回放留存期限未写入制度"},
          {"evidence", "抽查30场"},
          {"effective_date", effective_date}};
}

// A suspension on `grounds` whose rectification is due by `deadline`, approved
// by 陈杰; dated `effective_date` when one is given (else the fixture's today).
inline json SuspensionBody(const std::string& grounds, const std::string& deadline,
                           const std::string& effective_date = "") {
  json body = {{"grounds", grounds},
               {"details", "整改逾期"},
               {"rectification", "完成整改"},
               {"deadline", deadline},
               {"approver", "陈杰"}};
  if (!effective_date.empty()) body["effective_date"] = effective_date;
  return body;
}

// Requires a 2xx answer, saying what came back otherwise.
inline const Reply& Ok(const Reply& reply) {
  INFO(reply);
  REQUIRE(reply.status >= 200);
  REQUIRE(reply.status < 300);
  return reply;
}

// Where Certify() left a file.
struct CertifiedFile {
  std::string file_id;
  std::string audit_id;
  std::string certificate_no;
};

// A file from its application (received 2026-03-02 + `offset_days`) through
// acceptance, an initial audit with an observation, passing scores, report,
// approval, review, approval decision, notice and the certificate (issued
// 2026-04-13 + offset), all through HTTP with the test users. A `scope`
// other than ApplicationBody's lets one holder hold several certificates.
inline CertifiedFile Certify(HttpFixture& fx, const std::string& name, const std::string& uscc, int offset_days = 0,
                             const std::string& scope = "") {
  auto at = [&](const char* date) { return Day(date).AddDays(offset_days).ToString(); };
  CertifiedFile out;
  json application = ApplicationBody(name, uscc, at("2026-03-02"));
  if (!scope.empty()) application["scope"] = scope;
  const Reply applied = Ok(fx.Post("/api/v1/applications", "clerk", application));
  out.file_id = applied["file_id"];
  const std::string f = "/api/v1/files/" + out.file_id;
  Ok(fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", at("2026-03-05")}}));
  const Reply planned = Ok(fx.Post(f + "/audits", "auditor", PlanAuditBody(at("2026-03-10"), at("2026-03-16"))));
  out.audit_id = planned["audit_id"];
  const std::string a = f + "/audits/" + out.audit_id;
  Ok(fx.Post(a + "/findings", "member", ObservationBody(at("2026-03-18"))));
  Ok(fx.Put(a + "/scores", "auditor", PassingScoresBody(at("2026-03-24"))));
  Ok(fx.Post(a + "/report", "auditor",
             {{"conclusion", "符合认证要求"}, {"recommendation", "approve"}, {"effective_date", at("2026-03-26")}}));
  Ok(fx.Post(a + "/report/approval", "committee", {{"effective_date", at("2026-03-30")}}));
  Ok(fx.Post(f + "/review", "committee",
             {{"process_conforms", true},
              {"findings_accurate", true},
              {"conclusion_reasonable", true},
              {"comments", "审查通过"},
              {"effective_date", at("2026-04-02")}}));
  Ok(fx.Post(f + "/decision", "committee", {{"outcome", "approve"}, {"reason", ""}, {"effective_date", at("2026-04-06")}}));
  Ok(fx.Post(f + "/decision/notice", "clerk", {{"notified_on", at("2026-04-08")}, {"channel", "email"}}));
  const Reply issued = Ok(fx.Post(f + "/certificate", "clerk", {{"issue_date", at("2026-04-13")}}));
  out.certificate_no = issued["certificate_no"];
  return out;
}

// The reply is a problem of `status` (and `type`, when given).
inline void RequireProblem(const Reply& reply, int status, const std::string& type = "") {
  INFO(reply);
  REQUIRE(reply.status == status);
  CHECK(reply.content_type().rfind("application/problem+json", 0) == 0);
  REQUIRE(reply.json_body.is_object());
  CHECK(reply.json_body.value("status", 0) == status);
  CHECK_FALSE(reply.json_body.value("type", "").empty());
  CHECK_FALSE(reply.json_body.value("title", "").empty());
  CHECK_FALSE(reply.json_body.value("detail", "").empty());
  if (!type.empty()) CHECK(reply.json_body.value("type", "") == type);
}

// Runs `request`, requires the problem, and requires the log unchanged.
template <typename Request>
Reply Refused(HttpFixture& fx, int status, const std::string& type, Request request) {
  const auto before = fx.Head();
  const Reply reply = request();
  RequireProblem(reply, status, type);
  CHECK(fx.Head() == before);
  return reply;
}

}  // namespace certreg::testing
