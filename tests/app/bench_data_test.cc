// The benchmark data set, loaded through the service on a fresh store.
#include <catch2/catch.hpp>

#include "certreg/app/bench_data.h"
#include "certreg/app/store_row_reader.h"
#include "certreg/projections/query.h"
#include "support/service_fixture.h"

using namespace certreg;

namespace {

std::uint64_t Total(const projections::RowReader& reader, std::optional<std::string> stage) {
  projections::WorkQueueQuery query;
  query.stage = std::move(stage);
  auto page = projections::WorkQueue(reader, query);
  REQUIRE(page.ok());
  return page->total;
}

std::uint64_t Certificates(const projections::RowReader& reader, domain::CertificateStatus status) {
  projections::SearchQuery query;
  query.status = status;
  auto page = projections::Search(reader, query);
  REQUIRE(page.ok());
  return page->total;
}

}  // namespace

TEST_CASE("the benchmark data set tells many files through the service, and the log rebuilds to the same tables",
          "[app][bench]") {
  certreg::testing::ServiceFixture r(*domain::Date::Parse("2026-11-29"));
  app::BenchDataOptions options;
  options.files = 300;
  options.min_events = 0;
  options.threads = 8;
  auto report = app::LoadBenchData(r.service(), options);
  REQUIRE(report.ok());
  CHECK(report->files == 300);
  CHECK(report->events == r.store().Head().size);
  CHECK(report->events > 300 * 15);  // about twenty-four a file
  CHECK(report->commands > 300 * 12);

  // A realistic mix: most files certified, some closed, some still under way.
  const app::StoreRowReader reader(r.store());
  CHECK(Total(reader, std::nullopt) == 300);
  CHECK(Total(reader, "certified") > 150);
  CHECK(Total(reader, "closed") > 30);
  CHECK(Total(reader, "recertifying") > 0);
  CHECK(Certificates(reader, domain::CertificateStatus::kValid) > 150);
  CHECK(Certificates(reader, domain::CertificateStatus::kCancelled) > 20);
  CHECK(Certificates(reader, domain::CertificateStatus::kRevoked) > 0);

  auto verified = r.store().Verify();
  REQUIRE(verified.ok());
  CHECK(verified->ok);
  auto rebuilt = r.service().RebuildReadModels();
  REQUIRE(rebuilt.ok());
  CHECK(rebuilt->identical);
  CHECK(rebuilt->files == 300);
  CHECK(rebuilt->events == report->events);

  // Only into an empty store.
  auto again = app::LoadBenchData(r.service(), options);
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().code() == Status::Code::kRejected);
  CHECK(r.store().Head().size == report->events);
}
