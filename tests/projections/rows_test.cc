// Row bytes and keys: the exact key layout, code points and grams, canonical
// encodings that round-trip, and decoders that refuse bad bytes.
#include "projections/projection_fixture.h"

using namespace certreg::testing;

namespace {

CertificateRow FullCertificateRow() {
  CertificateRow row;
  row.number = "CMM-525-2026-00001";
  row.holder_name = "杭州星河数字科技有限公司";
  row.former_names = {"杭州星河直播电子商务有限公司", "杭州星河有限公司"};
  row.uscc = ValidUscc();
  row.address = "浙江省杭州市";
  row.address_kind = AddressKind::kOperating;
  row.org_type = OrgType::kInPlatformMerchant;
  row.scope = "电子商务直播售货质量管理";
  row.basis = "GB/T 41247-2023";
  row.certification_body = "北京希莫认证服务有限公司";
  row.category = "c";
  row.field = "f";
  row.mode = "m";
  row.first_issued_on = D("2026-04-20");
  row.issue_date = D("2029-02-01");
  row.valid_from = D("2029-04-20");
  row.valid_until = D("2032-04-19");
  row.status = CertificateStatus::kCancelled;
  row.status_since = D("2029-06-01");
  row.evaluation.quality = 88.5;
  row.evaluation.comprehensive = 101.125;
  row.evaluation.qms = QmsResult::kConformsWithMinor;
  row.next_surveillance_due = D("2030-02-01");
  row.file_id = "F-2026-000001";
  row.cancellation =
      CertificateEnding{D("2029-06-01"), "8.2.3-2", "认证对象主动申请注销", "requested", D("2029-06-02")};
  return row;
}

StatusRow StatusOn(Date date) {
  StatusRow row;
  row.date = date;
  return row;
}

template <typename Row, typename Encode, typename Decode>
void RequireRoundTrip(const Row& row, Encode encode, Decode decode) {
  const std::string bytes = encode(row);
  CHECK(encode(row) == bytes);
  // One segment: the segment table is (count - 1 = 0, size in words), then the segment.
  REQUIRE(bytes.size() % 8 == 0);
  CHECK(bytes.substr(0, 4) == std::string(4, '\0'));
  auto decoded = decode(bytes);
  REQUIRE(decoded.ok());
  CHECK(*decoded == row);
  CHECK(encode(*decoded) == bytes);
}

// Every byte flipped in turn: the decoder answers a row or Corruption, never crashes.
template <typename Decode>
void RequireNoCrashOnFlips(const std::string& bytes, Decode decode) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0xff);
    auto decoded = decode(bad);
    if (!decoded.ok()) CHECK(decoded.status().code() == Status::Code::kCorruption);
  }
}

}  // namespace

TEST_CASE("keys follow the documented layout", "[projections][keys]") {
  using namespace std::string_literals;
  CHECK(CertificateKey("CMM-525-2026-00001") == "CMM-525-2026-00001");
  CHECK(WorkQueueKey("F-2026-000001") == "F-2026-000001");
  CHECK(HistoryPrefix("N1") == "N1\0"s);
  CHECK(HistoryKey("N1", 0x0102) == "N1\0\0\0\0\0\0\0\x01\x02"s);
  CHECK(ChangeKey("N1", 0x0102, 3) == "N1\0\0\0\0\0\0\0\x01\x02\0\x03"s);
  CHECK(UsccKey("91330110MA2H3X4Y5X", "N1") == "u91330110MA2H3X4Y5X\0N1"s);
  CHECK(GramKey("希莫", "N1") == "g希莫\0N1"s);
  CHECK(HeldScopeKey("91330110MA2H3X4Y5X", "直播 营销", "F-1") == "91330110MA2H3X4Y5X\0直播 营销\0F-1"s);
  CHECK(HeldScopePrefix("91330110MA2H3X4Y5X", "直播 营销") == "91330110MA2H3X4Y5X\0直播 营销\0"s);
  // Versions order numerically, items within a version too.
  CHECK(HistoryKey("N1", 9) < HistoryKey("N1", 10));
  CHECK(HistoryKey("N1", 255) < HistoryKey("N1", 256));
  CHECK(ChangeKey("N1", 7, 1) < ChangeKey("N1", 7, 2));
  CHECK(ChangeKey("N1", 7, 65535) < ChangeKey("N1", 8, 0));
  CHECK(ProjectionColumnFamilies() == std::vector<std::string>{"proj_certificates", "proj_changes",
                                                               "proj_status_history", "proj_surveillance",
                                                               "proj_work_queue", "proj_public_index",
                                                               "proj_held_scopes", "proj_feed"});
}

