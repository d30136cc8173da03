// Every error code of api.md but 422 (validation_test.cc), each as an application/problem+json body with
// type, title, status and detail, and each refusal writing nothing: the log
// head is the same before and after.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

TEST_CASE("400: a body that is not JSON", "[http][errors]") {
  HttpFixture fx;
  const std::string file = Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody()))["file_id"];
  for (const std::string body : {"{not json", "", "{\"decision\": \"accept\",}", "\xff\xfe"}) {
    if (body.empty()) continue;  // an empty body stands for {}
    Refused(fx, 400, "malformed-json", [&] {
      return fx.Send("POST", "/api/v1/files/" + file + "/acceptance", "clerk", body, "application/json");
    });
  }
  Refused(fx, 400, "malformed-json",
          [&] { return fx.Send("POST", "/api/v1/applications", "clerk", "[1, 2", "application/json; charset=utf-8"); });
}

TEST_CASE("401: a missing, malformed, unknown or revoked token", "[http][errors][auth]") {
  HttpFixture fx;
  const json body = ApplicationBody();
  auto post = [&](const std::string& token_key, httplib::Headers headers = {}) {
    return fx.Post("/api/v1/applications", token_key, body, std::move(headers));
  };
  Reply missing = Refused(fx, 401, "unauthenticated", [&] { return post(""); });
  CHECK(missing.header("WWW-Authenticate").rfind("Bearer", 0) == 0);
  Refused(fx, 401, "unauthenticated", [&] { return fx.Get("/api/v1/files"); });
  Refused(fx, 401, "unauthenticated", [&] { return post("", {{"Authorization", "Basic bGkubmE6c2VjcmV0"}}); });
  Refused(fx, 401, "unauthenticated", [&] { return post(HttpFixture::Literal("not-a-token")); });
  // Well formed, but no such token; and a known id with a wrong secret.
  const std::string unknown = "crt_0123456789abcdef_" + std::string(64, 'a');
  Refused(fx, 401, "unauthenticated", [&] { return post(HttpFixture::Literal(unknown)); });
  std::string wrong_secret = fx.token("clerk");
  wrong_secret.back() = wrong_secret.back() == 'a' ? 'b' : 'a';
  Refused(fx, 401, "unauthenticated", [&] { return post(HttpFixture::Literal(wrong_secret)); });

  // A token works until it is revoked.
  auto issued = fx.tokens().Create("clerk", "temp.clerk", 1);
  REQUIRE(issued.ok());
  const std::string token = HttpFixture::Literal(issued->token);
  CHECK(fx.Get("/api/v1/files", token).status == 200);
  REQUIRE(fx.tokens().Revoke(issued->info.id, 2).ok());
  Refused(fx, 401, "unauthenticated", [&] { return fx.Get("/api/v1/files", token); });
  Refused(fx, 401, "unauthenticated", [&] { return post(token); });
  // Public endpoints need none, and ignore a bad one.
  CHECK(fx.Get("/public/v1/certificates").status == 200);
  CHECK(fx.Get("/public/v1/certificates", HttpFixture::Literal("garbage")).status == 200);
  CHECK(fx.Get("/healthz", token).status == 200);
}

TEST_CASE("403: the wrong role, a team leader's act by another auditor, a conflict of interest",
          "[http][errors][roles]") {
  HttpFixture fx;
  const std::string file = Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody()))["file_id"];
  const std::string f = "/api/v1/files/" + file;

  // The wrong role.
  Reply wrong_role = Refused(fx, 403, "forbidden", [&] {
    return fx.Post(f + "/acceptance", "auditor", {{"decision", "accept"}, {"effective_date", "2026-03-05"}});
  });
  CHECK(wrong_role["detail"].get<std::string>().find("auditor") != std::string::npos);
  Refused(fx, 403, "forbidden", [&] { return fx.Post("/api/v1/applications", "admin", ApplicationBody()); });

  Ok(fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", "2026-03-05"}}));
  const std::string audit = Ok(fx.Post(f + "/audits", "auditor", PlanAuditBody("2026-03-10", "2026-03-16")))["audit_id"];
  const std::string a = f + "/audits/" + audit;
  Ok(fx.Put(a + "/scores", "auditor", PassingScoresBody("2026-03-24")));

  // The report is the team leader's: wang.fang is a member.
  const json report = {{"conclusion", "符合认证要求"}, {"recommendation", "approve"}, {"effective_date", "2026-03-26"}};
  Reply not_leader = Refused(fx, 403, "forbidden", [&] { return fx.Post(a + "/report", "member", report); });
  CHECK(not_leader["detail"].get<std::string>().find("team leader") != std::string::npos);
  Ok(fx.Post(a + "/report", "auditor", report));

  // wang.fang also sits on the committee: refused approval, review and decision.
  Reply conflicted = Refused(fx, 403, "conflict-of-interest", [&] {
    return fx.Post(a + "/report/approval", "member-committee", {{"effective_date", "2026-03-30"}});
  });
  CHECK(conflicted["detail"].get<std::string>().find("wang.fang") != std::string::npos);
  Ok(fx.Post(a + "/report/approval", "committee", {{"effective_date", "2026-03-30"}}));
  const json review = {{"process_conforms", true},
                       {"findings_accurate", true},
                       {"conclusion_reasonable", true},
                       {"comments", "审查通过"},
                       {"effective_date", "2026-04-02"}};
  Refused(fx, 403, "conflict-of-interest", [&] { return fx.Post(f + "/review", "member-committee", review); });
  Ok(fx.Post(f + "/review", "committee", review));
  const json decision = {{"outcome", "approve"}, {"reason", ""}, {"effective_date", "2026-04-06"}};
  Refused(fx, 403, "conflict-of-interest", [&] { return fx.Post(f + "/decision", "member-committee", decision); });
  Ok(fx.Post(f + "/decision", "committee", decision));
}

