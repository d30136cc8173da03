// Search as people type (platforms.md §4): q and the indexed names, numbers
// and USCCs are compared in their search form (text::SearchForm).
#include "projections/projection_fixture.h"

using namespace certreg::testing;

namespace {

// 00001 星河·云帆, 00002 traditional 臺北雲帆傳媒, 00003 full-width ＡＣＭＥ,
// 00004 星河云帆科技, suspended.
MemoryTables Registry() {
  MemoryTables tables;
  const std::vector<std::pair<Holder, std::string>> holders = {
      {{"杭州星河·云帆直播有限公司", "91330110MA2H3X4Y5"}, "CMM-525-2026-00001"},
      {{"臺北雲帆傳媒有限公司", "91310115MA1K2L3M4"}, "CMM-525-2026-00002"},
      {{"上海ＡＣＭＥ（中国）直播有限公司", "91110108MA01ABCD1"}, "CMM-525-2026-00003"},
      {{"深圳星河云帆科技有限公司", "91440300MA5F6G7H8"}, "CMM-525-2026-00004"},
  };
  int file = 0;
  for (const auto& [holder, number] : holders) {
    Lifecycle f;
    CertifiedFile(f, holder, number);
    if (number.ends_with("00004")) {
      f.Do(SuspendCertificate{"8.2.1-3", "违规", "整改", D("2026-06-30"), "陈杰"}, Committee());
    }
    ProjectInChunks(tables, "F-" + std::to_string(++file), Stamped(f), 1);
  }
  return tables;
}

using Found = std::vector<std::string>;

Found Numbers(const MemoryTables& tables, const std::string& q, std::optional<CertificateStatus> status = std::nullopt) {
  auto page = Search(tables, SearchQuery{q, status, 1, kMaxPageSize});
  REQUIRE(page.ok());
  Found out;
  for (const auto& row : page->items) out.push_back(row.number.substr(std::string("CMM-525-2026-").size()));
  CHECK(page->total == out.size());
  return out;
}

}  // namespace

TEST_CASE("inner spaces and punctuation of q and of the names are ignored", "[projections][search][normalisation]") {
  const MemoryTables tables = Registry();
  CHECK(Numbers(tables, "星河云帆") == Found{"00001", "00004"});
  CHECK(Numbers(tables, "星河·云帆") == Found{"00001", "00004"});
  CHECK(Numbers(tables, "星 河") == Found{"00001", "00004"});
  CHECK(Numbers(tables, "星\u3000河 · 云 帆 直播") == Found{"00001"});  // five code points and more: the long way
  CHECK(Numbers(tables, "acme中国") == Found{"00003"});
}

TEST_CASE("traditional characters find simplified names and simplified ones traditional names",
          "[projections][search][normalisation]") {
  const MemoryTables tables = Registry();
  CHECK(Numbers(tables, "雲帆") == Found{"00001", "00002", "00004"});
  CHECK(Numbers(tables, "云帆") == Found{"00001", "00002", "00004"});
  CHECK(Numbers(tables, "台北云帆传媒") == Found{"00002"});
  CHECK(Numbers(tables, "傳媒") == Found{"00002"});
}

TEST_CASE("full-width letters and digits match ASCII, in names, numbers and USCCs", "[projections][search][normalisation]") {
  const MemoryTables tables = Registry();
  CHECK(Numbers(tables, "acme") == Found{"00003"});
  CHECK(Numbers(tables, "ＡＣＭＥ") == Found{"00003"});
  CHECK(Numbers(tables, "Ａｃｍｅ（中国）直播") == Found{"00003"});
  CHECK(Numbers(tables, "ＣＭＭ－５２５－２０２６－０００００３") .empty());  // a number is matched whole
  CHECK(Numbers(tables, "ＣＭＭ－５２５－２０２６－００００３") == Found{"00003"});
  const std::string uscc = ValidUscc("91310115MA1K2L3M4");
  std::string wide;  // the USCC in full-width forms (U+FF10.., U+FF21..)
  for (char c : uscc) {
    const char32_t w = c >= '0' && c <= '9' ? 0xff10 + (c - '0') : 0xff21 + (c - 'A');
    wide += static_cast<char>(0xe0 | (w >> 12));
    wide += static_cast<char>(0x80 | ((w >> 6) & 0x3f));
    wide += static_cast<char>(0x80 | (w & 0x3f));
  }
  CHECK(Numbers(tables, wide) == Found{"00002"});
  CHECK(Numbers(tables, AsciiLower(uscc)) == Found{"00002"});
}

TEST_CASE("a certificate number is found with or without its dashes, in either case", "[projections][search][normalisation]") {
  const MemoryTables tables = Registry();
  CHECK(Numbers(tables, "CMM-525-2026-00002") == Found{"00002"});
  CHECK(Numbers(tables, "CMM525202600002") == Found{"00002"});
  CHECK(Numbers(tables, "cmm525202600002") == Found{"00002"});
  CHECK(Numbers(tables, "cmm 525 2026 00002") == Found{"00002"});
  CHECK(Numbers(tables, "CMM52520260000").empty());  // a number is matched whole, not a prefix of one
  auto index = tables.tables().at(kPublicIndexCf);
  CHECK(index.count(NumberKey("cmm525202600002", "CMM-525-2026-00002")) == 1);
}

TEST_CASE("q of only punctuation finds nothing, q of only white space lists every certificate",
          "[projections][search][normalisation]") {
  const MemoryTables tables = Registry();
  CHECK(Numbers(tables, "·").empty());
  CHECK(Numbers(tables, " - 、 ").empty());
  CHECK(Numbers(tables, " \u3000 ") == Found{"00001", "00002", "00003", "00004"});
  CHECK(Numbers(tables, "   ") == Found{"00001", "00002", "00003", "00004"});
}

TEST_CASE("a normalised q pages and filters by status as any other", "[projections][search][normalisation][paging]") {
  const MemoryTables tables = Registry();
  CHECK(Numbers(tables, "雲帆", CertificateStatus::kSuspended) == Found{"00004"});
  CHECK(Numbers(tables, "雲帆", CertificateStatus::kValid) == Found{"00001", "00002"});
  CHECK(Numbers(tables, "星河·云帆直播", CertificateStatus::kValid) == Found{"00001"});
  auto second = Search(tables, SearchQuery{"雲 帆", std::nullopt, 2, 2});
  REQUIRE(second.ok());
  CHECK(second->total == 3);
  REQUIRE(second->items.size() == 1);
  CHECK(second->items[0].number == "CMM-525-2026-00004");
  // A number and its holder's name on one page: each certificate once, in number order.
  auto both = Search(tables, SearchQuery{"CMM525202600002", std::nullopt, 1, 20});
  REQUIRE(both.ok());
  CHECK(both->total == 1);
}
