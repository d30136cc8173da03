// The search form (certreg/text/search_text.h): what names, numbers, USCCs
// and a search's q are compared as (platforms.md §4).
#include <catch2/catch.hpp>

#include "certreg/text/search_text.h"

using certreg::text::SearchForm;

TEST_CASE("the search form folds full-width letters and digits to ASCII and upper case to lower case",
          "[search][normalisation]") {
  CHECK(SearchForm("ＡＣＭＥ") == "acme");
  CHECK(SearchForm("Ａｃｍｅ１２３") == "acme123");
  CHECK(SearchForm("ACME直播") == "acme直播");
  CHECK(SearchForm("９１３３０１１０ＭＡ２Ｈ３Ｘ４Ｙ５Ｘ") == "91330110ma2h3x4y5x");
  CHECK(SearchForm("ﬁ") == "fi");  // a compatibility ligature
}

TEST_CASE("the search form leaves out white space and punctuation, inside the text too", "[search][normalisation]") {
  CHECK(SearchForm("星 河") == "星河");
  CHECK(SearchForm("星\u3000河") == "星河");  // the ideographic space
  CHECK(SearchForm("星河·云帆") == "星河云帆");
  CHECK(SearchForm("星河・云帆") == "星河云帆");
  CHECK(SearchForm("上海Acme（中国）有限公司") == "上海acme中国有限公司");
  CHECK(SearchForm("「星河」，云帆。") == "星河云帆");
  CHECK(SearchForm("CMM-525-2026-00001") == "cmm525202600001");
  CHECK(SearchForm("ＣＭＭ－５２５－２０２６－００００１") == "cmm525202600001");
  CHECK(SearchForm(" \t-·、 ").empty());  // nothing to search for
  CHECK(SearchForm("").empty());
}

TEST_CASE("the search form writes traditional Chinese characters as simplified ones", "[search][normalisation]") {
  CHECK(SearchForm("雲帆") == "云帆");
  CHECK(SearchForm("杭州星河直播電子商務有限公司") == "杭州星河直播电子商务有限公司");
  CHECK(SearchForm("廣州") == "广州");
  CHECK(SearchForm("云帆") == "云帆");  // simplified stays
  // Character by character: a part's form is the same part of the whole's form.
  const std::string whole = SearchForm("乾隆著名發展");
  for (const char* part : {"乾", "乾隆", "著", "著名", "發展"}) {
    INFO(part);
    CHECK(whole.find(SearchForm(part)) != std::string::npos);
  }
}

TEST_CASE("the search form of ill-formed UTF-8 holds a replacement character, not the bytes", "[search][normalisation]") {
  CHECK(SearchForm("a\xff" "b") == "a\xef\xbf\xbd" "b");
  CHECK(SearchForm("\xe5\x8c") == "\xef\xbf\xbd");
}
