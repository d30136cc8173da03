// Paging a history (api.md; issue #11, item 6): a file's events and
// timeline and a certificate's public history come in pages of `from`/`limit`
// with `next`; the pages concatenate to the whole history, the last has no
// `next`, a malformed parameter is a 422 naming it, and the largest page is
// bounded by the maximum `limit`.
#include <catch2/catch.hpp>

#include "http/http_steps.h"
#include "http/range_query.h"

namespace certreg::testing {
namespace {

// A certified file, then `changes` address changes and a suspension and
// reinstatement: more events, change rows and status rows than a small page.
CertifiedFile BusyFile(HttpFixture& fx, int changes) {
  const CertifiedFile certified = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string c = "/api/v1/certificates/" + certified.certificate_no;
  for (int i = 0; i < changes; ++i) {
    Ok(fx.Post(c + "/changes", "clerk",
               {{"address", "浙江省杭州市余杭区文一西路" + std::to_string(1000 + i) + "号"}, {"reason", "迁址"},
                {"approver", "陈杰"}, {"effective_date", "2026-05-01"}}));
  }
  Ok(fx.Post(c + "/suspension", "committee", SuspensionBody("8.2.1-1", "2026-08-31", "2026-06-01")));
  Ok(fx.Post(c + "/rectification", "clerk", {{"description", "已整改"}, {"received_on", "2026-06-10"}}));
  Ok(fx.Post(c + "/rectification/verification", "committee",
             {{"verified", true}, {"approver", "陈杰"}, {"effective_date", "2026-06-12"}}));
  Ok(fx.Post(c + "/reinstatement", "committee", {{"approver", "陈杰"}, {"effective_date", "2026-06-15"}}));
  return certified;
}

// Every page of `path` (which has a query already when `joiner` is "&"),
// `limit` at a time from 0, following `next`; checks each page's `from` and
// that only the last lacks `next`. Returns the pages.
std::vector<Reply> Pages(HttpFixture& fx, const std::string& path, const std::string& user, int limit,
                         const char* joiner = "?") {
  std::vector<Reply> pages;
  std::uint64_t from = 0;
  for (;;) {
    pages.push_back(Ok(fx.Get(path + joiner + "from=" + std::to_string(from) + "&limit=" + std::to_string(limit), user)));
    const Reply& page = pages.back();
    CHECK(page["from"] == from);
    if (!page.json_body.contains("next")) break;
    REQUIRE(page["next"].get<std::uint64_t>() == from + static_cast<std::uint64_t>(limit));
    from = page["next"];
    REQUIRE(pages.size() < 100);
  }
  return pages;
}

json Concatenated(const std::vector<Reply>& pages, const char* list) {
  json all = json::array();
  for (const Reply& page : pages) {
    for (const auto& item : page[list]) all.push_back(item);
  }
  return all;
}

TEST_CASE("a file's events and timeline come in pages that concatenate to the whole history",
          "[http][paging][regulator]") {
  HttpFixture fx;
  const CertifiedFile file = BusyFile(fx, 12);
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  const std::string f = "/api/v1/files/" + file.file_id;

  // An ordinary file comes whole in one page by default.
  const Reply whole = Ok(fx.Get(c + "/events", "regulator"));
  const json& events = whole["events"];
  REQUIRE(events.size() > 20);
  CHECK(whole["from"] == 0);
  CHECK_FALSE(whole.json_body.contains("next"));
  CHECK(whole.header("ETag") == "\"" + std::to_string(events.size()) + "\"");
  for (std::size_t i = 0; i < events.size(); ++i) CHECK(events[i]["version"] == i + 1);

  for (const std::string& base : {c, f}) {
    for (int limit : {1, 7, static_cast<int>(events.size())}) {
      INFO(base << " limit " << limit);
      const std::vector<Reply> pages = Pages(fx, base + "/events", "committee", limit);
      CHECK(pages.size() == (events.size() + static_cast<std::size_t>(limit) - 1) / static_cast<std::size_t>(limit));
      CHECK(Concatenated(pages, "events") == events);
      for (const Reply& page : pages) CHECK(page.header("ETag") == whole.header("ETag"));
    }
  }

  const Reply timeline = Ok(fx.Get(c + "/timeline", "regulator"));
  REQUIRE(timeline["timeline"].size() == events.size());
  CHECK_FALSE(timeline.json_body.contains("next"));
  CHECK(timeline["timeline"].back()["state"]["certificate"]["status"] == "VALID");
  for (const std::string& base : {c, f}) {
    const std::vector<Reply> pages = Pages(fx, base + "/timeline", "regulator", 5);
    CHECK(Concatenated(pages, "timeline") == timeline["timeline"]);
  }

  // Past the end: an empty last page.
  const Reply beyond = Ok(fx.Get(c + "/events?from=" + std::to_string(events.size() + 5), "regulator"));
  CHECK(beyond["events"].empty());
  CHECK_FALSE(beyond.json_body.contains("next"));
}

TEST_CASE("a certificate's public history is paged list by list, with one from, limit and next",
          "[http][paging][public]") {
  HttpFixture fx;
  const CertifiedFile file = BusyFile(fx, 9);
  const std::string h = "/public/v1/certificates/" + file.certificate_no + "/history";
  const Reply whole = Ok(fx.Get(h));
  const json& changes = whole["changes"];
  const json& statuses = whole["status_history"];
  REQUIRE(changes.size() >= 9);
  REQUIRE(statuses.size() >= 3);
  CHECK_FALSE(whole.json_body.contains("next"));

  for (int limit : {1, 2, 4}) {
    INFO("limit " << limit);
    const std::vector<Reply> pages = Pages(fx, h, "", limit);
    CHECK(Concatenated(pages, "changes") == changes);
    CHECK(Concatenated(pages, "status_history") == statuses);
    // The longer list sets the number of pages.
    CHECK(pages.size() == (changes.size() + static_cast<std::size_t>(limit) - 1) / static_cast<std::size_t>(limit));
  }

  // The certificate with include=history: the same pages.
  const std::string cert = "/public/v1/certificates/" + file.certificate_no + "?include=history";
  const Reply embedded = Ok(fx.Get(cert));
  CHECK(embedded["history"]["changes"] == changes);
  CHECK_FALSE(embedded["history"].contains("next"));
  const Reply first = Ok(fx.Get(cert + "&limit=2"));
  CHECK(first["history"]["changes"] == json(changes.begin(), changes.begin() + 2));
  CHECK(first["history"]["next"] == 2);
}

TEST_CASE("a malformed from or limit is a 422 naming the parameter", "[http][paging][errors]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  const std::string p = "/public/v1/certificates/" + file.certificate_no;
  const std::vector<std::pair<std::string, std::string>> paths = {
      {c + "/events?", "regulator"},   {"/api/v1/files/" + file.file_id + "/events?", "regulator"},
      {c + "/timeline?", "committee"}, {"/api/v1/files/" + file.file_id + "/timeline?", "regulator"},
      {p + "/history?", ""},           {p + "?include=history&", ""}};
  for (const auto& [path, user] : paths) {
    for (const char* bad : {"from=-1", "from=x", "from=", "from=1e3", "from=99999999999999999999", "limit=0",
                            "limit=-5", "limit=2.5", "limit=1001", "limit=" }) {
      INFO(path << bad);
      const std::string parameter = std::string(bad).substr(0, std::string(bad).find('='));
      const Reply r = fx.Get(path + bad, user);
      RequireProblem(r, 422, "validation-failed");
      CHECK(r.error_fields() == std::vector<std::string>{parameter});
    }
  }
  // The timeline's pages are smaller.
  CHECK(fx.Get(c + "/timeline?limit=" + std::to_string(http::kTimelinePage.max_limit), "regulator").status == 200);
  CHECK(fx.Get(c + "/timeline?limit=" + std::to_string(http::kTimelinePage.max_limit + 1), "regulator").status ==
        422);
  // Through a raw socket: the same refusal.
  const Reply raw = fx.RawRequest("GET " + p + "/history?limit=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  CHECK(raw.status == 422);
  CHECK(raw.body.find("\"limit\"") != std::string::npos);
}

TEST_CASE("a page holds at most the maximum limit of events, however long the file", "[http][paging][bounds]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::uint64_t max = http::kEventsPage.max_limit;
  // Complaints with long summaries, written through the registry (quicker than HTTP).
  const std::string summary(2000, 'x');
  auto version = fx.service().FileVersion(file.file_id);
  REQUIRE(version.ok());
  while (*version <= max + 3) {
    app::CommandRequest request;
    request.file_id = file.file_id;
    domain::ReceiveComplaint complaint;
    complaint.summary = summary;
    complaint.act.received_on = Day("2026-05-01");
    request.command = std::move(complaint);
    request.actor = domain::Actor{"li.na", "clerk", ""};
    request.effective_date = Day("2026-05-01");
    auto done = fx.service().Execute(request);
    REQUIRE(done.ok());
    *version = done->version;
  }
  const std::string c = "/api/v1/certificates/" + file.certificate_no;
  const Reply first = Ok(fx.Get(c + "/events?limit=" + std::to_string(max), "regulator"));
  CHECK(first["events"].size() == max);
  CHECK(first["next"] == max);
  // Each event here is under 4 KB of JSON: the page is under max × 4 KB.
  CHECK(first.body.size() < max * 4096);
  const Reply rest = Ok(fx.Get(c + "/events?from=" + std::to_string(max) + "&limit=" + std::to_string(max), "regulator"));
  CHECK(first["events"].size() + rest["events"].size() == *version);
  CHECK_FALSE(rest.json_body.contains("next"));
  // The default page is smaller than the maximum.
  CHECK(Ok(fx.Get(c + "/events", "regulator"))["events"].size() == http::kEventsPage.default_limit);
  // The timeline of so long a file, a page at a time.
  const Reply timeline = Ok(fx.Get(c + "/timeline?from=" + std::to_string(max), "regulator"));
  CHECK(timeline["timeline"].size() == *version - max);
  CHECK(timeline["timeline"][0]["version"] == max + 1);
}

}  // namespace
}  // namespace certreg::testing