TEST_CASE("names split into code points, every gram of 1 to 4 code points of the search form is indexed once",
          "[projections][keys][search]") {
  CHECK(CodePoints("希莫Ab") == std::vector<std::string>{"希", "莫", "a", "b"});
  CHECK(CodePoints("𠮷x") == std::vector<std::string>{"𠮷", "x"});  // four bytes
  CHECK(CodePoints("").empty());
  // A byte that starts no well-formed sequence stands alone.
  CHECK(CodePoints("a\xe5\x8c") == std::vector<std::string>{"a", "\xe5", "\x8c"});
  CHECK(CodePoints("\xed\xa0\x80") == std::vector<std::string>{"\xed", "\xa0", "\x80"});  // a surrogate
  // At each code point the four starting there, fewer at the end.
  CHECK(NameGrams("星河星") == std::vector<std::string>{"星", "星河星", "河星"});
  CHECK(NameGrams("AaA") == std::vector<std::string>{"a", "aa", "aaa"});
  CHECK(NameGrams("星河云帆") == std::vector<std::string>{"云帆", "帆", "星河云帆", "河云帆"});
  CHECK(NameGrams("雲帆·ＡＢ") == NameGrams("云帆AB"));  // the search form: simplified, no punctuation, ASCII
  CHECK(NameGrams("星河云帆科") == std::vector<std::string>{"云帆科", "帆科", "星河云帆", "河云帆科", "科"});
  CHECK(NameGrams("").empty());
  CHECK(GramStartPrefix("星河") == "g星河");
  CHECK(ParseGramKey(GramKey("星河云帆", "N1"))->gram == "星河云帆");
  CHECK(ParseGramKey(GramKey("星河云帆", "N1"))->number == "N1");
  CHECK_FALSE(ParseGramKey(UsccKey("91110108MA01ABCD1X", "N1")).has_value());
  CHECK_FALSE(ParseGramKey("g星河").has_value());
  CHECK(NumberKey("cmm525202600001", "CMM-525-2026-00001") == std::string("ncmm525202600001\0CMM-525-2026-00001", 35));
}

TEST_CASE("each row encodes canonically and decodes to itself", "[projections][rows]") {
  SECTION("certificate, with and without its optional parts") {
    CertificateRow row = FullCertificateRow();
    RequireRoundTrip(row, EncodeCertificateRow, DecodeCertificateRow);
    row.cancellation.reset();
    row.revocation = CertificateEnding{D("2027-01-01"), "8.2.2-3", "严重违法", "serious", std::nullopt};
    row.former_names.clear();
    row.address.clear();
    row.address_withheld = true;
    RequireRoundTrip(row, EncodeCertificateRow, DecodeCertificateRow);
    RequireRoundTrip(CertificateRow{}, EncodeCertificateRow, DecodeCertificateRow);
  }
  SECTION("change") {
    RequireRoundTrip(ChangeRow{D("2026-05-10"), "holder_name", "名称变更", "旧", "新", "工商变更", "陈杰"},
                     EncodeChangeRow, DecodeChangeRow);
  }
  SECTION("status, with and without a status before") {
    StatusRow row{D("2026-05-10"), 1772400000123456,   std::nullopt, CertificateStatus::kValid, "颁发证书", "", "", "",
                  "li.na",         "CertificateIssued"};
    RequireRoundTrip(row, EncodeStatusRow, DecodeStatusRow);
    row.before = CertificateStatus::kSuspended;
    row.after = CertificateStatus::kRevoked;
    RequireRoundTrip(row, EncodeStatusRow, DecodeStatusRow);
  }
  SECTION("surveillance") {
    RequireRoundTrip(
        SurveillanceRow{D("2027-04-01"), AuditKind::kSpecial, SurveillanceConclusion::kRevoke, "zhang.wei", "A3"},
        EncodeSurveillanceRow, DecodeSurveillanceRow);
  }
  SECTION("work queue, with and without a certificate") {
    WorkQueueRow row;
    row.file_id = "F-2026-000001";
    row.holder_name = "杭州星河";
    row.stage = Stage::kAwaitingAcceptance;
    row.due_on = D("2026-03-09");
    row.clocks = {{.reason = OverdueReason::kAcceptance, .due_on = D("2026-03-09")}};
    row.version = 1;
    RequireRoundTrip(row, EncodeWorkQueueRow, DecodeWorkQueueRow);
    row.certificate_no = "CMM-525-2026-00001";
    row.status = CertificateStatus::kSuspended;
    row.due_on.reset();
    RequireRoundTrip(row, EncodeWorkQueueRow, DecodeWorkQueueRow);
  }
}

