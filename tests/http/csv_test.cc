// A search as CSV (platforms.md §1): format=csv or Accept: text/csv gives the
// same rows as the JSON, as UTF-8 with a BOM, a header row, RFC 4180 quoting
// and a guard against formulas; paged the same way, page_size up to 10,000
// (JSON keeps its 100); a download with a file name.
#include <catch2/catch.hpp>

#include <sstream>

#include "http/csv.h"
#include "http/http_steps.h"

namespace certreg::testing {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The lines of a CSV document without quoted line breaks (as the tests' rows have none).
std::vector<std::string> Lines(const std::string& csv) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  for (std::size_t end; (end = csv.find("\r\n", at)) != std::string::npos; at = end + 2) {
    lines.push_back(csv.substr(at, end - at));
  }
  CHECK(at == csv.size());  // every line ends in CRLF
  return lines;
}

std::string FirstCell(const std::string& line) { return line.substr(0, line.find(',')); }

TEST_CASE("CSV: the same rows as the JSON with BOM and header row, as a named download", "[http][csv]") {
  HttpFixture fx;
  std::vector<std::string> numbers;
  numbers.push_back(Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5")).certificate_no);
  numbers.push_back(Certify(fx, "宁波海曙云端直播有限公司", UsccFrom("91330203MA2H3X4Y6"), 1).certificate_no);
  numbers.push_back(Certify(fx, "温州鹿城星光电商有限公司", UsccFrom("91330302MA2H3X4Y7"), 2).certificate_no);
  const Reply listed = Ok(fx.Get("/public/v1/certificates?page_size=2&page=1"));
  REQUIRE(listed["items"].size() == 2);

  for (const Reply& csv : {Ok(fx.Get("/public/v1/certificates?page_size=2&page=1&format=csv")),
                           Ok(fx.Get("/public/v1/certificates?page_size=2&page=1", "", {{"Accept", "text/csv"}}))}) {
    INFO(csv);
    CHECK(csv.content_type().rfind("text/csv; charset=utf-8", 0) == 0);
    CHECK(csv.header("Content-Disposition") == "attachment; filename=\"certificates-1.csv\"");
    CHECK(csv.header("X-Total-Count") == "3");
    CHECK(csv.header("Vary") == "Accept");
    REQUIRE(csv.body.rfind(kBom, 0) == 0);
    const auto lines = Lines(csv.body.substr(kBom.size()));
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].rfind("certificate_no,holder_name,former_names,uscc,", 0) == 0);
    CHECK(lines[0].find("evaluation.comprehensive_score") != std::string::npos);
    for (std::size_t i = 0; i < 2; ++i) {
      const json& item = listed["items"][i];
      CHECK(FirstCell(lines[i + 1]) == item["certificate_no"]);
      CHECK(lines[i + 1].find(item["holder_name"].get<std::string>()) != std::string::npos);
      CHECK(lines[i + 1].find(item["public_url"].get<std::string>()) != std::string::npos);
      CHECK(lines[i + 1].find(",VALID,有效,") != std::string::npos);
    }
  }
  // Paged the same way: page 2 holds the third.
  const Reply page2 = Ok(fx.Get("/public/v1/certificates?page_size=2&page=2&format=csv"));
  const auto lines = Lines(page2.body.substr(kBom.size()));
  REQUIRE(lines.size() == 2);
  CHECK(FirstCell(lines[1]) == Ok(fx.Get("/public/v1/certificates?page_size=2&page=2"))["items"][0]["certificate_no"]);
  // The query narrows CSV as it does JSON.
  const Reply one = Ok(fx.Get("/public/v1/certificates?format=csv&q=" + Q("宁波")));
  CHECK(Lines(one.body.substr(kBom.size())).size() == 2);
  // format=json wins over Accept.
  CHECK(Ok(fx.Get("/public/v1/certificates?format=json", "", {{"Accept", "text/csv"}})).json_body.is_object());
}

TEST_CASE("CSV: page_size up to 10000 for CSV and 100 for JSON, format json or csv", "[http][csv]") {
  HttpFixture fx;
  CHECK(Ok(fx.Get("/public/v1/certificates?format=csv&page_size=10000")).header("X-Total-Count") == "0");
  CHECK(Lines(Ok(fx.Get("/public/v1/certificates?format=csv&page_size=101")).body.substr(kBom.size())).size() == 1);
  for (const char* query : {"?format=csv&page_size=10001", "?format=csv&page=0", "?page_size=101",
                            "?page_size=101&format=json"}) {
    INFO(query);
    const Reply r = fx.Get(std::string("/public/v1/certificates") + query);
    RequireProblem(r, 422);
    CHECK((r.has_error("page_size") || r.has_error("page")));
  }
  const Reply format = fx.Get("/public/v1/certificates?format=xlsx");
  RequireProblem(format, 422);
  CHECK(format.has_error("format"));
}

TEST_CASE("CSV: cells are quoted per RFC 4180 and guarded against formulas", "[http][csv]") {
  using http::CsvCell;
  CHECK(CsvCell("杭州星河") == "杭州星河");
  CHECK(CsvCell("a,b") == "\"a,b\"");
  CHECK(CsvCell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(CsvCell("two\nlines") == "\"two\nlines\"");
  CHECK(CsvCell("") == "");
  for (const char* formula : {"=1+1", "+1", "-1", "@SUM(A1)", "\tx"}) {
    INFO(formula);
    CHECK(CsvCell(formula) == std::string("'") + formula);
  }
  CHECK(CsvCell("\r=1") == "\"'\r=1\"");
  CHECK(CsvCell("=HYPERLINK(\"http://x\",\"y\")") == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");

  const json rows = {{{"n", "A-1"}, {"names", {"甲", "乙"}}, {"e", {{"s", 91.5}}}, {"b", true}, {"z", nullptr}},
                     {{"n", "=cmd"}}};
  const std::string doc = http::CsvDocument({{"n", "/n"}, {"names", "/names"}, {"e.s", "/e/s"}, {"b", "/b"}, {"z", "/z"}},
                                            rows);
  CHECK(doc == std::string(kBom) + "n,names,e.s,b,z\r\nA-1,甲; 乙,91.5,true,\r\n'=cmd,,,,\r\n");
}

}  // namespace
}  // namespace certreg::testing
