// The public index: lookup by number and USCC, and substring search over the
// current and former holder names, Chinese included.
#include <algorithm>

#include "certreg/text/search_text.h"
#include "projections/projection_fixture.h"

using namespace certreg::testing;

namespace {

const Holder kXimo{"北京希莫认证服务有限公司", "91110108MA01ABCD1"};
const Holder kXinghe{"杭州星河直播电子商务有限公司", "91330110MA2H3X4Y5"};
const Holder kAcme{"上海Acme直播科技有限公司", "91310115MA1K2L3M4"};
const Holder kShenzhen{"深圳星河银河星光传媒有限公司", "91440300MA5F6G7H8"};

// Four certificates and one file that never produced one:
// 00001 希莫; 00002 星河, since renamed 杭州银河数字科技有限公司; 00003 Acme,
// suspended; 00004 深圳星河银河星光, revoked; F-5 星河未发证, only accepted.
MemoryTables Registry() {
  MemoryTables tables;
  {
    Lifecycle f;
    CertifiedFile(f, kXimo, "CMM-525-2026-00001");
    ProjectInChunks(tables, "F-1", Stamped(f), 1);
  }
  {
    Lifecycle f;
    CertifiedFile(f, kXinghe, "CMM-525-2026-00002");
    ChangeCertificate change;
    change.holder_name = "杭州银河数字科技有限公司";
    change.reason = "更名";
    change.approver = "陈杰";
    change.act = {f.today(), "email"};
    f.Do(change, Clerk());
    ProjectInChunks(tables, "F-2", Stamped(f), 1);
  }
  {
    Lifecycle f;
    CertifiedFile(f, kAcme, "CMM-525-2026-00003");
    f.Do(SuspendCertificate{"8.2.1-3", "违规", "整改", D("2026-06-30"), "陈杰"}, Committee());
    ProjectInChunks(tables, "F-3", Stamped(f), 1);
  }
  {
    Lifecycle f;
    CertifiedFile(f, kShenzhen, "CMM-525-2026-00004");
    f.Do(OpenRevocationProceeding{"8.2.2-2", "虚假材料", ""}, Committee());
    f.Do(IssueRevocationNotice{D("2026-03-20")}, Clerk());
    f.SetToday("2026-03-21");
    f.Do(RevokeCertificate{"属实", "陈杰"}, Committee());
    ProjectInChunks(tables, "F-4", Stamped(f), 1);
  }
  {
    Lifecycle f;
    f.Do(SubmitApplication{FormOf({"星河未发证有限公司", "91330106MA2B3C4D5"}), {f.today(), "email"}}, Clerk());
    f.Do(DecideAcceptance{true, ""}, Clerk());
    ProjectInChunks(tables, "F-5", Stamped(f), 1);
  }
  return tables;
}

std::vector<std::string> Numbers(const MemoryTables& tables, const std::string& q,
                                 std::optional<CertificateStatus> status = std::nullopt) {
  auto page = Search(tables, SearchQuery{q, status, 1, kMaxPageSize});
  REQUIRE(page.ok());
  std::vector<std::string> out;
  for (const auto& row : page->items) out.push_back(row.number.substr(std::string("CMM-525-2026-").size()));
  CHECK(page->total == out.size());
  return out;
}

using Found = std::vector<std::string>;

}  // namespace

TEST_CASE("search finds any part of a Chinese holder name", "[projections][search]") {
  const MemoryTables tables = Registry();
  CHECK(Numbers(tables, "希莫") == Found{"00001"});
  CHECK(Numbers(tables, "北京希莫认证服务有限公司") == Found{"00001"});
  CHECK(Numbers(tables, "莫认证") == Found{"00001"});
  CHECK(Numbers(tables, "星河") == Found{"00002", "00004"});  // never the file without a certificate
  CHECK(Numbers(tables, "希") == Found{"00001"});             // one code point: the start of grams
  CHECK(Numbers(tables, "河") == Found{"00002", "00004"});
  CHECK(Numbers(tables, "不存在的公司").empty());
  CHECK(Numbers(tables, "有限公司") == Found{"00001", "00002", "00003", "00004"});
}

