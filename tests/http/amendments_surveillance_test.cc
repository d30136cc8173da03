// domain.md §9 amendments 5 to 8 through HTTP: scope extension on a passed
// special audit, the surveillance due date and the committee's action on a
// suspend/revoke conclusion (POST .../maintenance), the special audit owed
// after a complaint or major change (POST .../special-audit-waiver), and
// impartiality of suspension, revocation proceedings and cancellation. Every
// refusal answers its problem and writes nothing.
#include <algorithm>

#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

bool Lists(const json& reasons, const std::string& reason) {
  return std::find(reasons.begin(), reasons.end(), reason) != reasons.end();
}

// Plans an audit of `kind` ("surveillance" | "special") starting `start`,
// scores one indicator (or every one with `full_scores`) and completes it with
// `conclusion` on `completed_on`; returns its audit id.
std::string CompletedAudit(HttpFixture& fx, const std::string& f, const std::string& kind, const std::string& start,
                           const std::string& conclusion, const std::string& completed_on,
                           const std::string& scope = "", bool full_scores = false) {
  json plan = PlanAuditBody(start, start, kind);
  if (kind == "special") {
    plan["trigger"] = "other";
    plan["trigger_ref"] = "范围扩大申请";
  }
  if (!scope.empty()) plan["scope"] = scope;
  const Reply planned = Ok(fx.Post(f + "/audits", "auditor", plan));
  const std::string audit_id = planned["audit_id"];
  const std::string a = f + "/audits/" + audit_id;
  json scores = full_scores ? PassingScoresBody(start) : json{{"management", {{"9.4.3", 97}}}, {"effective_date", start}};
  Ok(fx.Put(a + "/scores", "auditor", scores));
  Ok(fx.Post(a + "/completion", "auditor", {{"conclusion", conclusion}, {"effective_date", completed_on}}));
  return audit_id;
}

}  // namespace

TEST_CASE("a surveillance audit sets the next due date a year after its start, and a revoke conclusion "
          "waits for the committee until it maintains the certification",
          "[http][amendments][surveillance]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string f = "/api/v1/files/" + file.file_id;
  const std::string c = "/api/v1/certificates/" + file.certificate_no;

  CompletedAudit(fx, f, "surveillance", "2026-06-15", "maintain", "2026-06-17");
  const std::string second = CompletedAudit(fx, f, "surveillance", "2026-09-14", "revoke", "2026-09-16");
  Reply staff = Ok(fx.Get(c, "clerk"));
  CHECK(staff["certificate"]["next_surveillance_due"] == "2027-09-14");  // not 2028-04-13
  Reply queue = Ok(fx.Get(f, "clerk"));
  CHECK(Lists(queue["overdue_reasons"], "surveillance_action"));

  // A member of that audit's team who sits on the committee may not answer it.
  Refused(fx, 403, "conflict-of-interest", [&] {
    return fx.Post(c + "/maintenance", "member-committee", {{"reason", "维持认证"}, {"effective_date", "2026-09-21"}});
  });
  Refused(fx, 422, "validation-failed",
          [&] { return fx.Post(c + "/maintenance", "committee", {{"effective_date", "2026-09-21"}}); });
  const Reply maintained =
      Ok(fx.Post(c + "/maintenance", "committee", {{"reason", "不符合项已当场纠正"}, {"effective_date", "2026-09-21"}}));
  REQUIRE(maintained["events"].size() == 1);
  CHECK(maintained["events"][0]["type"] == "CertificationMaintained");
  queue = Ok(fx.Get(f, "clerk"));
  CHECK_FALSE(Lists(queue["overdue_reasons"], "surveillance_action"));
  // Nothing awaits the committee any more.
  Refused(fx, 409, "state-conflict", [&] {
    return fx.Post(c + "/maintenance", "committee", {{"reason", "维持认证"}, {"effective_date", "2026-09-22"}});
  });

  // The regulator reads the new event with its data.
  const Reply events = Ok(fx.Get(c + "/events", "regulator"));
  const json& last = events["events"].back();
  CHECK(last["type"] == "CertificationMaintained");
  CHECK(last["data"]["audit_id"] == second);
  CHECK(last["data"]["reason"] == "不符合项已当场纠正");
}

