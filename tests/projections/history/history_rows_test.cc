// The Annex B rows that each event kind projects, and what they leave out.
#include "projections/projection_fixture.h"

using namespace certreg::testing;

namespace {

std::uint64_t VersionOf(const Lifecycle& f, std::string_view type, int nth = 0) {
  for (const Event& e : f.history()) {
    if (EventTypeName(e.body) == type && nth-- == 0) return e.version;
  }
  FAIL("no " << type);
  return 0;
}

}  // namespace

TEST_CASE("status history: the issue, a suspension, a reinstatement and a cancellation are Annex B.3 rows",
          "[projections][status]") {
  const Lifecycle f = RichHistory();
  const MemoryTables tables = Rebuilt("F-1", f);
  auto rows = StatusHistory(tables, kRichNumber);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 4);
  const StatusRow& issue = (*rows)[0];
  CHECK(issue.date == D("2026-04-20"));
  CHECK_FALSE(issue.before.has_value());
  CHECK(issue.after == CertificateStatus::kValid);
  CHECK(issue.reason == "颁发证书");
  CHECK(issue.approver == Clerk().name);
  CHECK(issue.event_type == "CertificateIssued");
  CHECK(issue.recorded_at_micros ==
        1'772'400'000'000'000 + static_cast<std::int64_t>(VersionOf(f, "CertificateIssued")) * 1000);

  const StatusRow& suspension = (*rows)[1];
  CHECK(suspension.date == D("2027-05-01"));
  CHECK(suspension.before == CertificateStatus::kValid);
  CHECK(suspension.after == CertificateStatus::kSuspended);
  CHECK(suspension.reason == "一般违法违规行为");
  CHECK(suspension.grounds == "8.2.1-3");
  CHECK(suspension.grounds_text_zh == "认证对象存在一般违法违规行为");
  CHECK(suspension.grounds_text_en == "The holder committed an ordinary violation of laws or regulations");
  CHECK(suspension.approver == "主任 陈杰");

  const StatusRow& reinstatement = (*rows)[2];
  CHECK(reinstatement.before == CertificateStatus::kSuspended);
  CHECK(reinstatement.after == CertificateStatus::kValid);
  CHECK(reinstatement.approver == "陈杰");
  CHECK(reinstatement.grounds.empty());

  const StatusRow& cancellation = (*rows)[3];
  CHECK(cancellation.date == D("2029-06-01"));
  CHECK(cancellation.before == CertificateStatus::kValid);
  CHECK(cancellation.after == CertificateStatus::kCancelled);
  CHECK(cancellation.grounds == "8.2.3-2");
  CHECK(cancellation.grounds_text_zh == "认证对象主动申请注销");
  CHECK(cancellation.reason == "认证对象主动申请注销");

  // Keyed by the event's stream version.
  const auto& table = tables.tables().at(kStatusHistoryCf);
  CHECK(table.count(HistoryKey(kRichNumber, VersionOf(f, "CertificateSuspended"))) == 1);
}

TEST_CASE("changes: one B.2 row per changed item, a reissue, and a renewal", "[projections][changes]") {
  const Lifecycle f = RichHistory();
  const MemoryTables tables = Rebuilt("F-1", f);
  auto rows = ChangeHistory(tables, kRichNumber);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 4);
  CHECK((*rows)[0] == ChangeRow{D("2026-05-10"), "holder_name", "名称变更", "杭州星河直播电子商务有限公司",
                                "杭州星河数字科技有限公司", "工商变更", "陈杰"});
  CHECK((*rows)[1] == ChangeRow{D("2026-05-10"), "address", "地址变更", "浙江省杭州市余杭区文一西路998号",
                                "浙江省杭州市西湖区文三路1号", "工商变更", "陈杰"});
  CHECK((*rows)[2] == ChangeRow{D("2026-05-10"), "reissue", "补发（遗失）", "", "", "", "陈杰"});
  CHECK((*rows)[3] == ChangeRow{D("2029-02-01"), "renewal", "有效期至 2029-04-19 → 2032-04-19", "2029-04-19",
                                "2032-04-19", "再认证", Clerk().name});
  const auto& table = tables.tables().at(kChangesCf);
  const std::uint64_t changed = VersionOf(f, "CertificateChanged");
  CHECK(table.count(ChangeKey(kRichNumber, changed, 0)) == 1);
  CHECK(table.count(ChangeKey(kRichNumber, changed, 1)) == 1);
}

TEST_CASE("a completed surveillance audit is a B.4 row", "[projections][surveillance]") {
  const Lifecycle f = RichHistory();
  const MemoryTables tables = Rebuilt("F-1", f);
  auto rows = SurveillanceHistory(tables, kRichNumber);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 1);
  CHECK((*rows)[0] == SurveillanceRow{D("2027-04-01"), AuditKind::kSurveillance, SurveillanceConclusion::kMaintain,
                                      Leader().name, "A2"});
}

