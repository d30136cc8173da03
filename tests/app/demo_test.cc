// The demo data set, loaded through the service on a fresh store.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "app/demo_data_internal.h"
#include "certreg/app/certification_service.h"
#include "certreg/app/demo_data.h"
#include "certreg/app/store_row_reader.h"
#include "certreg/projections/query.h"
#include "certreg/projections/keys.h"
#include "certreg/projections/project.h"
#include "certreg/projections/row_reader.h"
#include "certreg/domain/time_rules.h"
#include "certreg/domain/uscc.h"
#include "certreg/scheme/scheme_loader.h"
#include "support/service_fixture.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::domain;
using certreg::testing::TempDir;

namespace {

// Stages the data set covers: every one of api.md's work-queue stages.
const std::vector<std::string> kStages = {
    "awaiting_acceptance", "awaiting_materials", "accepted",        "in_audit",           "report_submitted",
    "awaiting_review",     "awaiting_decision",  "awaiting_notice", "conditions_pending", "awaiting_issue",
    "certified",           "recertifying",       "closed"};
const std::vector<std::string> kStatuses = {"VALID", "SUSPENDED", "REVOKED", "CANCELLED"};

// The demo's users and their roles.
const std::map<std::string, std::string> kRoles = {{"li.na", "clerk"},        {"zhang.wei", "auditor"},
                                                   {"wang.fang", "auditor"},  {"zhao.lei", "auditor"},
                                                   {"chen.jie", "committee"}, {"liu.yang", "committee"}};

// The service with the demo loaded on demand.
class DemoRegistry : public certreg::testing::ServiceFixture {
 public:
  explicit DemoRegistry(const char* today) : ServiceFixture(*Date::Parse(today)) {}

  app::DemoReport Load() {
    auto report = app::LoadDemo(service());
    if (!report.ok()) FAIL("the demo was refused: " << report.status().ToString());
    return *report;
  }