TEST_CASE("a complaint makes a special audit owed until the committee waives it", "[http][amendments][special]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string f = "/api/v1/files/" + file.file_id;
  const std::string c = "/api/v1/certificates/" + file.certificate_no;

  Refused(fx, 409, "state-conflict", [&] {
    return fx.Post(c + "/special-audit-waiver", "committee", {{"reason", "无需"}, {"effective_date", "2026-05-04"}});
  });
  Ok(fx.Post(c + "/complaints", "clerk",
             {{"summary", "直播中虚假宣传"}, {"received_on", "2026-05-06"}, {"channel", "phone"}}));
  CHECK(Lists(Ok(fx.Get(f, "clerk"))["overdue_reasons"], "special_audit"));
  const Reply waived = Ok(
      fx.Post(c + "/special-audit-waiver", "committee", {{"reason", "投诉经核实不成立"}, {"effective_date", "2026-05-08"}}));
  REQUIRE(waived["events"].size() == 1);
  CHECK(waived["events"][0]["type"] == "SpecialAuditWaived");
  CHECK_FALSE(Lists(Ok(fx.Get(f, "clerk"))["overdue_reasons"], "special_audit"));
  const Reply events = Ok(fx.Get(c + "/events", "regulator"));
  CHECK(events["events"].back()["data"]["causes"] == json::array({"C1"}));
}

TEST_CASE("a scope extension on a special audit concluding revoke is refused", "[http][amendments][scope]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string f = "/api/v1/files/" + file.file_id;
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  const std::string wider = "电子商务直播售货质量管理（直播营销服务、平台运营）";
  CompletedAudit(fx, f, "special", "2026-06-15", "revoke", "2026-06-17", wider, true);
  const json extend = {{"scope", wider},
                       {"scope_extension", true},
                       {"reason", "扩大范围"},
                       {"approver", "陈杰"},
                       {"received_on", "2026-06-22"},
                       {"channel", "email"}};
  const Reply refused = Refused(fx, 409, "state-conflict", [&] { return fx.Post(c + "/changes", "clerk", extend); });
  CHECK_THAT(refused["detail"].get<std::string>(), Catch::Contains("concluded revoke"));
}

TEST_CASE("a committee member who sat on the audit a status act rests on is refused",
          "[http][amendments][impartiality]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string c = "/api/v1/certificates/" + file.certificate_no;

  Refused(fx, 403, "conflict-of-interest", [&] {
    return fx.Post(c + "/revocation-proceeding", "member-committee",
                   {{"grounds", "8.2.2-1"}, {"details", "严重不符合"}, {"audit_id", file.audit_id},
                    {"effective_date", "2026-05-04"}});
  });
  json cancel = {{"grounds", "8.2.3-4"},
                 {"reason", "专项审核认定应当注销"},
                 {"approver", "zhang.wei"},
                 {"audit_id", file.audit_id},
                 {"effective_date", "2026-05-04"}};
  Refused(fx, 403, "conflict-of-interest", [&] { return fx.Post(c + "/cancellation", "committee", cancel); });
  json suspend = SuspensionBody("8.2.1-3", "2026-07-31", "2026-05-04");
  suspend["audit_id"] = "A9";
  Refused(fx, 404, "not-found", [&] { return fx.Post(c + "/suspension", "committee", suspend); });
  suspend["audit_id"] = file.audit_id;
  Refused(fx, 403, "conflict-of-interest", [&] { return fx.Post(c + "/suspension", "member-committee", suspend); });
  const Reply suspended = Ok(fx.Post(c + "/suspension", "committee", suspend));
  CHECK(suspended["events"][0]["type"] == "CertificateSuspended");
  const Reply events = Ok(fx.Get(c + "/events", "regulator"));
  CHECK(events["events"].back()["data"]["audit_id"] == file.audit_id);
}

}  // namespace certreg::testing