TEST_CASE("404: unknown file, audit, finding or certificate", "[http][errors]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string f = "/api/v1/files/" + file.file_id;
  const std::string none = "/api/v1/files/F-2026-999999";

  Refused(fx, 404, "not-found", [&] { return fx.Get(none, "clerk"); });
  Refused(fx, 404, "not-found", [&] { return fx.Get(none + "/events", "regulator"); });
  Refused(fx, 404, "not-found", [&] {
    return fx.Post(none + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", "2026-03-05"}});
  });
  Refused(fx, 404, "not-found", [&] { return fx.Post(none + "/materials-request", "clerk", {{"missing", {"x"}}}); });

  Refused(fx, 404, "not-found", [&] { return fx.Get(f + "/audits/A99/evaluation", "clerk"); });
  Refused(fx, 404, "not-found", [&] { return fx.Put(f + "/audits/A99/scores", "auditor", PassingScoresBody("2026-11-01")); });
  Refused(fx, 404, "not-found", [&] {
    return fx.Post(f + "/audits/A99/findings", "auditor",
                   {{"indicator", "9.4.4"}, {"grade", "observation"}, {"description", "x"}, {"effective_date", "2026-11-01"}});
  });
  Refused(fx, 404, "not-found", [&] { return fx.Post(f + "/audits/A99/report/approval", "committee", json::object()); });
  Refused(fx, 404, "not-found", [&] {
    return fx.Post(f + "/findings/F99/closure", "auditor",
                   {{"corrective_action", "x"}, {"verification", "y"}, {"effective_date", "2026-11-01"}});
  });

  const std::string unknown = "CMM-525-2026-99999";
  Refused(fx, 404, "not-found", [&] { return fx.Get("/api/v1/certificates/" + unknown, "clerk"); });
  Refused(fx, 404, "not-found", [&] { return fx.Get("/api/v1/certificates/" + unknown + "/timeline", "regulator"); });
  Refused(fx, 404, "not-found", [&] {
    return fx.Post("/api/v1/certificates/" + unknown + "/major-change", "clerk", {{"description", "迁址"}});
  });
  Refused(fx, 404, "not-found", [&] { return fx.Get("/public/v1/certificates/" + unknown); });
  Refused(fx, 404, "not-found", [&] { return fx.Get("/public/v1/certificates/" + unknown + "/history"); });
  Refused(fx, 404, "not-found", [&] { return fx.Get("/public/v1/certificates/" + unknown + "?include=history"); });
  // An unknown path.
  Refused(fx, 404, "not-found", [&] { return fx.Get("/api/v1/nothing-here", "clerk"); });
}

TEST_CASE("409: the file's history forbids the command, the problem names the current status", "[http][errors]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string f = "/api/v1/files/" + file.file_id;
  const std::string c = "/api/v1/certificates/" + file.certificate_no;

  Reply twice = Refused(fx, 409, "state-conflict", [&] {
    return fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", "2026-11-02"}});
  });
  CHECK(twice["current_status"] == "VALID");
  CHECK(twice["detail"].get<std::string>().find("VALID") != std::string::npos);
  CHECK(twice.header("ETag") == "\"" + std::to_string(Ok(fx.Get(f, "clerk"))["version"].get<int>()) + "\"");

  Reply not_suspended = Refused(fx, 409, "state-conflict", [&] {
    return fx.Post(c + "/reinstatement", "committee", {{"approver", "陈杰"}, {"effective_date", "2026-11-02"}});
  });
  CHECK(not_suspended["current_status"] == "VALID");
  Refused(fx, 409, "state-conflict", [&] { return fx.Post(c + "/cancellation/announcement", "clerk", json::object()); });

  // A file still awaiting acceptance: its stage is the current status.
  const std::string other =
      Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody("宁波甬上好物直播有限公司", UsccFrom("91330212MA2GQ8N41"),
                                                                  "2026-11-02")))["file_id"];
  Reply early = Refused(fx, 409, "state-conflict", [&] {
    return fx.Post("/api/v1/files/" + other + "/audits", "auditor", PlanAuditBody("2026-11-03", "2026-11-10"));
  });
  CHECK(early["current_status"] == "awaiting_acceptance");
  CHECK(early["detail"].get<std::string>().find("awaiting_acceptance") != std::string::npos);
  Ok(fx.Post("/api/v1/files/" + other + "/materials-request", "clerk",
             {{"missing", {"qms_documents", "service_data"}}, {"effective_date", "2026-11-03"}}));
  Reply second_request = Refused(fx, 409, "state-conflict", [&] {
    return fx.Post("/api/v1/files/" + other + "/materials-request", "clerk",
                   {{"missing", {"other"}}, {"effective_date", "2026-11-04"}});
  });
  CHECK(second_request["current_status"] == "awaiting_materials");
  Reply no_decision = Refused(fx, 409, "state-conflict", [&] {
    return fx.Post("/api/v1/files/" + other + "/certificate", "clerk", {{"effective_date", "2026-11-04"}});
  });
  CHECK(no_decision["current_status"] == "awaiting_materials");
}

