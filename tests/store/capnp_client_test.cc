#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "store/keys.h"
#include "support/process.h"
#include "support/raw_db.h"
#include "support/store_fixtures.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::store;
using certreg::testing::TempDir;

namespace {

std::string Run(const std::string& command) {
  auto out = certreg::testing::RunCommand(command);
  REQUIRE(out.exit_code == 0);
  return out.text;
}

}  // namespace

TEST_CASE("a stored event decodes with the capnp tool from the schema alone", "[store][codec][interop]") {
  TempDir dir;
  {
    auto store = certreg::testing::OpenStore(dir.path());
    auto request = certreg::testing::ProbeAppend("cert-file/F-1", ExpectedVersion::NoStream(), "interop");
    request.idempotency_key = "idem-7";
    REQUIRE(store->AppendToStream(request).ok());
  }
  std::string value;
  {
    certreg::testing::RawDb raw(dir.path());
    value = *raw.Get("events", keys::EventKey(0));
  }
  const std::string blob = dir.Sub("event.bin");
  std::ofstream(blob, std::ios::binary) << value;

  const std::string json = Run("capnp convert binary:json --short " CERTREG_SOURCE_DIR "/schemas/event.capnp Event < " +
                               blob);
  CHECK_THAT(json, Catch::Contains("\"streamId\":\"cert-file/F-1\""));
  CHECK_THAT(json, Catch::Contains("\"type\":\"StoreProbe\""));
  CHECK_THAT(json, Catch::Contains("\"idempotencyKey\":\"idem-7\""));
  CHECK_THAT(json, Catch::Contains("\"note\":\"interop#0\""));
  CHECK_THAT(json, Catch::Contains("\"streamVersion\":\"1\""));  // 64-bit integers come out as strings
}
