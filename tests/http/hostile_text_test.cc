// What must not be stored (issue #11, item 8): control and invisible
// characters in names, addresses and other text; invalid UTF-8; a key given
// twice in one object; bodies nested too deep. Each is refused, nothing is
// appended, and some are sent as raw bytes on a socket, past any client library.
#include <catch2/catch.hpp>

#include "http/http_steps.h"
#include "certreg/common/text.h"

namespace certreg::testing {
namespace {

using certreg::TextKind;
using certreg::TextProblem;

// Each refused class of characters, as UTF-8: C0, DEL, C1, zero-width, bidi
// controls, the line and paragraph separators.
const std::vector<std::pair<const char*, std::string>> kRefused = {
    {"U+0000", std::string(1, '\0')}, {"U+0007", "\x07"},        {"U+000D", "\r"},
    {"U+001F", "\x1f"},               {"U+007F", "\x7f"},        {"U+0085", "\xc2\x85"},
    {"U+009F", "\xc2\x9f"},           {"U+200B", "\u200b"},      {"U+200C", "\u200c"},
    {"U+200D", "\u200d"},             {"U+2060", "\u2060"},      {"U+FEFF", "\ufeff"},
    {"U+200E", "\u200e"},             {"U+200F", "\u200f"},      {"U+202A", "\u202a"},
    {"U+202E", "\u202e"},             {"U+2066", "\u2066"},      {"U+2069", "\u2069"},
    {"U+2028", "\u2028"},             {"U+2029", "\u2029"},     {"U+00AD", "\u00ad"},
    {"U+061C", "\u061c"},             {"U+115F", "\u115f"},     {"U+1160", "\u1160"},
    {"U+180E", "\u180e"},             {"U+2061", "\u2061"},     {"U+2064", "\u2064"},
    {"U+3164", "\u3164"},             {"U+FFA0", "\uffa0"},     {"U+FFF9", "\ufff9"},
    {"U+FFFB", "\ufffb"},             {"U+E0001", "\U000e0001"}, {"U+E007F", "\U000e007f"},
};

// The refusal names the field (and the character) and writes nothing.
void RefusedField(HttpFixture& fx, const std::string& user, const std::string& path, const json& body,
                  const std::string& field, const char* code_point) {
  Reply r = Refused(fx, 422, "validation-failed", [&] { return fx.Post(path, user, body); });
  INFO(r);
  REQUIRE(r.has_error(field));
  for (const auto& e : r["errors"]) {
    if (e["field"] == field) CHECK(e["message"].get<std::string>().find(code_point) != std::string::npos);
  }
}

std::string RawPost(HttpFixture& fx, const std::string& path, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + fx.token("clerk") +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

TEST_CASE("the text rule refuses control and invisible characters and invalid UTF-8, and keeps CJK",
          "[http][validation][text]") {
  for (const auto& [name, bytes] : kRefused) {
    INFO(name);
    CHECK(TextProblem("星河" + bytes + "直播", TextKind::kLine).value_or("").find(name) != std::string::npos);
    CHECK(TextProblem("星河" + bytes + "直播", TextKind::kLines).value_or("").find(name) != std::string::npos);
  }
  CHECK(TextProblem("a\nb", TextKind::kLine));
  CHECK(TextProblem("a\tb", TextKind::kLine));
  CHECK_FALSE(TextProblem("第一行\n\t第二行", TextKind::kLines));
  CHECK_FALSE(TextProblem("杭州（星河）直播：电子商务，有限公司。「一号」😀", TextKind::kLine));
  CHECK_FALSE(TextProblem("", TextKind::kLine));
  // Just outside the refused ranges.
  for (const char* kept : {"\u00a0", "\u200a", "\u2010", "\u2027", "\u202f", "\u205f", "\u2065", "\u206a", "\ufefe",
                        "\u00ac", "\u061b", "\u3163", "\ufffc", "\U000e0100"}) {
    CHECK_FALSE(TextProblem(kept, TextKind::kLine));
  }
  for (const std::string bad : {"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe6\x98",
                                "a\x80z"}) {
    CHECK(TextProblem(bad, TextKind::kLines) == std::optional<std::string>("must be valid UTF-8"));
  }
}

TEST_CASE("a control or invisible character in a name or an address is refused with 422 naming the field",
          "[http][validation][text]") {
  HttpFixture fx;
  const CertifiedFile certified = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string file = Ok(fx.Post("/api/v1/applications", "clerk",
                                      ApplicationBody("杭州月光直播有限公司", UsccFrom("91330110MA2H3X4Y6"))))["file_id"];
  Ok(fx.Post("/api/v1/files/" + file + "/acceptance", "clerk", {{"decision", "accept"}, {"effective_date", "2026-03-05"}}));
  const std::string change = "/api/v1/certificates/" + certified.certificate_no + "/changes";

  for (const auto& [code_point, bytes] : kRefused) {
    INFO(code_point);
    json body = ApplicationBody();
    body["applicant"]["name"] = "杭州星河" + bytes + "直播电子商务有限公司";
    body["applicant"]["address"] = "浙江省杭州市" + bytes + "余杭区";
    body["applicant"]["legal_representative"] = "张" + bytes + "伟";
    body["applicant"]["contact"]["name"] = bytes + "李娜";
    Reply r = Refused(fx, 422, "validation-failed", [&] { return fx.Post("/api/v1/applications", "clerk", body); });
    INFO(r);
    for (const char* field : {"applicant.name", "applicant.address", "applicant.legal_representative",
                              "applicant.contact.name"}) {
      CHECK(r.has_error(field));
    }
    json plan = PlanAuditBody("2026-03-10", "2026-03-16");
    plan["leader"] = "zhang" + bytes + "wei";
    RefusedField(fx, "auditor", "/api/v1/files/" + file + "/audits", plan, "leader", code_point);
    RefusedField(fx, "clerk", change, {{"holder_name", "杭州" + bytes + "星河"}, {"reason", "更名"}}, "holder_name",
                 code_point);
    RefusedField(fx, "clerk", change, {{"address", bytes + "杭州市"}, {"reason", "迁址"}}, "address", code_point);
    RefusedField(fx, "clerk", change, {{"address", "杭州市"}, {"reason", "迁址" + bytes}}, "reason", code_point);
  }

  SECTION("a tab or a line feed is one line too many in a name") {
    for (const char* bytes : {"\t", "\n"}) {
      json body = ApplicationBody();
      body["applicant"]["name"] = std::string("杭州星河") + bytes + "直播";
      Reply r = Refused(fx, 422, "validation-failed", [&] { return fx.Post("/api/v1/applications", "clerk", body); });
      CHECK(r.error_fields() == std::vector<std::string>{"applicant.name"});
    }
  }
}

TEST_CASE("multi-line text keeps line feeds and tabs, and a Chinese name with full-width punctuation is stored",
          "[http][validation][text]") {
  HttpFixture fx;
  const std::string name = "杭州（星河）直播：电子商务，有限公司。「一号」";
  const Reply created = fx.Post("/api/v1/applications", "clerk", ApplicationBody(name));
  REQUIRE(created.status == 201);
  const std::string file = created["file_id"];
  const Reply declined = fx.Post("/api/v1/files/" + file + "/acceptance", "clerk",
                                 {{"decision", "decline"}, {"reason", "材料不全：\n\t1. 营业执照\n\t2. 制度文件"},
                                  {"effective_date", "2026-03-05"}});
  CHECK(declined.status == 200);
  const Reply read = fx.Get("/api/v1/files/" + file, "clerk");
  REQUIRE(read.status == 200);
  CHECK(read.body.find(json(name).dump()) != std::string::npos);
}

TEST_CASE("a key given twice in one object is refused with 422 naming its path, at any depth",
          "[http][validation][json]") {
  HttpFixture fx;
  const std::string file = Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody()))["file_id"];
  const std::string acceptance = "/api/v1/files/" + file + "/acceptance";
  const auto post = [&](const std::string& path, const std::string& raw) {
    return fx.Send("POST", path, "clerk", raw, "application/json");
  };