TEST_CASE("search checks the substring, not only its bigrams", "[projections][search]") {
  const MemoryTables tables = Registry();
  // 深圳星河银河星光 holds the bigrams 星河 and 河星, but not 星河星.
  CHECK(Numbers(tables, "星河星").empty());
  CHECK(Numbers(tables, "河星光") == Found{"00004"});
}

TEST_CASE("former names stay searchable after a name change", "[projections][search][change]") {
  const MemoryTables tables = Registry();
  CHECK(Numbers(tables, "星河直播") == Found{"00002"});
  CHECK(Numbers(tables, "银河数字") == Found{"00002"});
  CHECK(Numbers(tables, "银河") == Found{"00002", "00004"});
  auto row = CertificateByNumber(tables, "CMM-525-2026-00002");
  REQUIRE(row.ok());
  CHECK(row->holder_name == "杭州银河数字科技有限公司");
  CHECK(row->former_names == std::vector<std::string>{"杭州星河直播电子商务有限公司"});
}

TEST_CASE("ASCII in names is matched without regard to case, whitespace around q is ignored", "[projections][search]") {
  const MemoryTables tables = Registry();
  CHECK(Numbers(tables, "acme") == Found{"00003"});
  CHECK(Numbers(tables, "ACME直播") == Found{"00003"});
  CHECK(Numbers(tables, "  Acme  ") == Found{"00003"});
  CHECK(Numbers(tables, "a") == Found{"00003"});
}

TEST_CASE("an exact certificate number or USCC finds its certificate", "[projections][search][lookup]") {
  const MemoryTables tables = Registry();
  CHECK(Numbers(tables, "CMM-525-2026-00003") == Found{"00003"});
  CHECK(Numbers(tables, "cmm-525-2026-00003") == Found{"00003"});
  CHECK(Numbers(tables, "CMM-525-2026-0000").empty());  // a number is matched exactly
  const std::string uscc = ValidUscc(kXinghe.uscc17);
  CHECK(Numbers(tables, uscc) == Found{"00002"});
  CHECK(Numbers(tables, AsciiLower(uscc)) == Found{"00002"});
  CHECK(Numbers(tables, ValidUscc("91330106MA2B3C4D5")).empty());  // the file without a certificate

  auto by_uscc = CertificatesByUscc(tables, uscc);
  REQUIRE(by_uscc.ok());
  REQUIRE(by_uscc->size() == 1);
  CHECK(by_uscc->front().number == "CMM-525-2026-00002");
  auto none = CertificatesByUscc(tables, ValidUscc("91330106MA2B3C4D5"));
  REQUIRE(none.ok());
  CHECK(none->empty());
  CHECK(CertificateByNumber(tables, "CMM-525-2026-00009").status().code() == Status::Code::kNotFound);
}

TEST_CASE("search filters by status", "[projections][search][status]") {
  const MemoryTables tables = Registry();
  CHECK(Numbers(tables, "有限公司", CertificateStatus::kSuspended) == Found{"00003"});
  CHECK(Numbers(tables, "有限公司", CertificateStatus::kRevoked) == Found{"00004"});
  CHECK(Numbers(tables, "有限公司", CertificateStatus::kValid) == Found{"00001", "00002"});
  CHECK(Numbers(tables, "有限公司", CertificateStatus::kCancelled).empty());
  CHECK(Numbers(tables, "", CertificateStatus::kValid) == Found{"00001", "00002"});
  CHECK(Numbers(tables, "") == Found{"00001", "00002", "00003", "00004"});
}