TEST_CASE("a refused command writes nothing, not even the time-driven events due by its date", "[http][errors]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  // Suspended today with a deadline ten days ahead (a deadline already past
  // when recorded would only be listed as overdue).
  Ok(fx.Post(c + "/suspension", "committee", SuspensionBody("8.2.1-1", "2026-12-10")));
  fx.SetToday(Day("2026-12-20"));
  // Past the deadline 8.2.2-5 opens a proceeding before any command, but these
  // commands are refused, so nothing is appended.
  Refused(fx, 409, "state-conflict", [&] { return fx.Post(c + "/reinstatement", "committee", {{"approver", "陈杰"}}); });
  Refused(fx, 422, "validation-failed", [&] { return fx.Post(c + "/complaints", "clerk", {{"summary", " "}}); });
  // An accepted command appends the time-driven proceeding before its own event.
  const Reply complaint = Ok(fx.Post(c + "/complaints", "clerk", {{"summary", "投诉"}}));
  REQUIRE(complaint["events"].size() == 2);
  CHECK(complaint["events"][0]["type"] == "RevocationProceedingOpened");
  CHECK(complaint["events"][1]["type"] == "ComplaintReceived");
}

TEST_CASE("413: a body over the configured limit", "[http][errors]") {
  HttpFixture::Options options;
  options.max_body_bytes = 512;
  HttpFixture fx(options);
  const std::string body = ApplicationBody().dump();
  REQUIRE(body.size() > 512);
  Reply too_large = Refused(fx, 413, "payload-too-large", [&] { return fx.Send("POST", "/api/v1/applications", "clerk", body, "application/json"); });
  CHECK(too_large["detail"].get<std::string>().find("512") != std::string::npos);
  // Under the limit the same server answers as usual.
  CHECK(fx.Post("/api/v1/applications", "clerk", {{"unknown", true}}).status == 422);
}

TEST_CASE("413: the default limit is 1 MiB", "[http][errors]") {
  HttpFixture fx;
  json body = ApplicationBody();
  body["scope"] = std::string(1 << 20, 'x');
  Refused(fx, 413, "payload-too-large", [&] { return fx.Post("/api/v1/applications", "clerk", body); });
  // Just under it, the body is read and judged on its fields (here: too long a scope).
  body["scope"] = "";
  const std::size_t rest = body.dump().size();
  body["scope"] = std::string((1 << 20) - rest, 'x');
  REQUIRE(body.dump().size() == 1 << 20);
  Reply judged = Refused(fx, 422, "validation-failed", [&] { return fx.Post("/api/v1/applications", "clerk", body); });
  CHECK(judged.has_error("scope"));
}

TEST_CASE("415: a body without Content-Type application/json", "[http][errors]") {
  HttpFixture fx;
  const std::string body = ApplicationBody().dump();
  Refused(fx, 415, "unsupported-media-type",
          [&] { return fx.Send("POST", "/api/v1/applications", "clerk", body, "text/plain"); });
  Refused(fx, 415, "unsupported-media-type",
          [&] { return fx.Send("POST", "/api/v1/applications", "clerk", body, "application/x-www-form-urlencoded"); });
  Refused(fx, 415, "unsupported-media-type",
          [&] { return fx.Send("POST", "/api/v1/applications", "clerk", body, "application/jsonx"); });
  // No Content-Type at all (httplib's client would add one: written by hand).
  Refused(fx, 415, "unsupported-media-type", [&] {
    return fx.RawRequest("POST /api/v1/applications HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                         fx.token("clerk") + "\r\nContent-Length: " + std::to_string(body.size()) +
                         "\r\nConnection: close\r\n\r\n" + body);
  });
  // A parameter and another case are still JSON.
  CHECK(fx.Send("POST", "/api/v1/applications", "clerk", body, "Application/JSON; charset=utf-8").status == 201);
}

}  // namespace
}  // namespace certreg::testing
