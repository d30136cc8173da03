#include <catch2/catch.hpp>

#include "certreg/domain/scheme.h"
#include "certreg/scheme/scheme_loader.h"

using certreg::domain::Date;
using certreg::scheme::BuiltInScheme;

TEST_CASE("a certificate is valid for three years less a day", "[domain][scheme]") {
  const auto& scheme = BuiltInScheme();
  CHECK(scheme.ValidUntil(*Date::Parse("2026-04-20")).ToString() == "2029-04-19");
  CHECK(scheme.ValidUntil(*Date::Parse("2026-01-01")).ToString() == "2028-12-31");
  // 29 Feb + 3 years is 28 Feb (the month's last day), less a day.
  CHECK(scheme.ValidUntil(*Date::Parse("2028-02-29")).ToString() == "2031-02-28");
  CHECK(scheme.ValidUntil(*Date::Parse("2028-03-01")).ToString() == "2031-02-28");
  CHECK(scheme.ValidUntil(*Date::Parse("2025-03-01")).ToString() == "2028-02-29");
}

TEST_CASE("certificate numbers fill the pattern with the year and a five-digit sequence", "[domain][scheme]") {
  const auto& scheme = BuiltInScheme();
  CHECK(scheme.CertificateNumber(2026, 1) == "CMM-525-2026-00001");
  CHECK(scheme.CertificateNumber(2026, 4321) == "CMM-525-2026-04321");
  CHECK(scheme.CertificateNumber(2027, 99999) == "CMM-525-2027-99999");
  CHECK(scheme.CertificateNumber(2027, 100000) == "CMM-525-2027-100000");  // more digits, never wraps
}

TEST_CASE("the scheme looks up indicators, areas, sheets, grounds and finding codes", "[domain][scheme]") {
  const auto& scheme = BuiltInScheme();
  REQUIRE(scheme.FindIndicator("9.4.3"));
  CHECK(scheme.FindIndicator("9.4.3")->name_zh == "信息安全");
  CHECK(scheme.FindIndicator("9.4.3")->threshold == 95);
  CHECK(scheme.FindIndicator("9.4.3")->area == "live_information");
  CHECK_FALSE(scheme.FindIndicator("9.6.1"));
  REQUIRE(scheme.FindArea("personnel"));
  CHECK(scheme.FindArea("personnel")->weight == Approx(0.08));
  CHECK_FALSE(scheme.FindArea("innovation"));
  REQUIRE(scheme.FindEnhancement("industry_influence"));
  CHECK(scheme.FindEnhancement("industry_influence")->weight == Approx(0.03));
  REQUIRE(scheme.FindSheet("D.3.1"));
  CHECK(scheme.FindSheet("D.3.1")->area == "effect");
  CHECK_FALSE(scheme.FindSheet("D.3.2"));
  REQUIRE(scheme.FindGrounds("8.2.2-5"));
  CHECK(scheme.FindGrounds("8.2.2-5")->text_zh == "暂停期限届满仍未完成整改");
  CHECK(scheme.FindGrounds("8.2.1-1"));
  CHECK(scheme.FindGrounds("8.2.3-4"));
  CHECK_FALSE(scheme.FindGrounds("8.2.3-5"));
  CHECK(scheme.IsFindingCode("5.2.1-1"));
  CHECK(scheme.IsFindingCode("5.1.1-1.5"));
  CHECK(scheme.IsFindingCode("9.5.4"));
  CHECK_FALSE(scheme.IsFindingCode("5.1.1-1.6"));
  REQUIRE(scheme.FindOnsiteDays("special"));
  CHECK(scheme.FindOnsiteDays("special")->min == 2);
  CHECK(scheme.FindOnsiteDays("special")->max == 3);
  CHECK_FALSE(scheme.FindOnsiteDays("annual"));
}
