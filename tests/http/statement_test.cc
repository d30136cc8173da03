// The certificate status statement over HTTP (README, "The verifiable log:
// the status statement"; trust.md §5): GET /public/v1/certificates/{no}/statement
// in each status, pinned to a published checkpoint's size, its JSON form, its
// refusals, the QR code of the printable statement, and the offline check
// refusing a statement altered in any line.
#include <catch2/catch.hpp>

#include "certreg/app/statement_check.h"
#include "certreg/app/status_statement.h"
#include "http/http_steps.h"

namespace certreg::testing {
namespace {

// The statement served for `number` (at `query`), checked offline with the
// fixture's keys; fails the test when it does not pass.
app::StatementFacts CheckedStatement(HttpFixture& fx, const std::string& number, const std::string& query = "") {
  Reply r = fx.Get("/public/v1/certificates/" + number + "/statement" + query);
  INFO(r);
  REQUIRE(r.status == 200);
  CHECK(r.content_type() == "text/plain; charset=utf-8");
  auto facts = app::CheckStatusStatement(r.body, fx.signed_log().LogVerifier(), fx.signed_log().StatusVerifier());
  INFO(facts.status().ToString());
  REQUIRE(facts.ok());
  CHECK(r.header("X-Certreg-Tree-Size") == std::to_string(facts->size));
  return *facts;
}

// The statement's text without its as_of line and signatures: what a statement
// for one size states whenever it is fetched.
std::string Stated(const std::string& statement) {
  const std::size_t as_of = statement.find("\nas_of ");
  const std::size_t proof = statement.find("\nc2sp.org/tlog-proof@v1\n");
  REQUIRE(as_of != std::string::npos);
  REQUIRE(proof != std::string::npos);
  return statement.substr(0, as_of) + statement.substr(proof);
}

}  // namespace

TEST_CASE("a statement states each status as of the certificate's latest public event, and passes the offline check",
          "[http][statement]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州云帆直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string& number = file.certificate_no;
  const std::string c = "/api/v1/certificates/" + number;
  fx.SignCheckpoint();
  app::StatementFacts valid = CheckedStatement(fx, number);
  CHECK(valid.origin == "registry.example.cn/log");
  CHECK(valid.certificate == number);
  CHECK(valid.status == "VALID");
  CHECK(valid.status_since == "2026-04-13");
  CHECK(valid.holder == "杭州云帆直播电子商务有限公司");
  CHECK(valid.uscc == UsccFrom("91330110MA2H3X4Y5"));
  CHECK(valid.event == fx.Head().first - 1);  // the issue is the file's last event
  CHECK(valid.size == fx.Head().first);
  const std::string valid_until = Ok(fx.Get("/public/v1/certificates/" + number))["valid_until"];
  CHECK(valid.valid_until == valid_until);

  // A change of name: the holder line follows it; the status does not change.
  Ok(fx.Post(c + "/changes", "clerk",
             {{"holder_name", "杭州云帆优选电子商务有限公司"},
              {"reason", "企业名称变更"},
              {"approver", "陈杰（技术委员会主任）"},
              {"received_on", "2026-05-06"},
              {"channel", "post"}}));
  fx.SignCheckpoint();
  app::StatementFacts changed = CheckedStatement(fx, number);
  CHECK(changed.holder == "杭州云帆优选电子商务有限公司");
  CHECK(changed.status == "VALID");
  CHECK(changed.status_since == "2026-04-13");
  CHECK(changed.event > valid.event);

  // Suspended, then reinstated: status_since is the date of the event that set the status.
  Ok(fx.Post(c + "/suspension", "committee", SuspensionBody("8.2.1-3", "2026-07-10", "2026-06-01")));
  fx.SignCheckpoint();
  app::StatementFacts suspended = CheckedStatement(fx, number);
  CHECK(suspended.status == "SUSPENDED");
  CHECK(suspended.status_since == "2026-06-01");
  Ok(fx.Post(c + "/rectification", "clerk",
             {{"description", "下架涉事商品"}, {"evidence", "整改报告"}, {"received_on", "2026-06-15"}}));
  Ok(fx.Post(c + "/rectification/verification", "committee",
             {{"verified", true}, {"approver", "陈杰"}, {"effective_date", "2026-06-20"}}));
  // Events the public does not see move neither the event nor the status.
  fx.SignCheckpoint();
  app::StatementFacts verified = CheckedStatement(fx, number);
  CHECK(verified.event == suspended.event);
  CHECK(verified.size > suspended.size);
  Ok(fx.Post(c + "/reinstatement", "committee", {{"approver", "陈杰"}, {"effective_date", "2026-06-22"}}));
  fx.SignCheckpoint();
  app::StatementFacts reinstated = CheckedStatement(fx, number);
  CHECK(reinstated.status == "VALID");
  CHECK(reinstated.status_since == "2026-06-22");

  // Revoked after a notice whose appeal window passed.
  Ok(fx.Post(c + "/revocation-proceeding", "committee",
             {{"grounds", "8.2.2-3"}, {"details", "严重违法违规行为"}, {"effective_date", "2026-08-03"}}));
  Ok(fx.Post(c + "/revocation-notice", "clerk", {{"appeal_deadline", "2026-08-20"}, {"effective_date", "2026-08-05"}}));
  Ok(fx.Post(c + "/revocation", "committee", {{"reason", "撤销"}, {"approver", "陈杰"}, {"effective_date", "2026-08-28"}}));
  fx.SignCheckpoint();
  app::StatementFacts revoked = CheckedStatement(fx, number);
  CHECK(revoked.status == "REVOKED");
  CHECK(revoked.status_since == "2026-08-28");
  CHECK(revoked.holder == "杭州云帆优选电子商务有限公司");
}

TEST_CASE("a cancelled certificate's statement follows its announcement", "[http][statement]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "宁波甬上好物直播有限公司", UsccFrom("91330212MA2GQ8N41"));
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  Ok(fx.Post(c + "/cancellation-request", "clerk",
             {{"reason", "停止直播售货业务"}, {"received_on", "2026-07-01"}, {"channel", "post"}}));
  Ok(fx.Post(c + "/cancellation", "committee",
             {{"grounds", "8.2.3-2"},
              {"reason", "认证对象主动申请注销"},
              {"approver", "陈杰"},
              {"notified_on", "2026-07-03"},
              {"effective_date", "2026-07-03"}}));
  fx.SignCheckpoint();
  app::StatementFacts cancelled = CheckedStatement(fx, file.certificate_no);
  CHECK(cancelled.status == "CANCELLED");
  CHECK(cancelled.status_since == "2026-07-03");
  Ok(fx.Post(c + "/cancellation/announcement", "clerk", {{"effective_date", "2026-07-06"}}));
  fx.SignCheckpoint();
  app::StatementFacts announced = CheckedStatement(fx, file.certificate_no);
  CHECK(announced.status == "CANCELLED");
  CHECK(announced.status_since == "2026-07-03");
  CHECK(announced.event > cancelled.event);
}

TEST_CASE("a statement pinned to a size states the same whenever it is fetched, but for as_of",
          "[http][statement]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州云帆直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string path = "/public/v1/certificates/" + file.certificate_no + "/statement";
  const std::string first_size = std::to_string(fx.SignCheckpoint().body.size);
  Reply pinned = Ok(fx.Get(path + "?size=" + first_size));
  CHECK(pinned.header("Cache-Control") == "public, max-age=3600");
  CHECK(Ok(fx.Get(path)).header("Cache-Control") == "no-cache");

  Ok(fx.Post("/api/v1/certificates/" + file.certificate_no + "/suspension", "committee",
             SuspensionBody("8.2.1-3", "2026-07-10", "2026-06-01")));
  fx.SignCheckpoint();
  // The latest says SUSPENDED; the pinned one still VALID, the same lines and proof.
  CHECK(CheckedStatement(fx, file.certificate_no).status == "SUSPENDED");
  app::StatementFacts again = CheckedStatement(fx, file.certificate_no, "?size=" + first_size);
  CHECK(again.status == "VALID");
  CHECK(std::to_string(again.size) == first_size);
  CHECK(Stated(Ok(fx.Get(path + "?size=" + first_size)).body) == Stated(pinned.body));
}

TEST_CASE("the JSON form carries the signed statement and the proof as strings", "[http][statement]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州云帆直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  fx.SignCheckpoint();
  const std::string path = "/public/v1/certificates/" + file.certificate_no + "/statement";
  Reply json_form = Ok(fx.Get(path + "?format=json"));
  CHECK(json_form.content_type().rfind("application/json", 0) == 0);
  REQUIRE(json_form.json_body.is_object());
  CHECK(json_form.json_body.size() == 2);
  const std::string statement = json_form["statement"];
  const std::string proof = json_form["proof"];
  CHECK(statement.rfind("registry.example.cn/log/status-statement/v1\n", 0) == 0);
  CHECK(proof.rfind("c2sp.org/tlog-proof@v1\nextra ", 0) == 0);
  CHECK(app::CheckStatusStatement(statement + proof, fx.signed_log().LogVerifier(), fx.signed_log().StatusVerifier())
            .ok());
  CHECK(Stated(statement + proof) == Stated(Ok(fx.Get(path + "?format=text")).body));
}

TEST_CASE("statement refusals: no checkpoint yet, unknown certificates, unsigned sizes, bad queries",
          "[http][statement]") {
  HttpFixture fx;
  const std::string path = "/public/v1/certificates/CMM-525-2026-00001/statement";
  Reply none = fx.Get(path);
  RequireProblem(none, 503, "unavailable");
  CHECK(none.header("Retry-After") == "1");
  RequireProblem(fx.Get(path + "/qr.svg"), 404);  // no such certificate yet

  // A checkpoint from before the certificate was issued has no statement of it.
  Ok(fx.Post("/api/v1/applications", "clerk",
             ApplicationBody("杭州星河直播电子商务有限公司", UsccFrom("91330106MA2KXXXX1"))));
  const std::string before_issue = std::to_string(fx.SignCheckpoint().body.size);
  const CertifiedFile file = Certify(fx, "杭州云帆直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  REQUIRE(file.certificate_no == "CMM-525-2026-00001");
  RequireProblem(fx.Get(path + "?size=" + before_issue), 404);
  const std::uint64_t size = fx.SignCheckpoint().body.size;
  // Grown, not signed: that size has no checkpoint.
  Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody("宁波甬上好物直播有限公司", UsccFrom("91330212MA2GQ8N41"))));
  RequireProblem(fx.Get(path + "?size=" + std::to_string(size - 1)), 404);
  RequireProblem(fx.Get(path + "?size=" + std::to_string(fx.Head().first)), 404);
  RequireProblem(fx.Get(path + "?size=" + std::to_string(size + 1000)), 404);
  Reply unknown = fx.Get("/public/v1/certificates/CMM-525-2026-09999/statement");
  RequireProblem(unknown, 404);
  CHECK(unknown.json_body.value("detail", "") == "certificate CMM-525-2026-09999 not found");
  Reply not_yet = fx.Get(path + "?size=" + before_issue);
  CHECK_THAT(not_yet.json_body.value("detail", ""), Catch::Contains("has no public event in the tree of size"));
  CHECK_THAT(not_yet.body, !Catch::Contains("F-2026"));  // no file id reaches the public
  RequireProblem(fx.Get("/public/v1/certificates/CMM-525-2026-09999/statement/qr.svg"), 404);
  for (const char* bad : {"?size=0", "?size=", "?size=01", "?size=-1", "?size=abc", "?format=xml", "?format="}) {
    INFO(bad);
    RequireProblem(fx.Get(path + bad), 422);
  }
  CHECK(Ok(fx.Get(path + "?size=" + std::to_string(size))).status == 200);
}

