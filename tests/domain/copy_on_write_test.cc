// A file's state is copied per command (the state before and after it): the
// copy shares the large parts the command leaves alone, and a change to one
// copy never shows in the other.
#include "certreg/domain/copy_on_write.h"

#include "support/lifecycle_fixture.h"

using namespace certreg::testing;
using certreg::domain::CopyOnWrite;

TEST_CASE("a copy shares the container until one of them changes it", "[domain][copy_on_write]") {
  CopyOnWrite<std::vector<std::string>> list(std::vector<std::string>{"R1", "R2"});
  CopyOnWrite<std::vector<std::string>> copy = list;
  CHECK(copy.SharesWith(list));
  copy.push_back("R3");
  CHECK_FALSE(copy.SharesWith(list));
  CHECK(list == std::vector<std::string>{"R1", "R2"});
  CHECK(copy == std::vector<std::string>{"R1", "R2", "R3"});

  CopyOnWrite<std::map<std::string, int>> map(std::map<std::string, int>{{"A1", 1}});
  const CopyOnWrite<std::map<std::string, int>> kept = map;
  CHECK(map.find("A1") != map.end());  // reading a non-const copy does not copy it
  CHECK(map.SharesWith(kept));
  map["A1"] = 2;
  CHECK_FALSE(map.SharesWith(kept));
  CHECK(kept.at("A1") == 1);
  CHECK(map.at("A1") == 2);

  CopyOnWrite<std::vector<int>> empty;
  CHECK(empty.empty());
  CHECK(empty.begin() == empty.end());
  CHECK(empty == std::vector<int>{});
}

TEST_CASE("a change of address leaves the file's cycles, audits and lists shared", "[domain][copy_on_write]") {
  Lifecycle f;
  f.Certified();
  f.Do(ReceiveComplaint{"虚假宣传", {f.today(), "phone"}, {"", "王五", "13900000000", "", ""}}, Clerk());
  f.Do(ReportMajorChange{"法定代表人变更", {f.today(), "email"}}, Clerk());
  const FileState before = f.state();
  ChangeCertificate change;
  change.address = "杭州市西湖区文三路 1 号";
  change.reason = "迁址";
  change.approver = "陈杰";
  change.act = {f.today(), "email"};
  f.Do(change, Clerk());
  const FileState& after = f.state();
  CHECK(after.certificate->address == "杭州市西湖区文三路 1 号");
  CHECK(before.certificate->address != after.certificate->address);
  CHECK(after.cycles.SharesWith(before.cycles));
  CHECK(after.audits.SharesWith(before.audits));
  CHECK(after.complaints.SharesWith(before.complaints));
  CHECK(after.major_change_reports.SharesWith(before.major_change_reports));
}

TEST_CASE("an event copies only the part it changes and the state before keeps its own", "[domain][copy_on_write]") {
  Lifecycle f;
  f.ConditionallyApproved("2026-06-30");
  REQUIRE(f.state().findings.size() == 1);
  const std::string finding = f.state().findings.begin()->first;
  const FileState before = f.state();
  f.Do(CloseFinding{finding, "补齐培训记录", "已核实"}, Leader());
  CHECK_FALSE(f.state().findings.SharesWith(before.findings));
  CHECK_FALSE(f.state().findings.at(finding).open);
  CHECK(before.findings.at(finding).open);
  CHECK(f.state().audits.SharesWith(before.audits));

  Lifecycle g;
  g.Certified();
  g.Do(ReceiveComplaint{"虚假宣传", {g.today(), "phone"}, {"", "王五", "13900000000", "", ""}}, Clerk());
  const FileState one = g.state();
  g.Do(ReceiveComplaint{"夸大宣传", {g.today(), "phone"}, {"", "李四", "13900000001", "", ""}}, Clerk());
  CHECK(one.complaints.size() == 1);
  CHECK(g.state().complaints.size() == 2);
  CHECK(g.state().cycles.SharesWith(one.cycles));
}
