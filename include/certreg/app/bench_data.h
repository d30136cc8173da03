// The benchmark data set: many generated certification files, each told
// through the application service with the demo's paths (demo_data.h), so
// that the log and the read models are exactly what the registry writes.
//
// File k (from 0) gets a generated holder (company names from city, brand and
// trade words; one in twenty a live salesperson without a code) and a story
// drawn from k alone: applied up to six years before today, most files are
// certified, surveilled once a year and recertified or cancelled at expiry;
// some are declined, withdrawn or rejected, changed or reissued, suspended and
// reinstated, revoked, cancelled on request, and the youngest are still in
// their first cycle. Dates count back from the service's Today() as in the
// demo; every deadline set is past when recorded or still ahead, so the
// time-driven rules append nothing while it loads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "certreg/app/certification_service.h"
#include "certreg/common/status.h"

namespace certreg::app {

struct BenchDataOptions {
  std::size_t files = 50'000;            // 50,000; files at least
  std::uint64_t min_events = 1'000'000;  // 1,000,000; files are added past `files` until the log holds this many
  int threads = 32;                      // 32; files told concurrently (commands on different files)
  // Called from a loading thread after every 1,000th file, with the files
  // and events so far; none when empty. Must be thread-safe.
  std::function<void(std::size_t files, std::uint64_t events)> progress;
};

struct BenchDataReport {
  std::size_t files = 0;
  std::uint64_t events = 0;    // events appended, all files together
  std::uint64_t commands = 0;  // commands recorded
};

// Loads the data set into an empty store through service.Execute from
// `options.threads` threads. Errors as LoadDemo: Rejected when the store
// already holds events (nothing written); a refused command names the file,
// holder, command and date (the files recorded before stay); IOError.
Result<BenchDataReport> LoadBenchData(CertificationService& service, const BenchDataOptions& options);

}  // namespace certreg::app