  Reply top = Refused(fx, 422, "validation-failed",
                      [&] { return post(acceptance, R"({"decision":"decline","reason":"x","decision":"accept"})"); });
  CHECK(top.error_fields() == std::vector<std::string>{"decision"});

  // Nested in objects and in a list, in the application body.
  std::string body = ApplicationBody("杭州月光直播有限公司", UsccFrom("91330110MA2H3X4Y6")).dump();
  const auto twice = [](std::string text, const std::string& member) {
    const std::size_t at = text.find(member);
    REQUIRE(at != std::string::npos);
    return text.insert(at + member.size(), "," + member);
  };
  Reply contact = Refused(fx, 422, "validation-failed",
                          [&] { return post("/api/v1/applications", twice(body, R"("phone":"13800138000")")); });
  CHECK(contact.error_fields() == std::vector<std::string>{"applicant.contact.phone"});
  Reply listed = Refused(fx, 422, "validation-failed",
                         [&] { return post("/api/v1/applications", twice(body, R"("target":"≥98%")")); });
  CHECK(listed.error_fields() == std::vector<std::string>{"performance_indicators[0].target"});

  // The same key in two objects is no repetition.
  CHECK(post(acceptance, R"({"decision":"accept","effective_date":"2026-03-05"})").status == 200);
  CHECK(post("/api/v1/applications", body).status == 201);

