// The demo data set: some thirty-five certification files in every stage of
// the procedure and every certificate status, recorded through the
// application service exactly as staff would record them (clerk li.na;
// auditors zhang.wei (team leader), wang.fang, zhao.lei; committee chen.jie,
// liu.yang, who never sit on an audit team).
//
// Dates are relative to the service's Today(): the same story loads on any
// day ("issued 1050 days ago"). Every command carries an explicit effective
// date; within a file the dates strictly increase and none is after today.
// Holder acts (received_on) and decision notices (notified_on) carry the same
// date as the command. Every deadline the demo sets is either after today or
// already past when recorded, so the time-driven rules append nothing while it
// loads (domain.md §4); they act later as the registry's days go by.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "certreg/app/certification_service.h"
#include "certreg/common/status.h"

namespace certreg::app {

// What LoadDemo recorded.
struct DemoReport {
  std::size_t files = 0;   // certification files created: F-{YYYY}-000001 .. files, YYYY = Today()'s year
  std::size_t events = 0;  // events appended, all files together
  std::map<std::string, std::size_t> by_stage;   // work-queue stage (domain::StageOf, its wire name) -> files
  std::map<std::string, std::size_t> by_status;  // certificate status (VALID ...) -> files with a certificate
};

// Loads the demo data set through service.Execute, one command at a time.
//
// Errors:
//   Rejected         the store already holds events (service.Head().size > 0):
//                    the demo loads only into an empty data directory, and
//                    nothing is written;
//   InvalidArgument, Rejected, Forbidden, NotFound, Conflict
//                    a command of the data set was refused: the message names
//                    the file, the holder, the command (domain::CommandName),
//                    its effective date, the rejection message and every field
//                    error. The files recorded before it stay in the store;
//   IOError          the store failed.
// Not safe to run concurrently with other writers of the same store: the
// emptiness check and the loading are not one transaction.
Result<DemoReport> LoadDemo(CertificationService& service);

}  // namespace certreg::app
