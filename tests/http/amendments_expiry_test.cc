// Expiry over HTTP (domain.md §9.3, §9.9): the sweep with a moved clock, the
// public and staff answers' in_validity and status_note, the work queue's
// `expiry` reason for history entered late, and the committee's cancellation
// refused (writing nothing) where its grounds would be untrue.
#include "http/http_steps.h"

using namespace certreg::testing;

namespace {

constexpr char kNoteZh[] = "有效期已届满，再认证进行中，证书不得使用";
const std::string kUscc = UsccFrom("91330110MA2H3X4Y5");
constexpr char kHolder[] = "杭州星河直播电子商务有限公司";

// The certificate of Certify(): issued 2026-04-13, valid until 2029-04-12.
constexpr char kValidUntil[] = "2029-04-12";

// The work-queue row of `file_id`.
json QueueRow(HttpFixture& fx, const std::string& file_id) {
  const Reply queue = Ok(fx.Get("/api/v1/files?page_size=100", "clerk"));
  for (const json& row : queue["items"]) {
    if (row.value("file_id", "") == file_id) return row;
  }
  FAIL("file " << file_id << " is not in the work queue");
  return nullptr;
}

bool Lists(const json& row, const std::string& reason) {
  for (const json& r : row.at("overdue_reasons")) {
    if (r == reason) return true;
  }
  return false;
}

void ApplyForRecertification(HttpFixture& fx, const std::string& certificate_no, const char* received_on) {
  Ok(fx.Post("/api/v1/certificates/" + certificate_no + "/recertification", "clerk",
             ApplicationBody(kHolder, kUscc, received_on)));
}

}  // namespace

TEST_CASE("a certificate past its validity with its recertification open carries the status note",
          "[http][amendments][expiry]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, kHolder, kUscc);
  const std::string pub = "/public/v1/certificates/" + file.certificate_no;
  fx.SetToday(Day("2029-02-01"));
  ApplyForRecertification(fx, file.certificate_no, "2029-02-01");

  fx.SetToday(Day(kValidUntil));
  const Reply last_day = Ok(fx.Get(pub));
  CHECK(last_day["in_validity"] == true);
  CHECK(last_day["status_note"].is_null());

  fx.SetToday(Day("2029-04-20"));
  CHECK(fx.service().SweepAll().events == 0);
  const Reply expired = Ok(fx.Get(pub));
  CHECK(expired["status"] == "VALID");
  CHECK(expired["in_validity"] == false);
  CHECK(expired["status_note"] == kNoteZh);
  CHECK_FALSE(expired["status_note_en"].get<std::string>().empty());

  const Reply search = Ok(fx.Get("/public/v1/certificates?q=" + Q(file.certificate_no)));
  REQUIRE(search["items"].size() == 1);
  CHECK(search["items"][0]["status_note"] == kNoteZh);
  CHECK(search["items"][0]["in_validity"] == false);

  const Reply staff = Ok(fx.Get("/api/v1/certificates/" + file.certificate_no, "clerk"));
  CHECK(staff["certificate"]["status_note"] == kNoteZh);
  CHECK(staff["certificate"]["in_validity"] == false);

  // Six months after valid_until with no renewal: cancelled on 8.2.3-4 the day after.
  fx.SetToday(Day("2029-10-20"));
  CHECK(fx.service().SweepAll().events == 1);
  const Reply cancelled = Ok(fx.Get(pub));
  CHECK(cancelled["status"] == "CANCELLED");
  CHECK(cancelled["status_note"].is_null());
  CHECK(cancelled["cancellation"]["grounds"] == "8.2.3-4");
  CHECK(cancelled["cancellation"]["date"] == "2029-10-13");
}

TEST_CASE("the sweep cancels on 8.2.3-4 an expired certificate whose recertification was withdrawn before expiry",
          "[http][amendments][expiry]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, kHolder, kUscc);
  fx.SetToday(Day("2029-02-10"));
  ApplyForRecertification(fx, file.certificate_no, "2029-02-01");
  Ok(fx.Post("/api/v1/files/" + file.file_id + "/withdrawal", "clerk", {{"reason", "放弃再认证"}}));

  fx.SetToday(Day("2029-05-01"));
  CHECK(fx.service().SweepAll().events == 1);
  const Reply answer = Ok(fx.Get("/public/v1/certificates/" + file.certificate_no));
  CHECK(answer["status"] == "CANCELLED");
  CHECK(answer["in_validity"] == false);
  CHECK(answer["cancellation"]["grounds"] == "8.2.3-4");
  CHECK(answer["cancellation"]["date"] == "2029-04-13");
  const Reply history = Ok(fx.Get("/public/v1/certificates/" + file.certificate_no + "/history"));
  CHECK(history["status_history"].back()["reason"] == "再认证未获批准");
}