TEST_CASE("search pages in certificate-number order with the total of every page", "[projections][search][paging]") {
  const MemoryTables tables = Registry();
  auto page = [&](int number, int size) {
    auto result = Search(tables, SearchQuery{"公司", std::nullopt, number, size});
    REQUIRE(result.ok());
    CHECK(result->total == 4);
    CHECK(result->page == number);
    CHECK(result->page_size == size);
    std::vector<std::string> out;
    for (const auto& row : result->items) out.push_back(row.number.substr(13));
    return out;
  };
  CHECK(page(1, 3) == Found{"00001", "00002", "00003"});
  CHECK(page(2, 3) == Found{"00004"});
  CHECK(page(3, 3).empty());
  CHECK(page(2, 1) == Found{"00002"});
  CHECK(Search(tables, SearchQuery{"公司", std::nullopt, 0, 20}).status().code() == Status::Code::kInvalidArgument);
  CHECK(Search(tables, SearchQuery{"公司", std::nullopt, 1, 0}).status().code() == Status::Code::kInvalidArgument);
  // Up to kMaxExportPageSize (a CSV page); the HTTP API holds JSON to kMaxPageSize.
  CHECK(Search(tables, SearchQuery{"公司", std::nullopt, 1, 101}).ok());
  CHECK(Search(tables, SearchQuery{"公司", std::nullopt, 1, kMaxExportPageSize + 1}).status().code() ==
        Status::Code::kInvalidArgument);
}

TEST_CASE("the index holds USCC postings and the gram at each code point of each name", "[projections][search][keys]") {
  const MemoryTables tables = Registry();
  const auto& index = tables.tables().at(kPublicIndexCf);
  CHECK(index.count(UsccKey(ValidUscc(kXimo.uscc17), "CMM-525-2026-00001")) == 1);
  CHECK(index.count(GramKey("希莫认证", "CMM-525-2026-00001")) == 1);
  CHECK(index.count(GramKey("希莫", "CMM-525-2026-00001")) == 0);  // a piece, not a gram: found as a gram's start
  CHECK(index.count(GramKey("公司", "CMM-525-2026-00001")) == 1);  // the end of the name
  CHECK(index.count(GramKey("司", "CMM-525-2026-00001")) == 1);
  CHECK(index.count(GramKey("acme", "CMM-525-2026-00003")) == 1);
  CHECK(index.count(GramKey("Acme", "CMM-525-2026-00003")) == 0);
  CHECK(index.count(GramKey("星河直播", "CMM-525-2026-00002")) == 1);  // a former name
  for (const auto& [key, value] : index) CHECK(value.empty());
  // Nothing of the uncertified file.
  CHECK(index.count(GramKey("未发证有", "F-5")) == 0);
  const std::string bytes = AllBytes(tables, {kCertificatesCf, kPublicIndexCf});
  CHECK(bytes.find("未发证") == std::string::npos);
}

TEST_CASE("a search of one to four characters finds exactly the names that hold it, each once",
          "[projections][search]") {
  const MemoryTables tables = Registry();
  // What it should find, read off every certificate row's names.
  auto holders = [&](const std::string& q) {
    const std::string form = certreg::text::SearchForm(q);
    Found all;
    for (const auto& [number, bytes] : tables.tables().at(kCertificatesCf)) {
      const CertificateRow row = DecodeCertificateRow(bytes).value();
      bool holds = certreg::text::SearchForm(row.holder_name).find(form) != std::string::npos;
      for (const std::string& name : row.former_names) {
        holds = holds || certreg::text::SearchForm(name).find(form) != std::string::npos;
      }
      if (holds) all.push_back(number.substr(std::string("CMM-525-2026-").size()));
    }
    return all;
  };
  for (const char* q : {"星", "星河", "银河", "河", "有限", "a", "AC", "cm", "希莫", "公", "北京", "京希", "数字", "无",
                        "司", "公司", "限公司", "有限公司", "河星", "星光", "科技", "me直播"}) {
    INFO(q);
    CHECK(Numbers(tables, q) == holders(q));  // Numbers checks the total too
  }
  // 深圳星河银河星光传媒 starts two grams with 星 and two with 河 (its postings
  // name it twice): counted once.
  CHECK(Numbers(tables, "星") == Found{"00002", "00004"});
  CHECK(Numbers(tables, "河") == Found{"00002", "00004"});
  // Former names count: 00002 was 杭州星河直播电子商务有限公司.
  CHECK(Numbers(tables, "直播") == Found{"00002", "00003"});
  // With a status filter, the same matches are read row by row.
  CHECK(Numbers(tables, "星", CertificateStatus::kRevoked) == Found{"00004"});
  CHECK(Numbers(tables, "有限公司", CertificateStatus::kSuspended) == Found{"00003"});
}
