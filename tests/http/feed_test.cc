// The change feed's pages (platforms.md §3; README, "The change feed"):
// GET /public/v1/feed?after=&limit= gives the public events after a cursor,
// oldest first, each with the certificate's number and status after it; the
// cursor is the event's global log position. Refused parameters are 422s
// naming them; no personal data; the same feed after a rebuild of the read
// models; CORS and conditional requests as on every public answer.
#include <catch2/catch.hpp>

#include <set>

#include "certreg/domain/events.h"
#include "certreg/projections/keys.h"
#include "http/http_steps.h"

namespace certreg::testing {
namespace {

// Two certified files, the first suspended and reinstated: public events
// (issued, issued, suspended, reinstated) among many that are not.
void TwoFiles(HttpFixture& fx, CertifiedFile* first, CertifiedFile* second) {
  *first = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  *second = Certify(fx, "宁波云帆直播科技有限公司", UsccFrom("91330201MA2J8K9L0"), 1);
  const std::string c = "/api/v1/certificates/" + first->certificate_no;
  Ok(fx.Post(c + "/suspension", "committee", SuspensionBody("8.2.1-1", "2026-08-31", "2026-06-01")));
  Ok(fx.Post(c + "/rectification", "clerk", {{"description", "已整改"}, {"received_on", "2026-06-10"}}));
  Ok(fx.Post(c + "/rectification/verification", "committee",
             {{"verified", true}, {"approver", "陈杰"}, {"effective_date", "2026-06-12"}}));
  Ok(fx.Post(c + "/reinstatement", "committee", {{"approver", "陈杰"}, {"effective_date", "2026-06-15"}}));
}

// Every item of the feed, `limit` a page, following `next` until a page is short.
std::vector<json> AllItems(HttpFixture& fx, int limit) {
  std::vector<json> items;
  std::string after;
  for (int pages = 0; pages < 1000; ++pages) {
    const Reply page = Ok(fx.Get("/public/v1/feed?limit=" + std::to_string(limit) + after));
    for (const json& item : page["items"]) items.push_back(item);
    if (page["items"].size() < static_cast<std::size_t>(limit)) break;
    after = "&after=" + page["next"].get<std::string>();
  }
  return items;
}

TEST_CASE("the feed lists the public events oldest first, with each certificate's status after the event",
          "[http][feed]") {
  HttpFixture fx;
  CertifiedFile a, b;
  TwoFiles(fx, &a, &b);
  const Reply page = Ok(fx.Get("/public/v1/feed"));
  CHECK(page.content_type().rfind("application/json", 0) == 0);
  const json& items = page["items"];
  REQUIRE(items.size() == 4);
  const std::vector<std::tuple<std::string, std::string, std::string, std::string>> expected = {
      {"CertificateIssued", a.certificate_no, "VALID", "2026-04-13"},
      {"CertificateIssued", b.certificate_no, "VALID", "2026-04-14"},
      {"CertificateSuspended", a.certificate_no, "SUSPENDED", "2026-06-01"},
      {"CertificateReinstated", a.certificate_no, "VALID", "2026-06-15"}};
  std::uint64_t previous = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json& item = items[i];
    INFO(item.dump());
    const auto& [type, number, status, since] = expected[i];
    CHECK(item["type"] == type);
    CHECK(item["certificate_no"] == number);
    CHECK(item["status"] == status);
    CHECK(item["status_since"] == since);
    CHECK(item["effective_date"] == since);
    CHECK(item["recorded_at"].get<std::string>().size() >= 20);  // RFC 3339, UTC
    // The cursor is the event's global log position: the log holds that event there.
    const std::uint64_t position = item["position"];
    CHECK(item["cursor"] == std::to_string(position));
    CHECK((i == 0 || position > previous));
    previous = position;
    auto entry = fx.service().LogEntryAt(position);
    REQUIRE(entry.ok());
    CHECK(entry->type == type);
  }
  CHECK(page["next"] == items.back()["cursor"]);
}

TEST_CASE("the feed pages by cursor: next continues after the last item, an empty page keeps the cursor",
          "[http][feed]") {
  HttpFixture fx;
  CertifiedFile a, b;
  TwoFiles(fx, &a, &b);
  const std::vector<json> whole = AllItems(fx, 1000);
  REQUIRE(whole.size() == 4);
  CHECK(AllItems(fx, 1) == whole);
  CHECK(AllItems(fx, 3) == whole);
  // After the second item: the third and the fourth.
  const Reply rest = Ok(fx.Get("/public/v1/feed?after=" + whole[1]["cursor"].get<std::string>()));
  REQUIRE(rest["items"].size() == 2);
  CHECK(rest["items"][0] == whole[2]);
  // At the end: no items, and `next` is the cursor asked with, to ask again later.
  const std::string last = whole.back()["cursor"];
  const Reply end = Ok(fx.Get("/public/v1/feed?after=" + last));
  CHECK(end["items"].empty());
  CHECK(end["next"] == last);
  // Before any public event there is nothing to continue after.
  HttpFixture empty;
  const Reply none = Ok(empty.Get("/public/v1/feed"));
  CHECK(none["items"].empty());
  CHECK(none["next"].is_null());
  // A later event shows up after the cursor the client kept.
  Ok(fx.Post("/api/v1/certificates/" + b.certificate_no + "/suspension", "committee",
             SuspensionBody("8.2.1-1", "2026-08-31", "2026-07-01")));
  const Reply later = Ok(fx.Get("/public/v1/feed?after=" + last));
  REQUIRE(later["items"].size() == 1);
  CHECK(later["items"][0]["certificate_no"] == b.certificate_no);
  CHECK(later["items"][0]["status"] == "SUSPENDED");
}

TEST_CASE("the feed refuses a malformed cursor or limit with a 422 naming the parameter, writing nothing",
          "[http][feed][validation]") {
  HttpFixture fx;
  for (const char* limit : {"0", "1001", "-1", "abc", "", "1.5"}) {
    const Reply r = Refused(fx, 422, "", [&] { return fx.Get(std::string("/public/v1/feed?limit=") + limit); });
    INFO(limit << " " << r);
    CHECK(r.has_error("limit"));
  }
  for (const char* after : {"abc", "-1", "01", "", "1e3", "18446744073709551616"}) {
    const Reply r = Refused(fx, 422, "", [&] { return fx.Get(std::string("/public/v1/feed?after=") + after); });
    INFO(after << " " << r);
    CHECK(r.has_error("after"));
  }
  Ok(fx.Get("/public/v1/feed?limit=1000&after=0"));
  // The stream refuses the same cursors, and a malformed Last-Event-ID names that header.
  CHECK(fx.Get("/public/v1/feed/stream?after=abc").has_error("after"));
  const Reply header = fx.Get("/public/v1/feed/stream", "", {{"Last-Event-ID", "x1"}});
  RequireProblem(header, 422);
  CHECK(header.has_error("Last-Event-ID"));
}

TEST_CASE("the feed holds only public events and no personal data", "[http][feed][personal]") {
  HttpFixture fx;
  CertifiedFile a, b;
  TwoFiles(fx, &a, &b);
  const Reply page = Ok(fx.Get("/public/v1/feed?limit=1000"));
  // As many items as the log has public events, and nothing else.
  auto log = fx.service().LogRecords(0, 10'000);
  REQUIRE(log.ok());
  std::size_t public_events = 0;
  for (const auto& e : *log) public_events += domain::IsPublicEvent(e.header.type) ? 1 : 0;
  CHECK(page["items"].size() == public_events);
  CHECK(log->size() > public_events * 3);
  const std::set<std::string> keys = {"cursor", "position", "type", "certificate_no", "status", "status_since",
                                      "effective_date", "recorded_at"};
  for (const json& item : page["items"]) {
    std::set<std::string> has;
    for (const auto& [key, value] : item.items()) has.insert(key);
    CHECK(has == keys);
  }
  // The applicants' legal representative, contact, phone and e-mail (ApplicationBody) appear nowhere.
  for (const char* personal : {"张伟", "李娜", "13800138000", "lina@example.cn", "li.na", "chen.jie"}) {
    INFO(personal);
    CHECK(page.body.find(personal) == std::string::npos);
  }
}

TEST_CASE("the feed is the same after its read model is rebuilt from the log", "[http][feed][rebuild]") {
  HttpFixture fx;
  CertifiedFile a, b;
  TwoFiles(fx, &a, &b);
  const Reply before = Ok(fx.Get("/public/v1/feed"));
  auto report = fx.service().RebuildReadModels();
  REQUIRE(report.ok());
  CHECK(report->identical);  // the rows written with each command are the rebuild's, byte for byte
  const Reply after = Ok(fx.Get("/public/v1/feed"));
  CHECK(after.body == before.body);
  fx.Restart();
  CHECK(Ok(fx.Get("/public/v1/feed")).body == before.body);
}

TEST_CASE("read models that fell behind the log catch up the feed's rows too", "[http][feed][rebuild]") {
  HttpFixture fx;
  CertifiedFile a, b;
  TwoFiles(fx, &a, &b);
  const Reply before = Ok(fx.Get("/public/v1/feed"));
  // As after an older version that wrote no feed: its rows gone, the checkpoint rewound.
  REQUIRE(fx.store().WriteExtra({projections::kFeedCf}, {{"proj_meta", "applied", std::string("0")}}).ok());
  CHECK(Ok(fx.Get("/public/v1/feed"))["items"].empty());
  auto caught_up = fx.service().CatchUpReadModels();
  REQUIRE(caught_up.ok());
  CHECK(*caught_up == fx.store().Head().size);
  CHECK(Ok(fx.Get("/public/v1/feed")).body == before.body);
  CHECK(fx.service().RebuildReadModels()->identical);
}

TEST_CASE("the feed answers any origin, and an unchanged page revalidates to a 304", "[http][feed][cors]") {
  HttpFixture fx;
  CertifiedFile a = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const httplib::Headers origin = {{"Origin", "https://platform.example"}};
  const Reply page = Ok(fx.Get("/public/v1/feed", "", origin));
  CHECK(page.header("Access-Control-Allow-Origin") == "*");
  CHECK(page.header("Cache-Control") == "no-cache");
  const std::string tag = page.header("ETag");
  REQUIRE_FALSE(tag.empty());
  const Reply same = fx.Get("/public/v1/feed", "", {{"Origin", "https://platform.example"}, {"If-None-Match", tag}});
  CHECK(same.status == 304);
  CHECK(same.header("Access-Control-Allow-Origin") == "*");
  // A new public event changes the page: 200 with a new tag.
  Ok(fx.Post("/api/v1/certificates/" + a.certificate_no + "/suspension", "committee",
             SuspensionBody("8.2.1-1", "2026-08-31", "2026-07-01")));
  const Reply changed = fx.Get("/public/v1/feed", "", {{"If-None-Match", tag}});
  CHECK(changed.status == 200);
  CHECK(changed.header("ETag") != tag);
  // Preflights of both endpoints.
  for (const char* path : {"/public/v1/feed", "/public/v1/feed/stream"}) {
    const Reply preflight = fx.Send("OPTIONS", path, "", std::nullopt, "",
                                    {{"Origin", "https://platform.example"}, {"Access-Control-Request-Method", "GET"}});
    INFO(path << " " << preflight);
    CHECK(preflight.status == 204);
    CHECK(preflight.header("Access-Control-Allow-Origin") == "*");
  }
}

}  // namespace
}  // namespace certreg::testing