TEST_CASE("bad bytes are Corruption, never a crash", "[projections][rows][corruption]") {
  for (const std::string& bad : {std::string(), std::string("abc"), std::string(16, '\xff'), std::string(8, '\0'),
                                 std::string("\0\0\0\0\xff\xff\xff\x0f", 8) + std::string(8, '\0')}) {
    CAPTURE(bad.size());
    CHECK(DecodeCertificateRow(bad).status().code() == Status::Code::kCorruption);
    CHECK(DecodeChangeRow(bad).status().code() == Status::Code::kCorruption);
    CHECK(DecodeStatusRow(bad).status().code() == Status::Code::kCorruption);
    CHECK(DecodeSurveillanceRow(bad).status().code() == Status::Code::kCorruption);
    CHECK(DecodeWorkQueueRow(bad).status().code() == Status::Code::kCorruption);
  }
  const std::string certificate = EncodeCertificateRow(FullCertificateRow());
  // Truncated, and read as another row type (its dates are not where they belong).
  CHECK(DecodeCertificateRow(certificate.substr(0, certificate.size() - 8)).status().code() ==
        Status::Code::kCorruption);
  CHECK(DecodeStatusRow(certificate).status().code() == Status::Code::kCorruption);
  const std::string change = EncodeChangeRow(ChangeRow{D("2026-05-10"), "scope", "范围变更", "a", "b", "r", "p"});
  CHECK(DecodeCertificateRow(change).status().code() == Status::Code::kCorruption);
  RequireNoCrashOnFlips(certificate, DecodeCertificateRow);
  RequireNoCrashOnFlips(change, DecodeChangeRow);
  WorkQueueRow queue;
  queue.stage = Stage::kCertified;
  queue.clocks = {{.reason = OverdueReason::kSurveillance, .due_on = D("2027-03-02")}};
  queue.status = CertificateStatus::kValid;
  RequireNoCrashOnFlips(EncodeWorkQueueRow(queue), DecodeWorkQueueRow);
}

TEST_CASE("the history queries read rows in version order and refuse an unknown certificate",
          "[projections][history]") {
  MemoryTables tables;
  tables.Apply({{kCertificatesCf, CertificateKey("N1"), EncodeCertificateRow(FullCertificateRow())},
                {kStatusHistoryCf, HistoryKey("N1", 256), EncodeStatusRow(StatusOn(D("2026-02-02")))},
                {kStatusHistoryCf, HistoryKey("N1", 9), EncodeStatusRow(StatusOn(D("2026-01-01")))},
                {kStatusHistoryCf, HistoryKey("N10", 1), EncodeStatusRow(StatusOn(D("2026-03-03")))},
                {kStatusHistoryCf, HistoryKey("N", 1), EncodeStatusRow(StatusOn(D("2026-04-04")))}});
  auto rows = StatusHistory(tables, "N1");
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  CHECK((*rows)[0].date == D("2026-01-01"));
  CHECK((*rows)[1].date == D("2026-02-02"));
  CHECK(StatusHistory(tables, "N2").status().code() == Status::Code::kNotFound);
  CHECK(ChangeHistory(tables, "N1")->empty());

  tables.Apply({{kChangesCf, ChangeKey("N1", 1, 0), std::string("garbage!")}});
  CHECK(ChangeHistory(tables, "N1").status().code() == Status::Code::kCorruption);
  tables.Apply({{kChangesCf, ChangeKey("N1", 1, 0), std::nullopt}});
  CHECK(ChangeHistory(tables, "N1")->empty());
}