TEST_CASE("an open revocation proceeding holds the expiry back until it is closed", "[http][amendments][expiry]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, kHolder, kUscc);
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  fx.SetToday(Day("2029-04-01"));
  Ok(fx.Post(c + "/revocation-proceeding", "committee", {{"grounds", "8.2.2-2"}, {"details", "提供虚假材料"}}));

  fx.SetToday(Day("2029-05-01"));
  CHECK(fx.service().SweepAll().events == 0);
  const Reply held = Ok(fx.Get("/public/v1/certificates/" + file.certificate_no));
  CHECK(held["status"] == "VALID");
  CHECK(held["in_validity"] == false);
  // Nor may the committee cancel while it runs.
  Refused(fx, 409, "", [&] {
    return fx.Post(c + "/cancellation", "committee",
                   {{"grounds", "8.2.3-1"}, {"reason", "有效期届满"}, {"approver", "陈杰"}});
  });

  Ok(fx.Post(c + "/revocation-proceeding/closure", "committee", {{"reason", "调查后未发现撤销理由"}}));
  CHECK(fx.service().SweepAll().events == 1);
  const Reply cancelled = Ok(fx.Get("/public/v1/certificates/" + file.certificate_no));
  CHECK(cancelled["status"] == "CANCELLED");
  CHECK(cancelled["cancellation"]["grounds"] == "8.2.3-1");
  CHECK(cancelled["cancellation"]["date"] == "2029-05-01");
}

TEST_CASE("a certificate entered late past its validity is listed as expiry until the committee cancels it",
          "[http][amendments][expiry]") {
  HttpFixture::Options options;
  options.today = Day("2029-06-01");
  HttpFixture fx(options);
  const CertifiedFile file = Certify(fx, kHolder, kUscc);
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  CHECK(fx.service().SweepAll().events == 0);
  CHECK(Ok(fx.Get("/public/v1/certificates/" + file.certificate_no))["status"] == "VALID");
  CHECK(Lists(QueueRow(fx, file.file_id), "expiry"));

  // A recertification applied for in time and declined: 8.2.3-1 would be untrue.
  ApplyForRecertification(fx, file.certificate_no, "2029-03-01");
  Ok(fx.Post("/api/v1/files/" + file.file_id + "/acceptance", "clerk",
             {{"decision", "decline"}, {"reason", "材料不全"}, {"effective_date", "2029-03-05"}}));
  const Reply refused = Refused(fx, 409, "", [&] {
    return fx.Post(c + "/cancellation", "committee",
                   {{"grounds", "8.2.3-1"}, {"reason", "有效期届满"}, {"approver", "陈杰"}});
  });
  CHECK(refused["current_status"] == "VALID");
  CHECK(Lists(QueueRow(fx, file.file_id), "expiry"));

  Ok(fx.Post(c + "/cancellation", "committee",
             {{"grounds", "8.2.3-4"}, {"reason", "再认证未获批准"}, {"approver", "陈杰"}}));
  CHECK_FALSE(Lists(QueueRow(fx, file.file_id), "expiry"));
  CHECK(Ok(fx.Get("/public/v1/certificates/" + file.certificate_no))["status"] == "CANCELLED");
}

TEST_CASE("in_validity is false for a revoked or cancelled certificate within its dates",
          "[http][amendments][expiry][validity]") {
  HttpFixture fx;
  const CertifiedFile revoked = Certify(fx, kHolder, kUscc);
  const CertifiedFile cancelled = Certify(fx, "北京希莫直播服务有限公司", UsccFrom("91110105MA01B2C3D"));
  const std::string r = "/api/v1/certificates/" + revoked.certificate_no;
  Ok(fx.Post(r + "/revocation-proceeding", "committee", {{"grounds", "8.2.2-2"}, {"details", "提供虚假材料"}}));
  Ok(fx.Post(r + "/revocation-notice", "clerk", {{"appeal_deadline", "2026-12-10"}}));
  fx.SetToday(Day("2026-12-15"));
  Ok(fx.Post(r + "/revocation", "committee", {{"reason", "申诉期届满未申诉"}, {"approver", "陈杰"}}));
  Ok(fx.Post("/api/v1/certificates/" + cancelled.certificate_no + "/cancellation", "committee",
             {{"grounds", "8.2.3-4"}, {"reason", "其他应当注销的情形"}, {"approver", "陈杰"}}));

  for (const CertifiedFile& file : {revoked, cancelled}) {
    const Reply pub = Ok(fx.Get("/public/v1/certificates/" + file.certificate_no));
    CHECK(pub["in_validity"] == false);
    CHECK(pub["valid_until"] == kValidUntil);
    CHECK(Ok(fx.Get("/api/v1/certificates/" + file.certificate_no, "clerk"))["certificate"]["in_validity"] == false);
  }
}
