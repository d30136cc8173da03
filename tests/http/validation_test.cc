// 422 through HTTP: every invalid field of a body named in one
// application/problem+json answer, unknown fields and enumerants refused, and
// the public status filter checked; each refusal writes nothing.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

TEST_CASE("422: every invalid field listed at once, unknown fields, enums and the public status filter",
          "[http][errors][validation]") {
  HttpFixture fx;

  SECTION("shape errors of the application body, all in one answer") {
    json body = ApplicationBody();
    body["applicant"]["founded_on"] = "2019-13-45";
    body["applicant"]["org_type"] = "corporation";
    body["applicant"]["contact"].erase("phone");
    body["business"]["salespersons"] = "twelve";
    body["declarations"]["materials_true"] = "yes";
    body["colour"] = "blue";
    body.erase("scope");
    Reply r = Refused(fx, 422, "validation-failed", [&] { return fx.Post("/api/v1/applications", "clerk", body); });
    INFO(r);
    for (const char* field : {"applicant.founded_on", "applicant.org_type", "applicant.contact.phone",
                              "business.salespersons", "declarations.materials_true", "colour", "scope"}) {
      CHECK(r.has_error(field));
    }
    CHECK(r["errors"].size() == 7);
    for (const auto& e : r["errors"]) CHECK_FALSE(e["message"].get<std::string>().empty());
  }

  SECTION("the rule's checks of the application, all in one answer") {
    json body = ApplicationBody();
    body["applicant"]["uscc"] = "91330110MA2H3X4Y5X";  // wrong check character
    body["applicant"]["name"] = " ";
    body["declarations"]["accepts_audit"] = false;
    body["eligibility"]["has_resources"] = false;
    Reply r = Refused(fx, 422, "validation-failed", [&] { return fx.Post("/api/v1/applications", "clerk", body); });
    INFO(r);
    CHECK(r["errors"].size() >= 4);
    for (const char* word : {"uscc", "name", "accepts_audit", "has_resources"}) {
      bool named = false;
      for (const auto& field : r.error_fields()) named = named || field.find(word) != std::string::npos;
      CHECK(named);
    }
  }

  SECTION("an audit plan outside the scheme") {
    const std::string file = Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody()))["file_id"];
    Ok(fx.Post("/api/v1/files/" + file + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", "2026-03-05"}}));
    json plan = PlanAuditBody("2026-03-10", "2026-03-16");
    plan["onsite_days"] = 9;
    plan["sites"] = json::array();
    plan["leader"] = "";
    Reply r = Refused(fx, 422, "validation-failed", [&] { return fx.Post("/api/v1/files/" + file + "/audits", "auditor", plan); });
    CHECK(r.has_error("onsite_days"));
    CHECK(r.has_error("sites"));
    CHECK(r.has_error("leader"));
    // Scores out of range and an unknown indicator.
    json scores = PassingScoresBody("2026-03-24");
    Ok(fx.Post("/api/v1/files/" + file + "/audits", "auditor", PlanAuditBody("2026-03-10", "2026-03-16")));
    scores["management"]["9.1.1"] = 101;
    scores["management"]["9.9.9"] = 90;
    Reply s = Refused(fx, 422, "validation-failed",
                      [&] { return fx.Put("/api/v1/files/" + file + "/audits/A1/scores", "auditor", scores); });
    INFO(s);
    CHECK(s["errors"].size() >= 2);
  }

  SECTION("an unknown field, a bad enum value, a bad date, a date after today") {
    const std::string file = Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody()))["file_id"];
    const std::string f = "/api/v1/files/" + file;
    Reply unknown = Refused(fx, 422, "validation-failed",
                            [&] { return fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}, {"approved", true}}); });
    CHECK(unknown.error_fields() == std::vector<std::string>{"approved"});
    Reply bad_enum = Refused(fx, 422, "validation-failed", [&] { return fx.Post(f + "/acceptance", "clerk", {{"decision", "maybe"}}); });
    REQUIRE(bad_enum.error_fields() == std::vector<std::string>{"decision"});
    CHECK(bad_enum["errors"][0]["message"].get<std::string>().find("accept") != std::string::npos);
    Reply both = Refused(fx, 422, "validation-failed", [&] {
      return fx.Post(f + "/acceptance", "clerk", {{"decision", 1}, {"effective_date", "yesterday"}, {"x", 1}});
    });
    CHECK(both["errors"].size() == 3);
    Reply future = Refused(fx, 422, "validation-failed", [&] {
      return fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", "2027-01-01"}});
    });
    CHECK(future.has_error("effective_date"));
    Reply disagree = Refused(fx, 422, "validation-failed", [&] {
      return fx.Post(f + "/withdrawal", "clerk",
                     {{"reason", "x"}, {"received_on", "2026-03-04"}, {"effective_date", "2026-03-05"}});
    });
    CHECK(disagree.has_error("received_on"));
    Reply not_object = Refused(fx, 422, "validation-failed", [&] { return fx.Post(f + "/acceptance", "clerk", json::array()); });
    CHECK(not_object.has_error("body"));
    Reply long_key = Refused(fx, 422, "validation-failed", [&] {
      return fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}}, {{"Idempotency-Key", std::string(129, 'k')}});
    });
    CHECK(long_key.has_error("Idempotency-Key"));
  }

  SECTION("query parameters: the public status filter, pages, the work queue") {
    Reply status = Refused(fx, 422, "validation-failed", [&] { return fx.Get("/public/v1/certificates?status=valid"); });
    CHECK(status.error_fields() == std::vector<std::string>{"status"});
    Refused(fx, 422, "validation-failed", [&] { return fx.Get("/public/v1/certificates?status=EXPIRED"); });
    Refused(fx, 422, "validation-failed", [&] { return fx.Get("/public/v1/certificates?page_size=101"); });
    Refused(fx, 422, "validation-failed", [&] { return fx.Get("/public/v1/certificates?page=0"); });
    Refused(fx, 422, "validation-failed", [&] { return fx.Get("/api/v1/files?stage=done", "clerk"); });
    Refused(fx, 422, "validation-failed", [&] { return fx.Get("/api/v1/log?limit=abc", "regulator"); });
    Refused(fx, 422, "validation-failed", [&] { return fx.Get("/public/v1/certificates?q=" + std::string(401, 'x')); });
    Refused(fx, 422, "validation-failed", [&] { return fx.Get("/public/v1/certificates/CMM-525-2026-00001?include=all"); });
    Refused(fx, 422, "validation-failed", [&] { return fx.Get("/api/v1/files?overdue=maybe", "clerk"); });
    CHECK(Ok(fx.Get("/public/v1/certificates?status=CANCELLED"))["total"] == 0);
  }

  SECTION("the state as of a malformed date or an unknown axis") {
    const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
    const std::string c = "/api/v1/certificates/" + file.certificate_no;
    Reply as_of = Refused(fx, 422, "validation-failed", [&] { return fx.Get(c + "?as_of=last-tuesday", "regulator"); });
    CHECK(as_of.has_error("as_of"));
    Reply axis = Refused(fx, 422, "validation-failed", [&] { return fx.Get(c + "?as_of=2026-05-01&axis=sideways", "regulator"); });
    CHECK(axis.has_error("axis"));
  }

  SECTION("a body's own date disagreeing with effective_date, and a date before the file's latest") {
    const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
    const std::string f = "/api/v1/files/" + file.file_id;
    const std::string c = "/api/v1/certificates/" + file.certificate_no;
    Reply notice = Refused(fx, 422, "validation-failed", [&] {
      return fx.Post(f + "/decision/notice", "clerk",
                     {{"notified_on", "2026-11-02"}, {"effective_date", "2026-11-03"}, {"channel", "email"}});
    });
    CHECK(notice.has_error("notified_on"));
    Reply issue = Refused(fx, 422, "validation-failed", [&] {
      return fx.Post(f + "/certificate", "clerk", {{"issue_date", "2026-11-02"}, {"effective_date", "2026-11-03"}});
    });
    CHECK(issue.has_error("issue_date"));
    Reply backwards = Refused(fx, 422, "validation-failed", [&] {
      return fx.Post(c + "/major-change", "clerk", {{"description", "迁址"}, {"received_on", "2026-04-01"}});
    });
    CHECK(backwards.has_error("effective_date"));
    Reply complainant = Refused(fx, 422, "validation-failed", [&] {
      return fx.Post(c + "/complaints", "clerk",
                     {{"summary", "x"}, {"complainant", {{"name", "刘芳"}, {"id_card", "110101199001011234"}}}});
    });
    CHECK(complainant.error_fields() == std::vector<std::string>{"complainant.id_card"});
    // Codes outside the scheme, and a deadline before the act's own date.
    Reply suspension = Refused(fx, 422, "validation-failed", [&] {
      return fx.Post(c + "/suspension", "committee", SuspensionBody("8.2.1-9", "2026-11-01", "2026-11-02"));
    });
    CHECK(suspension.has_error("grounds"));
    CHECK(suspension.has_error("deadline"));
    Reply proceeding = Refused(fx, 422, "validation-failed", [&] {
      return fx.Post(c + "/revocation-proceeding", "committee", {{"grounds", "8.2.1-1"}, {"details", "x"}});
    });
    CHECK(proceeding.has_error("grounds"));
  }

  SECTION("Annex D sheet items above their points") {
    const std::string file = Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody()))["file_id"];
    const std::string f = "/api/v1/files/" + file;
    Ok(fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", "2026-03-05"}}));
    Ok(fx.Post(f + "/audits", "auditor", PlanAuditBody("2026-03-10", "2026-03-16")));
    json scores = PassingScoresBody("2026-03-24");
    scores["service"].erase("quality");
    scores["sheets"] = {{"D.1.1", {{"items", {99, 8, 6, 5}}}}, {"D.1.2", {{"items", {"seven"}}}}};
    Reply r = Refused(fx, 422, "validation-failed", [&] { return fx.Put(f + "/audits/A1/scores", "auditor", scores); });
    INFO(r);
    CHECK(r.has_error("sheets.D.1.2.items[0]"));
    scores["sheets"] = {{"D.1.1", {{"items", {99, 8, 6, 5}}}}};
    Reply above = Refused(fx, 422, "validation-failed", [&] { return fx.Put(f + "/audits/A1/scores", "auditor", scores); });
    INFO(above);
    bool named = false;
    for (const auto& field : above.error_fields()) named = named || field.find("D.1.1") != std::string::npos;
    CHECK(named);
  }
}

}  // namespace
}  // namespace certreg::testing
