// The certificate row (Annex B.1) a file's events project, read by number.
#include "projections/projection_fixture.h"

using namespace certreg::testing;

TEST_CASE("the certificate row follows the file: names, renewal, cancellation announced",
          "[projections][certificate]") {
  const Lifecycle f = RichHistory();
  const MemoryTables tables = Rebuilt("F-1", f);
  auto row = CertificateByNumber(tables, kRichNumber);
  REQUIRE(row.ok());
  CHECK(row->number == kRichNumber);
  CHECK(row->holder_name == "杭州星河数字科技有限公司");
  CHECK(row->former_names == std::vector<std::string>{"杭州星河直播电子商务有限公司"});
  CHECK(row->uscc == ValidUscc());
  CHECK(row->address == "浙江省杭州市西湖区文三路1号");
  CHECK_FALSE(row->address_withheld);
  CHECK(row->org_type == OrgType::kLiveServiceAgency);
  CHECK(row->basis == TheScheme().basis);
  CHECK(row->certification_body == "北京希莫认证服务有限公司");
  CHECK(row->first_issued_on == D("2026-04-20"));
  CHECK(row->issue_date == D("2029-02-01"));
  CHECK(row->valid_from == D("2029-04-20"));
  CHECK(row->valid_until == D("2032-04-19"));
  CHECK(row->status == CertificateStatus::kCancelled);
  CHECK(row->status_since == D("2029-06-01"));
  CHECK(row->evaluation == f.state().certificate->evaluation);
  CHECK(row->evaluation.comprehensive > 0);
  CHECK(row->next_surveillance_due == D("2030-02-01"));
  CHECK(row->file_id == "F-1");
  CHECK_FALSE(row->revocation);
  REQUIRE(row->cancellation);
  CHECK(row->cancellation->date == D("2029-06-01"));
  CHECK(row->cancellation->grounds == "8.2.3-2");
  CHECK(row->cancellation->grounds_text_en == "The holder requested cancellation");
  CHECK(row->cancellation->announced_on == D("2029-06-01"));
  // CANCELLED: out of validity even within its dates (domain.md §9.9).
  CHECK_FALSE(InValidity(*row, D("2030-01-01")));
  CHECK_FALSE(InValidity(*row, D("2029-04-19")));
  CHECK_FALSE(row->recertification_open);
}

TEST_CASE("the certificate row records an open recertification, read with the day into the status note",
          "[projections][certificate][expiry]") {
  Lifecycle f;
  f.SetToday("2026-04-20");
  f.Certified();  // valid until 2029-04-19
  f.SetToday("2029-03-01");
  f.Do(ApplyForRecertification{ValidForm(), {f.today(), "email"}}, Clerk());
  const MemoryTables tables = Rebuilt("F-1", f);
  auto row = CertificateByNumber(tables, f.state().certificate->number);
  REQUIRE(row.ok());
  CHECK(row->status == CertificateStatus::kValid);
  CHECK(row->recertification_open);
  CHECK(InValidity(*row, D("2029-04-19")));
  CHECK_FALSE(RecertificationPendingPastExpiry(*row, D("2029-04-19")));
  CHECK_FALSE(InValidity(*row, D("2029-04-20")));
  CHECK(RecertificationPendingPastExpiry(*row, D("2029-04-20")));
}