TEST_CASE("a revocation is a B.3 row and the certificate's revocation information", "[projections][revocation]") {
  Lifecycle f;
  f.Revoked();
  const MemoryTables tables = Rebuilt("F-1", f);
  auto row = CertificateByNumber(tables, kRichNumber);
  REQUIRE(row.ok());
  CHECK(row->status == CertificateStatus::kRevoked);
  REQUIRE(row->revocation);
  CHECK(*row->revocation == CertificateEnding{D("2026-03-21"), "8.2.2-2", "认证对象提供虚假材料或隐瞒重要信息",
                                              "The holder provided false materials or concealed important information",
                                              std::nullopt});
  CHECK_FALSE(row->cancellation);
  auto history = StatusHistory(tables, kRichNumber);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 2);  // proceeding and notice change no status
  CHECK(history->back().after == CertificateStatus::kRevoked);
  CHECK(history->back().reason == "调查属实");
  CHECK(history->back().grounds == "8.2.2-2");
}

TEST_CASE("a cancellation by the sweep is approved by system", "[projections][status][time]") {
  Lifecycle f;
  f.SetToday("2026-04-20");
  f.Certified();
  f.SetToday("2029-05-03");
  REQUIRE(f.Sweep() == std::vector<std::string>{"CertificateCancelled"});
  const MemoryTables tables = Rebuilt("F-1", f);
  auto history = StatusHistory(tables, kRichNumber);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 2);
  CHECK(history->back().approver == "system");
  CHECK(history->back().date == D("2029-04-20"));
  CHECK(history->back().grounds_text_zh == "认证证书有效期届满未申请再认证");
  auto row = CertificateByNumber(tables, kRichNumber);
  REQUIRE(row.ok());
  REQUIRE(row->cancellation);
  CHECK_FALSE(row->cancellation->announced_on);
}

TEST_CASE("a live salesperson's address is withheld from the certificate and its changes", "[projections][privacy]") {
  Lifecycle f;
  Holder person{"主播王小明", "", OrgType::kLiveSalesperson, "北京市朝阳区某小区3号楼501"};
  CertifiedFile(f, person, kRichNumber);
  ChangeCertificate change;
  change.address = "北京市海淀区某街道8号";
  change.reason = "搬家";
  change.approver = "陈杰";
  change.act = {f.today(), "email"};
  // The address is personal data, not on the certificate: it cannot be changed there.
  CHECK(HasError(f.Try(change, Clerk()), "address"));
  const MemoryTables tables = Rebuilt("F-1", f);
  auto row = CertificateByNumber(tables, kRichNumber);
  REQUIRE(row.ok());
  CHECK(row->address_withheld);
  CHECK(row->address.empty());
  CHECK(row->uscc.empty());
  auto changes = ChangeHistory(tables, kRichNumber);
  REQUIRE(changes.ok());
  CHECK(changes->empty());
  const std::string bytes = AllBytes(tables, ProjectionColumnFamilies());
  CHECK(bytes.find("某小区") == std::string::npos);
  CHECK(bytes.find("某街道") == std::string::npos);
  CHECK(tables.tables().at(kPublicIndexCf).lower_bound("u") == tables.tables().at(kPublicIndexCf).upper_bound("u\xff"));
}

TEST_CASE("the public rows never hold personal data", "[projections][privacy]") {
  const Lifecycle f = RichHistory();
  const MemoryTables tables = Rebuilt("F-1", f);
  const std::string every = AllBytes(tables, ProjectionColumnFamilies());
  // Legal representative, contact, phone, email of the application; the complainant.
  for (const char* personal :
       {"张伟", "李娜", "13800138000", "lina@example.cn", "王五", "13900000000", "wangwu@example.cn"}) {
    CAPTURE(personal);
    CHECK(every.find(personal) == std::string::npos);
  }
  // Surveillance team members stay out of the public tables (domain.md §7).
  const std::string public_bytes = AllBytes(tables, {kCertificatesCf, kChangesCf, kStatusHistoryCf, kPublicIndexCf});
  CHECK(public_bytes.find(Member().name) == std::string::npos);
  CHECK(public_bytes.find(Leader().name) == std::string::npos);
}

TEST_CASE("a file that never produced a certificate has a work-queue row and nothing public",
          "[projections][privacy][queue]") {
  Lifecycle f;
  f.Accepted();
  f.Planned();
  const MemoryTables tables = Rebuilt("F-1", f);
  CHECK(tables.tables().size() == 2);  // the staff tables: the work queue, and the scope its open application holds
  REQUIRE(tables.tables().count(kWorkQueueCf) == 1);
  REQUIRE(tables.tables().count(kHeldScopesCf) == 1);
  auto search = Search(tables, SearchQuery{"星河", std::nullopt, 1, 20});
  REQUIRE(search.ok());
  CHECK(search->total == 0);
  CHECK(CertificateByNumber(tables, kRichNumber).status().code() == Status::Code::kNotFound);
  CHECK(StatusHistory(tables, kRichNumber).status().code() == Status::Code::kNotFound);
}