  // The demo's files: F-{year of today}-000001 .. files.
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

}  // namespace

TEST_CASE("the demo loads on any day and covers every stage and every status", "[app][demo]") {
  const char* today = GENERATE("2026-11-29", "2031-06-15", "2028-02-29");
  INFO("today " << today);
  DemoRegistry r(today);
  const app::DemoReport report = r.Load();

  CHECK(report.files >= 30);
  CHECK(report.events == r.store().Head().size);
  std::size_t staged = 0;
  for (const auto& [stage, count] : report.by_stage) staged += count;
  CHECK(staged == report.files);
  for (const std::string& stage : kStages) {
    INFO("stage " << stage);
    CHECK(report.by_stage.count(stage) == 1);
  }
  for (const std::string& status : kStatuses) {
    INFO("status " << status);
    CHECK(report.by_status.count(status) == 1);
  }
  auto verified = r.store().Verify();
  REQUIRE(verified.ok());
  CHECK(verified->ok);
  CHECK(verified->checked == report.events);
}

TEST_CASE("the demo records every act as staff would, with dates relative to today", "[app][demo]") {
  const char* today = GENERATE("2026-11-29", "2031-06-15");
  INFO("today " << today);
  DemoRegistry r(today);
  const app::DemoReport report = r.Load();
  const auto files = r.Files(report.files);

  for (const app::FileView& file : files) {
    INFO("file " << file.state.file_id << " " << file.state.applicant.name);
    Date previous;
    for (const Event& e : file.events) {
      INFO(EventTypeName(e.body) << " effective " << e.effective_date.ToString());
      CHECK(e.effective_date >= previous);
      CHECK(e.effective_date <= r.today());
      previous = e.effective_date;
      // Staff record everything: no time-driven event fired while loading.
      REQUIRE(kRoles.count(e.actor.name) == 1);
      CHECK(e.actor.role == kRoles.at(e.actor.name));
      std::visit(
          [&](const auto& body) {
            if constexpr (requires { body.act.received_on; }) CHECK(body.act.received_on == e.effective_date);
            if constexpr (requires { body.notified_on; }) {
              if constexpr (std::is_same_v<std::remove_cvref_t<decltype(body.notified_on)>, Date>) {
                CHECK(body.notified_on == e.effective_date);
              } else {
                CHECK(body.notified_on.value_or(e.effective_date) == e.effective_date);
              }
            }
          },
          e.body);
      // Committee members never sit on an audit team.
      if (const auto* team = std::get_if<AuditTeamAssigned>(&e.body)) {
        CHECK(kRoles.at(team->leader) == "auditor");
        for (const std::string& member : team->members) CHECK(kRoles.at(member) == "auditor");
      }
    }
  }
}

TEST_CASE("the demo's holders are distinct, their codes valid, their names searchable", "[app][demo]") {
  DemoRegistry r("2026-11-29");
  const app::DemoReport report = r.Load();
  const auto files = r.Files(report.files);

  const std::regex mobile(R"(^1[3-9][0-9]{9}$)");
  std::set<std::string> usccs, phones, emails, representatives, contacts, names;
  std::set<OrgType> org_types;
  int with_xinghe = 0, with_former_name = 0;
  for (const app::FileView& file : files) {
    const auto& application = std::get<ApplicationSubmitted>(file.events.front().body);
    const ApplicationForm& form = application.form;
    INFO(form.applicant.name);
    org_types.insert(form.applicant.org_type);
    CHECK(names.insert(form.applicant.name).second);
    CHECK(form.applicant.name.find("希莫") == std::string::npos);
    if (form.applicant.org_type == OrgType::kLiveSalesperson) {
      CHECK(form.applicant.uscc.empty());
    } else {
      CHECK(form.applicant.name.find("有限公司") != std::string::npos);
      CHECK(IsValidUscc(form.applicant.uscc));
      CHECK(usccs.insert(form.applicant.uscc).second);
    }
    CHECK(std::regex_match(form.personal.phone, mobile));
    CHECK(phones.insert(form.personal.phone).second);
    CHECK(emails.insert(form.personal.email).second);
    CHECK(representatives.insert(form.personal.legal_representative).second);
    CHECK(contacts.insert(form.personal.contact_name).second);
    CHECK_FALSE(form.business.platforms.empty());
    CHECK(form.business.salespersons.has_value());
    CHECK(form.business.annual_turnover_cny.has_value());
    CHECK(form.business.annual_live_sessions.has_value());
    if (const auto& certificate = file.state.certificate) {
      if (certificate->holder_name.find("星河") != std::string::npos) ++with_xinghe;
      if (!certificate->former_names.empty()) ++with_former_name;
    }
  }
  CHECK(org_types.size() == 5);
  CHECK(with_xinghe >= 2);
  CHECK(with_former_name >= 1);
}

TEST_CASE("a renewed demo certificate keeps its number and moves valid_until by three years", "[app][demo]") {
  const char* today = GENERATE("2026-11-29", "2031-06-15");
  INFO("today " << today);
  DemoRegistry r(today);
  const app::DemoReport report = r.Load();

  int renewed = 0;
  for (const app::FileView& file : r.Files(report.files)) {
    const CertificateIssued* issued = nullptr;
    for (const Event& e : file.events) {
      if (const auto* i = std::get_if<CertificateIssued>(&e.body)) issued = i;
      const auto* renewal = std::get_if<CertificateRenewed>(&e.body);
      if (renewal == nullptr) continue;
      ++renewed;
      REQUIRE(issued != nullptr);
      CHECK(renewal->certificate_no == issued->certificate_no);
      CHECK(renewal->previous_valid_until == issued->valid_until);
      CHECK(renewal->valid_until == issued->valid_until.AddYears(3));
      CHECK(renewal->valid_from == issued->valid_until.AddDays(1));
      CHECK(file.state.certificate->number == issued->certificate_no);
      CHECK(file.state.certificate->valid_until == issued->valid_until.AddYears(3));
      CHECK(file.state.certificate->status == CertificateStatus::kValid);
      // Applied inside the window, renewed before the old validity ended.
      const auto& cycle = file.state.cycles.back();
      CHECK(cycle.recertification);
      CHECK(cycle.received_on >= issued->valid_until.AddMonths(-3));
      CHECK(cycle.received_on <= issued->valid_until);
      CHECK(e.effective_date <= issued->valid_until);
      CHECK(*r.service().FileOfCertificate(issued->certificate_no) == file.state.file_id);
    }
  }
  CHECK(renewed == 1);
}

TEST_CASE("loading the demo into a store that holds events is refused and writes nothing", "[app][demo]") {
  DemoRegistry r("2026-11-29");
  r.Load();
  const store::LogHead before = r.store().Head();
  auto again = app::LoadDemo(r.service());
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().code() == Status::Code::kRejected);
  CHECK(again.status().message().find("empty data directory") != std::string::npos);
  CHECK(r.store().Head().size == before.size);
  CHECK(r.store().Head().hash == before.hash);
}