  // Through a raw socket too.
  Reply raw = Refused(fx, 422, "validation-failed", [&] {
    return fx.RawRequest(RawPost(fx, acceptance, R"({"reason":"a","reason":"b"})"));
  });
  CHECK(raw.error_fields() == std::vector<std::string>{"reason"});
}

TEST_CASE("invalid UTF-8 is refused with 400, sent as raw bytes on a socket", "[http][validation][json]") {
  HttpFixture fx;
  const std::string file = Ok(fx.Post("/api/v1/applications", "clerk", ApplicationBody()))["file_id"];
  const std::string acceptance = "/api/v1/files/" + file + "/acceptance";
  for (const std::string bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe6\x98", "\\ud800"}) {
    INFO(json(bad).dump(-1, ' ', true, json::error_handler_t::replace));
    Refused(fx, 400, "malformed-json", [&] {
      return fx.RawRequest(RawPost(fx, acceptance, R"({"decision":"decline","reason":"材料)" + bad + R"("})"));
    });
  }
  // A refused character sent as raw UTF-8 bytes (no \u escape) is a 422 naming the field.
  Reply rlo = Refused(fx, 422, "validation-failed", [&] {
    return fx.RawRequest(RawPost(fx, acceptance, "{\"decision\":\"decline\",\"reason\":\"\xe2\x80\xae材料\"}"));
  });
  CHECK(rlo.error_fields() == std::vector<std::string>{"reason"});
  CHECK(fx.Get("/healthz").status == 200);
}

TEST_CASE("a body nested deeper than 64 is refused with 400 before it is built", "[http][validation][json]") {
  HttpFixture fx;
  const auto nested = [](int depth) {
    std::string s;
    for (int i = 1; i < depth; ++i) s += R"({"x":)";
    s += "{}";
    return s + std::string(static_cast<std::size_t>(depth - 1), '}');
  };
  // 64 levels parse (and "x" is an unknown field); 65 do not.
  Reply at_bound = Refused(fx, 422, "validation-failed", [&] {
    return fx.Send("POST", "/api/v1/applications", "clerk", nested(64), "application/json");
  });
  CHECK(at_bound.has_error("x"));
  Reply over = Refused(fx, 400, "malformed-json", [&] {
    return fx.Send("POST", "/api/v1/applications", "clerk", nested(65), "application/json");
  });
  CHECK(over["detail"].get<std::string>().find("64") != std::string::npos);
  // Half a megabyte of brackets on a raw socket: refused, and the server stays up.
  Refused(fx, 400, "malformed-json", [&] {
    return fx.RawRequest(RawPost(fx, "/api/v1/applications", std::string(500'000, '[')));
  });
  CHECK(fx.Get("/healthz").status == 200);
}

}  // namespace
}  // namespace certreg::testing