TEST_CASE("the printable statement's QR code names the latest published size", "[http][statement]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州云帆直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string path = "/public/v1/certificates/" + file.certificate_no + "/statement/qr.svg";
  RequireProblem(fx.Get(path), 503);
  const std::uint64_t size = fx.SignCheckpoint().body.size;
  Reply qr = Ok(fx.Get(path));
  CHECK(qr.content_type() == "image/svg+xml");
  CHECK(qr.header("Cache-Control") == "no-cache");
  CHECK(qr.header("X-Certreg-Tree-Size") == std::to_string(size));
  CHECK(qr.body.rfind("<?xml", 0) == 0);
  // The page's own QR code (to the certificate's page) is another one.
  CHECK(Ok(fx.Get("/public/v1/certificates/" + file.certificate_no + "/qr.svg")).body != qr.body);
}

TEST_CASE("a statement altered in any one line fails the offline check", "[http][statement]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州云帆直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  fx.SignCheckpoint();
  const std::string text = Ok(fx.Get("/public/v1/certificates/" + file.certificate_no + "/statement")).body;
  const NoteVerifier log_key = fx.signed_log().LogVerifier();
  const NoteVerifier status_key = fx.signed_log().StatusVerifier();
  REQUIRE(app::CheckStatusStatement(text, log_key, status_key).ok());
  std::size_t start = 0;
  int lines = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    REQUIRE(end != std::string::npos);
    std::string altered = text;
    if (end == start) {
      altered.insert(start, "x");  // a blank line filled
    } else {
      char& c = altered[end - 1];
      c = c == 'A' ? 'B' : 'A';  // the line's last character changed
    }
    INFO("line " << lines + 1 << ": " << text.substr(start, end - start));
    CHECK_FALSE(app::CheckStatusStatement(altered, log_key, status_key).ok());
    start = end + 1;
    ++lines;
  }
  CHECK(lines > 20);
  // Keys of another log refuse it too.
  const NoteVerifier other = VerifierOf(GenerateNoteSigner("registry.example.cn/log").value());
  CHECK_FALSE(app::CheckStatusStatement(text, other, status_key).ok());
  CHECK_FALSE(app::CheckStatusStatement(text, log_key, VerifierOf(GenerateNoteSigner("registry.example.cn/log/status").value())).ok());
}

}  // namespace certreg::testing
