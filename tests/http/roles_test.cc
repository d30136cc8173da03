// The role matrix of api.md: every write endpoint and every staff GET
// endpoint, called with a token of each role. A role the table does not list
// gets 403 and writes nothing; a listed role passes the gate (anything but
// 401/403).
#include <catch2/catch.hpp>

#include <algorithm>

#include "http/http_steps.h"

namespace certreg::testing {
namespace {

struct Endpoint {
  std::string method;
  std::string path;  // with {f}, {a}, {finding}, {c} to fill in
  std::vector<std::string> roles;
};

const std::vector<std::string> kStaff = {"clerk", "auditor", "committee", "regulator"};

// api.md's tables, row by row.
const std::vector<Endpoint>& WriteEndpoints() {
  static const std::vector<Endpoint> endpoints = {
      {"POST", "/api/v1/applications", {"clerk"}},
      {"POST", "{f}/materials-request", {"clerk"}},
      {"POST", "{f}/materials", {"clerk"}},
      {"POST", "{f}/acceptance", {"clerk"}},
      {"POST", "{f}/withdrawal", {"clerk"}},
      {"POST", "{f}/audits", {"auditor"}},
      {"POST", "{f}/audits/{a}/findings", {"auditor"}},
      {"POST", "{f}/findings/{finding}/closure", {"auditor"}},
      {"PUT", "{f}/audits/{a}/scores", {"auditor"}},
      {"POST", "{f}/audits/{a}/report", {"auditor"}},
      {"POST", "{f}/audits/{a}/report/approval", {"committee"}},
      {"POST", "{f}/audits/{a}/completion", {"auditor"}},
      {"POST", "{f}/review", {"committee"}},
      {"POST", "{f}/decision", {"committee"}},
      {"POST", "{f}/decision/notice", {"clerk"}},
      {"POST", "{f}/conditions-fulfilled", {"committee"}},
      {"POST", "{f}/certificate", {"clerk"}},
      {"POST", "{c}/changes", {"clerk"}},
      {"POST", "{c}/reissue", {"clerk"}},
      {"POST", "{c}/major-change", {"clerk"}},
      {"POST", "{c}/complaints", {"clerk"}},
      {"POST", "{c}/surveillance-refusal", {"clerk"}},
      {"POST", "{c}/maintenance", {"committee"}},
      {"POST", "{c}/special-audit-waiver", {"committee"}},
      {"POST", "{c}/suspension", {"committee"}},
      {"POST", "{c}/rectification", {"clerk"}},
      {"POST", "{c}/rectification/verification", {"committee"}},
      {"POST", "{c}/reinstatement", {"committee"}},
      {"POST", "{c}/revocation-proceeding", {"committee"}},
      {"POST", "{c}/revocation-proceeding/closure", {"committee"}},
      {"POST", "{c}/revocation-notice", {"clerk"}},
      {"POST", "{c}/appeal", {"clerk"}},
      {"POST", "{c}/appeal/decision", {"committee"}},
      {"POST", "{c}/revocation", {"committee"}},
      {"POST", "{c}/cancellation-request", {"clerk"}},
      {"POST", "{c}/cancellation", {"committee"}},
      {"POST", "{c}/cancellation/announcement", {"clerk"}},
      {"POST", "{c}/recertification", {"clerk"}},
  };
  return endpoints;
}

const std::vector<Endpoint>& ReadEndpoints() {
  static const std::vector<Endpoint> endpoints = {
      {"GET", "/api/v1/files", kStaff},
      {"GET", "/api/v1/files?stage=certified&overdue=false&page=1&page_size=5", kStaff},
      {"GET", "{f}", kStaff},
      {"GET", "{f}/audits/{a}/evaluation", kStaff},
      {"GET", "{c}", kStaff},
      {"GET", "{c}?as_of=2026-05-01&axis=effective", kStaff},
      {"GET", "{c}/events", {"regulator", "committee"}},
      {"GET", "{c}/timeline", {"regulator", "committee"}},
      {"GET", "{f}/events", {"regulator", "committee"}},
      {"GET", "/api/v1/log?from=0&limit=5", {"regulator"}},
      {"GET", "/api/v1/log/head", {"regulator"}},
      {"GET", "/api/v1/log/verify", {"regulator", "admin"}},
      {"GET", "/metrics", {"admin", "regulator"}},
  };
  return endpoints;
}

std::string Fill(std::string path, const CertifiedFile& file) {
  const std::pair<std::string, std::string> parts[] = {
      {"{f}", "/api/v1/files/" + file.file_id},
      {"{c}", "/api/v1/certificates/" + file.certificate_no},
      {"{a}", file.audit_id},
      {"{finding}", "F1"},
  };
  for (const auto& [from, to] : parts) {
    for (std::size_t at = path.find(from); at != std::string::npos; at = path.find(from)) path.replace(at, from.size(), to);
  }
  return path;
}

bool Listed(const Endpoint& e, const std::string& role) {
  return std::find(e.roles.begin(), e.roles.end(), role) != e.roles.end();
}

TEST_CASE("every write endpoint refuses the roles api.md does not list, and writes nothing", "[http][roles]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  // A body every parser refuses, so that a role that passes the gate gets 422
  // naming the probe, and the file stays as it is for the next cell.
  const json probe = {{"role_matrix_probe", true}};

  for (const Endpoint& e : WriteEndpoints()) {
    const std::string path = Fill(e.path, file);
    for (const std::string& role : kRoles) {
      INFO(e.method << " " << path << " as " << role);
      const auto before = fx.Head();
      const Reply reply = fx.Send(e.method, path, role, probe.dump(), "application/json");
      INFO(reply);
      if (Listed(e, role)) {
        CHECK(reply.status != 401);
        CHECK(reply.status != 403);
        CHECK(reply.status == 422);
        CHECK(reply.has_error("role_matrix_probe"));
      } else {
        CHECK(reply.status == 403);
        CHECK(reply.json_body.value("type", "") == "forbidden");
        CHECK(reply.content_type().rfind("application/problem+json", 0) == 0);
      }
      CHECK(fx.Head() == before);
    }
  }
}

TEST_CASE("every staff GET endpoint answers the roles api.md lists and refuses the others", "[http][roles]") {
  HttpFixture fx;
  const CertifiedFile file = Certify(fx, "杭州星河直播电子商务有限公司", UsccFrom("91330110MA2H3X4Y5"));
  for (const Endpoint& e : ReadEndpoints()) {
    const std::string path = Fill(e.path, file);
    for (const std::string& role : kRoles) {
      INFO(e.method << " " << path << " as " << role);
      const Reply reply = fx.Get(path, role);
      INFO(reply);
      if (Listed(e, role)) {
        CHECK(reply.status == 200);
      } else {
        CHECK(reply.status == 403);
        CHECK(reply.json_body.value("type", "") == "forbidden");
      }
    }
    const Reply anonymous = fx.Get(path);
    CHECK(anonymous.status == 401);
  }
}

}  // namespace
}  // namespace certreg::testing
