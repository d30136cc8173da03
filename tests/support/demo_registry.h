// A registry over a fresh store with the demo data set loaded on demand, its
// "today" fixed (support/service_fixture.h), for the demo's tests.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "certreg/app/registry.h"
#include "certreg/fixtures/demo_data.h"
#include "support/service_fixture.h"

namespace certreg::testing {

class DemoRegistry : public ServiceFixture {
 public:
  explicit DemoRegistry(const char* today) : ServiceFixture(*domain::Date::Parse(today)) {}

  // Loads the demo; a refusal fails the test.
  app::DemoReport Load() {
    auto report = app::LoadDemo(service());
    if (!report.ok()) FAIL("the demo was refused: " << report.status().ToString());
    return *report;
  }

  // The demo's files: F-{year of today}-000001 .. files, in loading order.
  std::vector<app::FileView> Files(std::size_t files) {
    std::vector<app::FileView> views;
    for (std::size_t i = 1; i <= files; ++i) {
      std::string seq = std::to_string(i);
      const std::string id = "F-" + std::to_string(today().year()) + "-" + std::string(6 - seq.size(), '0') + seq;
      auto view = service().LoadFile(id);
      if (!view.ok()) FAIL("file " << id << ": " << view.status().ToString());
      views.push_back(std::move(view).value());
    }
    return views;
  }
};

}  // namespace certreg::testing
