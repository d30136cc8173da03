// `certreg sweep` and `certreg demo`: the time-driven rules run once, and the
// demo data set, both through the application service.
#include <fmt/format.h>

#include "certreg/commands.h"
#include "certreg/fixtures/demo_data.h"
#include "certreg/registry.h"

namespace certreg::tool {

int RunSweep(const SweepArgs& args) {
  std::optional<domain::Date> today;
  if (!args.today.empty()) {
    today = domain::Date::Parse(args.today);
    if (!today) {
      fmt::print(stderr, "certreg sweep: --today must be a date YYYY-MM-DD\n");
      return 2;
    }
  }
  auto registry = OpenRegistryOrReport("sweep", args.data, {args.calendar, args.scheme, args.time_zone});
  if (!registry) return 2;
  if (today && *today > registry->service->Today()) {
    fmt::print(stderr, "certreg sweep: --today {} is after today ({})\n", args.today,
               registry->service->Today().ToString());
    return 2;
  }
  app::SweepReport report = registry->service->SweepAll(today);
  fmt::print("sweep up to {}: {} files looked at, {} time-driven events appended, {} failures\n",
             today.value_or(registry->service->Today()).ToString(), report.files, report.events, report.failures);
  return report.failures == 0 ? 0 : 1;
}

int RunDemo(const DemoArgs& args) {
  auto registry = OpenRegistryOrReport("demo", args.data, {args.calendar, args.scheme, args.time_zone}, {}, /*create=*/true);
  if (!registry) return 2;
  auto report = app::LoadDemo(*registry->service);
  if (!report.ok()) {
    fmt::print(stderr, "certreg demo: {}\n", report.status().ToString());
    return 2;
  }
  fmt::print("demo data loaded into {}: {} certification files, {} events\n", args.data, report->files,
             report->events);
  for (const auto& [stage, count] : report->by_stage) fmt::print("  stage {:<20} {}\n", stage, count);
  for (const auto& [status, count] : report->by_status) fmt::print("  status {:<19} {}\n", status, count);
  return 0;
}

int RunRebuild(const RebuildArgs& args) {
  auto registry = OpenRegistryOrReport("rebuild", args.data, {args.calendar, args.scheme, args.time_zone});
  if (!registry) return 2;
  auto report = registry->service->RebuildReadModels();
  if (!report.ok()) {
    fmt::print(stderr, "certreg rebuild: {}\n", report.status().ToString());
    return 2;
  }
  fmt::print("rebuilt the read models of {} files ({} events) into {} rows\n", report->files, report->events,
             report->rows);
  fmt::print("digest before {}\ndigest after  {}\n", report->old_digest, report->new_digest);
  fmt::print("{}\n", report->identical ? "identical: nothing to replace"
                                       : "different: the old tables were replaced in one atomic batch");
  return 0;
}

}  // namespace certreg::tool
