// Search as people type, through HTTP (platforms.md §4): q is compared with
// names, numbers and USCCs in their search form, so full-width forms, case,
// inner spaces and punctuation, traditional characters and a number without
// its dashes find what the plain form finds; the answers keep CORS and ETags.
#include <catch2/catch.hpp>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

// The certificate numbers a public search for `q` answers, checking that
// `total` and X-Total-Count agree with them.
std::vector<std::string> Found(HttpFixture& fx, const std::string& q) {
  const Reply reply = Ok(fx.Get("/public/v1/certificates?q=" + Q(q)));
  INFO(q);
  std::vector<std::string> numbers;
  for (const json& item : reply["items"]) numbers.push_back(item["certificate_no"]);
  CHECK(reply["total"] == numbers.size());
  CHECK(reply.header("X-Total-Count") == std::to_string(numbers.size()));
  return numbers;
}

// The same text with ASCII letters and digits in their full-width forms.
std::string FullWidth(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
      out.push_back(c);
      continue;
    }
    const char32_t w = 0xff00 + static_cast<char32_t>(c - 0x20);  // U+FF01..U+FF5E mirror U+0021..U+007E
    out += static_cast<char>(0xe0 | (w >> 12));
    out += static_cast<char>(0x80 | ((w >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (w & 0x3f));
  }
  return out;
}

TEST_CASE("Search: spaces, punctuation, traditional characters and full width find the plain name",
          "[http][search][normalisation]") {
  HttpFixture fx;
  const std::string a = Certify(fx, "杭州星河·云帆直播有限公司", UsccFrom("91330110MA2H3X4Y5")).certificate_no;
  const std::string b = Certify(fx, "宁波云帆Acme电商有限公司", UsccFrom("91330203MA2H3X4Y6"), 1).certificate_no;
  const std::string c = Certify(fx, "温州鹿城星光电商有限公司", UsccFrom("91330302MA2H3X4Y7"), 2).certificate_no;
  using Numbers = std::vector<std::string>;
  CHECK(Found(fx, "星河云帆") == Numbers{a});
  CHECK(Found(fx, "星河·云帆") == Numbers{a});
  CHECK(Found(fx, "星 河") == Numbers{a});
  CHECK(Found(fx, "雲帆") == Numbers{a, b});
  CHECK(Found(fx, "雲帆直播") == Numbers{a});
  CHECK(Found(fx, "ＡＣＭＥ") == Numbers{b});
  CHECK(Found(fx, "acme 電商") == Numbers{b});
  CHECK(Found(fx, "電商") == Numbers{b, c});
  CHECK(Found(fx, "·").empty());  // only punctuation: nothing to search for
  CHECK(Found(fx, " ").size() == 3);  // only white space: every certificate, as an empty q
}

TEST_CASE("Search: a number without dashes or in full width, a USCC in either case", "[http][search][normalisation]") {
  HttpFixture fx;
  const std::string uscc = UsccFrom("91330110MA2H3X4Y5");
  const std::string number = Certify(fx, "杭州星河直播电子商务有限公司", uscc).certificate_no;
  Certify(fx, "宁波海曙云端直播有限公司", UsccFrom("91330203MA2H3X4Y6"), 1);
  std::string bare = number;
  bare.erase(std::remove(bare.begin(), bare.end(), '-'), bare.end());
  std::string lower = number;
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  using Numbers = std::vector<std::string>;
  for (const std::string& q : {number, bare, lower, FullWidth(number), FullWidth(bare), uscc, FullWidth(uscc)}) {
    CHECK(Found(fx, q) == Numbers{number});
  }
  std::string lower_uscc = uscc;
  for (char& ch : lower_uscc) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  CHECK(Found(fx, lower_uscc) == Numbers{number});
  CHECK(Found(fx, bare.substr(0, bare.size() - 1)).empty());  // a number is matched whole
}

TEST_CASE("Search: a normalised search answers with CORS and revalidates by its ETag", "[http][search][cors][conditional]") {
  HttpFixture fx;
  Certify(fx, "杭州星河·云帆直播有限公司", UsccFrom("91330110MA2H3X4Y5"));
  const std::string path = "/public/v1/certificates?q=" + Q("雲 帆");
  const Reply first = Ok(fx.Get(path, "", {{"Origin", "https://platform.example"}}));
  CHECK(first["total"] == 1);
  CHECK(first.header("Access-Control-Allow-Origin") == "*");
  const std::string tag = first.header("ETag");
  REQUIRE_FALSE(tag.empty());
  const Reply again = fx.Get(path, "", {{"If-None-Match", tag}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
}

}  // namespace
}  // namespace certreg::testing
