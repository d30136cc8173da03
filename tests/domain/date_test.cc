#include <catch2/catch.hpp>

#include "certreg/domain/date.h"

using certreg::domain::Date;

TEST_CASE("dates parse strictly and print back", "[domain][date]") {
  auto d = Date::Parse("2026-03-02");
  REQUIRE(d);
  CHECK(d->ToString() == "2026-03-02");
  CHECK(d->year() == 2026);
  CHECK(d->month() == 3);
  CHECK(d->day() == 2);
  CHECK(d->weekday() == 1);  // a Monday
  CHECK(Date::Parse("2028-02-29"));
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-3-1", "2026-03-01 ", "", "20260301", "2026/03/01",
                          "1899-12-31", "2026-00-10", "2026-04-31"}) {
    CAPTURE(bad);
    CHECK_FALSE(Date::Parse(bad));
  }
}

TEST_CASE("calendar arithmetic clamps to the end of shorter months", "[domain][date]") {
  CHECK(Date::Parse("2026-01-31")->AddMonths(1).ToString() == "2026-02-28");
  CHECK(Date::Parse("2028-02-29")->AddYears(1).ToString() == "2029-02-28");
  CHECK(Date::Parse("2026-04-20")->AddYears(3).AddDays(-1).ToString() == "2029-04-19");
  CHECK(Date::Parse("2029-04-19")->AddMonths(-3).ToString() == "2029-01-19");
  CHECK(Date::Parse("2026-12-31")->AddDays(1).ToString() == "2027-01-01");
  CHECK(*Date::Parse("2026-03-01") < *Date::Parse("2026-03-02"));
  CHECK(Date::Parse("1970-01-01")->days() == 0);
  CHECK(Date::Parse("2026-11-29")->weekday() == 7);  // a Sunday
}

TEST_CASE("every day from 1900 to 2200 prints as the text it parses from", "[domain][date]") {
  const Date first = *Date::Parse("1900-01-01");
  const Date last = *Date::Parse("2200-12-31");
  int checked = 0;
  for (Date d = first; !(last < d); d = d.AddDays(1), ++checked) {
    const std::string text = d.ToString();
    const auto back = Date::Parse(text);
    INFO(text);
    REQUIRE(back);
    REQUIRE(back->days() == d.days());
  }
  CHECK(checked == 109'938);  // 301 years, 73 of them leap
  CHECK(Date::FromCivil(10'000, 1, 1).ToString() == "10000-01-01");
}