TEST_CASE("a refused demo command is an error naming the file, the command and every reason", "[app][demo]") {
  DemoRegistry r("2026-11-29");
  const app::demo::DemoEntry& entry = app::demo::DemoEntries().front();
  app::demo::DemoFile f(r.service(), entry.holder, 1, r.today());
  REQUIRE(app::demo::RunCycle(f, f.Ago(10), app::demo::Step::kApplied).ok());
  const std::uint64_t size = r.store().Head().size;

  const Status invalid =
      f.Do(f.Ago(5), DecideCertification{DecisionOutcome::kConditional, "", std::nullopt}, app::demo::Committee(1));
  CHECK(invalid.code() == Status::Code::kInvalidArgument);
  for (const std::string& part : {f.id(), entry.holder.name, std::string("DecideCertification"), f.Ago(5).ToString(),
                                  std::string("conditions_deadline: is required")}) {
    INFO(invalid.message() << " / " << part);
    CHECK(invalid.message().find(part) != std::string::npos);
  }

  const Status wrong_state = f.Do(f.Ago(4), RevokeCertificate{"虚假材料", "陈杰"}, app::demo::Committee(1));
  CHECK(wrong_state.code() == Status::Code::kRejected);
  CHECK(wrong_state.message().find("RevokeCertificate") != std::string::npos);
  CHECK(wrong_state.message().find("there is no certificate") != std::string::npos);

  const Status backwards = f.Do(f.Ago(20), DecideAcceptance{true, ""}, app::demo::Clerk());
  CHECK(backwards.code() == Status::Code::kInvalidArgument);
  CHECK(backwards.message().find("not after the file's previous date") != std::string::npos);
  CHECK(r.store().Head().size == size);
}

TEST_CASE("the read models written command by command equal a rebuild from the log, byte for byte",
          "[demo][projections][rebuild]") {
  DemoRegistry registry("2026-11-29");
  const app::DemoReport report = registry.Load();
  projections::MemoryTables rebuilt;
  for (const app::FileView& view : registry.Files(report.files)) {
    rebuilt.Apply(projections::ProjectHistory(view.state.file_id, view.events, scheme::BuiltInScheme()));
  }
  std::size_t rows = 0;
  for (const std::string& cf : projections::ProjectionColumnFamilies()) {
    CAPTURE(cf);
    auto stored = registry.store().ScanExtra(cf, "", 10'000'000);
    REQUIRE(stored.ok());
    projections::MemoryTables::Table inline_rows(stored->begin(), stored->end());
    auto it = rebuilt.tables().find(cf);
    const projections::MemoryTables::Table empty;
    CHECK(inline_rows == (it == rebuilt.tables().end() ? empty : it->second));
    rows += inline_rows.size();
  }
  CHECK(rows > 100);
}

