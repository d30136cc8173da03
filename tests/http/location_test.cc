// Every Location header points at a GET that answers (platforms.md §6): each
// command of the lifecycle that answers 201 (an application, a planned audit,
// a recorded finding, a first certificate, a token) names a resource that the
// same token reads with 200; an audit's and a finding's GET carry the file's
// version tag (304 when it is current) and are 404 for an id the file lacks.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

// Requires a 201 with a Location, and that GET of it with `token` answers 200; the GET's reply.
Reply Follow(HttpFixture& fx, const Reply& created, const std::string& token) {
  INFO(created);
  REQUIRE(created.status == 201);
  const std::string location = created.header("Location");
  REQUIRE(location.rfind("/api/v1/", 0) == 0);
  const Reply read = fx.Get(location, token);
  INFO(location << " -> " << read);
  CHECK(read.status == 200);
  return read;
}

TEST_CASE("every Location of a 201 in the lifecycle answers a GET with the same token", "[http][location]") {
  HttpFixture fx;
  const Reply applied = fx.Post("/api/v1/applications", "clerk", ApplicationBody());
  const Reply file = Follow(fx, applied, "clerk");
  const std::string f = "/api/v1/files/" + applied["file_id"].get<std::string>();
  CHECK(file["file_id"] == applied["file_id"]);
  Ok(fx.Post(f + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", "2026-03-05"}}));

  const Reply planned = fx.Post(f + "/audits", "auditor", PlanAuditBody("2026-03-10", "2026-03-16"));
  const Reply audit = Follow(fx, planned, "auditor");
  const std::string audit_id = planned["audit_id"];
  CHECK(audit["audit_id"] == audit_id);
  CHECK(audit["kind"] == "initial");
  CHECK(audit["start_date"] == "2026-03-16");
  CHECK(audit.header("ETag") == "\"" + std::to_string(planned["version"].get<int>()) + "\"");

  const Reply recorded = fx.Post(f + "/audits/" + audit_id + "/findings", "member", ObservationBody("2026-03-18"));
  const Reply finding = Follow(fx, recorded, "member");
  CHECK(finding["finding_id"] == recorded["finding_id"]);
  CHECK(finding["audit_id"] == audit_id);
  CHECK(finding["grade"] == "observation");
  // The tag is the file's version: current answers 304, and it moves with the file.
  const Reply same = fx.Get(recorded.header("Location"), "member", {{"If-None-Match", finding.header("ETag")}});
  CHECK(same.status == 304);
  const std::string a = f + "/audits/" + audit_id;
  Ok(fx.Put(a + "/scores", "auditor", PassingScoresBody("2026-03-24")));
  const Reply moved = fx.Get(recorded.header("Location"), "member", {{"If-None-Match", finding.header("ETag")}});
  CHECK(moved.status == 200);
  CHECK(Ok(fx.Get(planned.header("Location"), "auditor"))["scores_recorded"] == true);

  Ok(fx.Post(a + "/report", "auditor",
             {{"conclusion", "符合认证要求"}, {"recommendation", "approve"}, {"effective_date", "2026-03-26"}}));
  Ok(fx.Post(a + "/report/approval", "committee", {{"effective_date", "2026-03-30"}}));
  Ok(fx.Post(f + "/review", "committee",
             {{"process_conforms", true}, {"findings_accurate", true}, {"conclusion_reasonable", true},
              {"comments", "审查通过"}, {"effective_date", "2026-04-02"}}));
  Ok(fx.Post(f + "/decision", "committee", {{"outcome", "approve"}, {"reason", ""}, {"effective_date", "2026-04-06"}}));
  Ok(fx.Post(f + "/decision/notice", "clerk", {{"notified_on", "2026-04-08"}, {"channel", "email"}}));
  const Reply issued = fx.Post(f + "/certificate", "clerk", {{"issue_date", "2026-04-13"}});
  const Reply certificate = Follow(fx, issued, "clerk");
  CHECK(certificate["certificate_no"] == issued["certificate_no"]);

  const Reply token = fx.Post("/api/v1/tokens", "admin", {{"role", "auditor"}, {"name", "zhao.lei"}});
  const Reply read = Follow(fx, token, "admin");
  CHECK(read["id"] == token["id"]);
  CHECK(read["name"] == "zhao.lei");
  CHECK_FALSE(read.json_body.contains("token"));  // the secret is shown once, at creation
}

TEST_CASE("an audit, a finding and a token the registry does not have are 404", "[http][location]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string f = "/api/v1/files/" + file.file_id;
  RequireProblem(fx.Get(f + "/audits/A-nothing", "clerk"), 404, "not-found");
  RequireProblem(fx.Get(f + "/findings/N-nothing", "clerk"), 404, "not-found");
  RequireProblem(fx.Get("/api/v1/files/F-2026-999999/audits/" + file.audit_id, "clerk"), 404, "not-found");
  RequireProblem(fx.Get("/api/v1/tokens/nothing", "admin"), 404, "not-found");
  // Staff only, like the file: no token is 401, the public sees nothing.
  CHECK(fx.Get(f + "/audits/" + file.audit_id).status == 401);
  CHECK(fx.Get("/api/v1/tokens/" + fx.token_id("clerk"), "clerk").status == 403);
  CHECK(Ok(fx.Get(f + "/audits/" + file.audit_id, "regulator"))["report_approved"] == true);
}

}  // namespace
}  // namespace certreg::testing
