// The one table from a Status to its HTTP problem (problem.cc): every code and
// sub-code, its status and type, and the members only some problems carry.
#include <catch2/catch.hpp>

#include "http/problem.h"

using certreg::FieldError;
using certreg::Status;
using certreg::http::Problem;
using certreg::http::ProblemOf;

namespace {

void RequireProblem(const Problem& p, int status, const std::string& type) {
  INFO(p.ToJson().dump());
  CHECK(p.status == status);
  CHECK(p.type == type);
  CHECK_FALSE(p.title.empty());
  CHECK_FALSE(p.detail.empty());
}

}  // namespace

TEST_CASE("each refusal of a command maps to its status, type and members", "[http][problem]") {
  SECTION("invalid fields: 422 with every field") {
    Problem p = ProblemOf(Status::InvalidFields({{"scope", "is required"}, {"applicant.uscc", "is not valid"}}));
    RequireProblem(p, 422, "validation-failed");
    REQUIRE(p.errors.size() == 2);
    CHECK(p.errors[0].field == "scope");
    CHECK(p.errors[1].field == "applicant.uscc");
    CHECK(p.ToJson()["errors"].size() == 2);
    CHECK_FALSE(p.current_status);
    CHECK_FALSE(p.current_version);
  }
  SECTION("an invalid argument that names no field: 422 with the message under body") {
    Problem p = ProblemOf(Status::InvalidArgument("no certificate number"));
    RequireProblem(p, 422, "validation-failed");
    REQUIRE(p.errors.size() == 1);
    CHECK(p.errors[0].field == "body");
    CHECK(p.errors[0].message == "no certificate number");
  }
  SECTION("a state conflict: 409 with the current status") {
    Problem p = ProblemOf(Status::StateConflict("certificate C is SUSPENDED; it cannot be suspended", "SUSPENDED"));
    RequireProblem(p, 409, "state-conflict");
    CHECK(p.current_status == std::optional<std::string>("SUSPENDED"));
    CHECK(p.ToJson()["current_status"] == "SUSPENDED");
    CHECK(p.detail == "certificate C is SUSPENDED; it cannot be suspended");
  }
  SECTION("a duplicate application: 409 with its own type, naming the file") {
    Problem p = ProblemOf(Status::DuplicateApplication("file F-2026-000001 already holds it"));
    RequireProblem(p, 409, "duplicate-application");
    CHECK(p.detail == "file F-2026-000001 already holds it");
    CHECK_FALSE(p.current_status);
  }
  SECTION("forbidden, and a conflict of interest: 403 with their own types") {
    RequireProblem(ProblemOf(Status::Forbidden("only the team leader submits")), 403, "forbidden");
    RequireProblem(ProblemOf(Status::ConflictOfInterest("chen.jie sat on the team")), 403, "conflict-of-interest");
  }
  SECTION("not found: 404") {
    Problem p = ProblemOf(Status::NotFound("file F-2026-999999 not found"));
    RequireProblem(p, 404, "not-found");
    CHECK(p.detail == "file F-2026-999999 not found");
  }
  SECTION("a stale version: 412 with the current version") {
    Problem p = ProblemOf(Status::StaleVersion("file F is at version 3", 3));
    RequireProblem(p, 412, "stale-version");
    CHECK(p.current_version == std::optional<std::uint64_t>(3));
    CHECK(p.ToJson()["current_version"] == 3);
    CHECK_THAT(p.detail, Catch::Contains("If-Match: \"3\""));
  }
  SECTION("a reused idempotency key: 422 without field errors") {
    Problem p = ProblemOf(Status::IdempotencyKeyReused("idempotency key already used for a different request"));
    RequireProblem(p, 422, "idempotency-key-reused");
    CHECK(p.errors.empty());
  }
}

TEST_CASE("storage trouble maps to 503, 507 or 500 and never shows its message", "[http][problem]") {
  const std::string secret = "/var/certreg/000123.sst: Input/output error";
  SECTION("an I/O error and a busy store: 503") {
    RequireProblem(ProblemOf(Status::IOError(secret)), 503, "unavailable");
    RequireProblem(ProblemOf(Status::Busy(secret)), 503, "unavailable");
    RequireProblem(ProblemOf(Status::LockHeld(secret)), 503, "unavailable");
  }
  SECTION("no space left: 507") { RequireProblem(ProblemOf(Status::NoSpace(secret)), 507, "insufficient-storage"); }
  SECTION("corruption: 500") { RequireProblem(ProblemOf(Status::Corruption(secret)), 500, "internal-error"); }
  for (const Status& s : {Status::IOError(secret), Status::Busy(secret), Status::NoSpace(secret),
                          Status::LockHeld(secret), Status::Corruption(secret)}) {
    CHECK(ProblemOf(s).ToJson().dump().find("000123") == std::string::npos);
  }
}

TEST_CASE("the shorthands go through the table", "[http][problem]") {
  RequireProblem(certreg::http::NotFound("certificate X"), 404, "not-found");
  CHECK(certreg::http::NotFound("certificate X").detail == "certificate X not found");
  Problem query = certreg::http::InvalidQuery("axis", "must be effective or recorded");
  RequireProblem(query, 422, "validation-failed");
  REQUIRE(query.errors.size() == 1);
  CHECK(query.errors[0].field == "axis");
  Problem one = certreg::http::Invalid({FieldError{"name", "is required"}});
  CHECK(one.detail == "1 field is invalid");
}