TEST_CASE("every demo file's work-queue row reads the domain's overdue reasons on every day",
          "[demo][projections][queue]") {
  const char* today = GENERATE("2026-11-29", "2031-06-15");
  INFO("today " << today);
  DemoRegistry registry(today);
  const app::DemoReport report = registry.Load();
  const domain::Scheme& scheme = scheme::BuiltInScheme();
  for (const app::FileView& view : registry.Files(report.files)) {
    CAPTURE(view.state.file_id);
    projections::MemoryTables tables;
    tables.Apply(projections::ProjectHistory(view.state.file_id, view.events, scheme));
    auto page = projections::WorkQueue(tables, {.stage = std::nullopt, .today = registry.today()});
    REQUIRE(page.ok());
    REQUIRE(page->items.size() == 1);
    const projections::WorkQueueRow& row = page->items[0].row;
    for (Date day = registry.today().AddYears(-4); day <= registry.today().AddYears(4); day = day.AddDays(1)) {
      CAPTURE(day.ToString());
      REQUIRE(projections::OverdueReasons(row, day) == OverdueReasons(view.state, day, scheme));
    }
  }
}

TEST_CASE("read models that fell behind the log catch up, and a rebuild restores damaged ones",
          "[demo][projections][rebuild]") {
  DemoRegistry registry("2026-11-29");
  registry.Load();
  auto identical = registry.service().RebuildReadModels();
  REQUIRE(identical.ok());
  CHECK(identical->identical);
  // Damage: lose a certificate row and rewind the checkpoint, as after an older version.
  auto rows = registry.store().ScanExtra(projections::kCertificatesCf, "", 1);
  REQUIRE((rows.ok() && rows->size() == 1));
  REQUIRE(registry.store().WriteExtra({}, {{projections::kCertificatesCf, rows->front().first, std::nullopt},
                                           {"proj_meta", "applied", std::string("0")}}).ok());
  auto caught_up = registry.service().CatchUpReadModels();
  REQUIRE(caught_up.ok());
  CHECK(*caught_up == registry.store().Head().size);
  CHECK(registry.store().GetExtra(projections::kCertificatesCf, rows->front().first).value() ==
        std::optional<std::string>(rows->front().second));
  CHECK(*registry.service().CatchUpReadModels() == 0);
  // A damaged row that catch-up cannot see is found and replaced by the rebuild.
  REQUIRE(registry.store().WriteExtra({}, {{projections::kCertificatesCf, rows->front().first,
                                            std::string("garbage")}}).ok());
  auto repaired = registry.service().RebuildReadModels();
  REQUIRE(repaired.ok());
  CHECK_FALSE(repaired->identical);
  CHECK(registry.service().RebuildReadModels()->identical);
}

TEST_CASE("the public queries run on the store's tables", "[demo][projections][query]") {
  DemoRegistry registry("2026-11-29");
  registry.Load();
  app::StoreRowReader reader(registry.store());
  projections::SearchQuery query;
  query.q = "星河";
  auto found = projections::Search(reader, query);
  REQUIRE(found.ok());
  CHECK(found->total >= 2);
  for (const auto& row : found->items) CHECK(row.holder_name.find("星河") != std::string::npos);
  REQUIRE_FALSE(found->items.empty());
  auto by_number = projections::CertificateByNumber(reader, found->items.front().number);
  REQUIRE(by_number.ok());
  CHECK(by_number->holder_name == found->items.front().holder_name);
  auto history = projections::StatusHistory(reader, found->items.front().number);
  REQUIRE(history.ok());
  CHECK_FALSE(history->empty());
  query.q = "";
  query.status = CertificateStatus::kRevoked;
  auto revoked = projections::Search(reader, query);
  REQUIRE(revoked.ok());
  CHECK(revoked->total == 2);
  query.status.reset();
  query.page_size = 5;
  query.page = 2;
  auto page = projections::Search(reader, query);
  REQUIRE(page.ok());
  CHECK(page->items.size() == 5);
  CHECK(page->total == 20);  // every certificate ever issued in the demo
}
