// The application service over a real event store.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "certreg/app/registry.h"
#include "certreg/scheme/scheme_loader.h"
#include "support/lifecycle_fixture.h"
#include "support/service_fixture.h"
#include "support/temp_dir.h"

using namespace certreg;
using namespace certreg::domain;
using namespace certreg::testing;

namespace {

// The service with helpers to run commands and certify a file.
class Registry : public certreg::testing::ServiceFixture {
 public:
  Registry() : ServiceFixture(D("2026-03-02")) {}
  void SetToday(const char* d) { ServiceFixture::SetToday(D(d)); }

  Result<app::CommandResult> Run(const std::string& file, Command command, Actor actor, std::string key = "") {
    app::CommandRequest r;
    r.file_id = file;
    r.command = std::move(command);
    r.actor = std::move(actor);
    r.idempotency_key = key;
    r.fingerprint = key.empty() ? "" : "fp-" + key;
    return service().Execute(r);
  }
  app::CommandResult Ok(const std::string& file, Command command, Actor actor) {
    auto outcome = Run(file, std::move(command), std::move(actor));
    if (!outcome.ok()) FAIL("refused: " << outcome.status().ToString());
    return *outcome;
  }

  std::string CertifiedFile() {
    auto submitted = Ok("", SubmitApplication{FormOf(++holders_), {today(), "email"}}, Clerk());
    const std::string f = submitted.file_id;
    Ok(f, DecideAcceptance{true, ""}, Clerk());
    PlanAudit plan;
    plan.leader = Leader().name;
    plan.members = {Member().name};
    plan.start_date = today();
    plan.onsite_days = 5;
    plan.sites = {"杭州"};
    Ok(f, plan, Leader());
    Ok(f, RecordScores{"A1", PassingScores()}, Leader());
    Ok(f, SubmitReport{"A1", "符合", DecisionOutcome::kApprove, std::nullopt}, Leader());
    Ok(f, ApproveReport{"A1"}, Committee());
    Ok(f, ReviewFile{true, true, true, ""}, Committee());
    Ok(f, DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee());
    Ok(f, NotifyDecision{today(), "email"}, Clerk());
    Ok(f, IssueCertificate{}, Clerk());
    return f;
  }

 private:
  int holders_ = 0;  // CertifiedFile's holders, each its own
};

}  // namespace

TEST_CASE("the service takes a file from application to certificate", "[app][lifecycle]") {
  Registry r;
  const std::string f = r.CertifiedFile();
  CHECK(f == "F-2026-000001");
  auto view = r.service().LoadFile(f);
  REQUIRE(view.ok());
  CHECK(view->state.certificate->number == "CMM-525-2026-00001");
  CHECK(view->state.certificate->status == CertificateStatus::kValid);
  CHECK(view->events.size() == 11);
  CHECK(*r.service().FileOfCertificate("CMM-525-2026-00001") == f);
  CHECK(r.store().Verify()->ok);

  // A second file gets the next numbers.
  const std::string g = r.CertifiedFile();
  CHECK(g == "F-2026-000002");
  CHECK(r.service().LoadFile(g)->state.certificate->number == "CMM-525-2026-00002");
}

TEST_CASE("a refused command appends nothing", "[app][refusal]") {
  Registry r;
  const std::string f = r.CertifiedFile();
  const auto before = r.store().Head();
  auto outcome = r.Run(f, RevokeCertificate{"x", "陈杰"}, Committee());
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.status().code() == Status::Code::kRejected);
  CHECK(outcome.status().current_state() == "VALID");
  CHECK(r.store().Head().size == before.size);
  CHECK(r.store().Head().hash == before.hash);

  auto missing = r.Run("F-2026-999999", DecideAcceptance{true, ""}, Clerk());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == Status::Code::kNotFound);
  CHECK(r.store().Head().size == before.size);
}

TEST_CASE("an idempotent retry replays, a reused key with another body is refused", "[app][idempotency]") {
  Registry r;
  auto first = r.Run("", SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk(), "key-1");
  REQUIRE(first.ok());
  const auto size = r.store().Head().size;
  auto again = r.Run("", SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk(), "key-1");
  REQUIRE(again.ok());
  CHECK(again.value().replayed);
  CHECK(again.value().file_id == first.value().file_id);
  CHECK(r.store().Head().size == size);

  app::CommandRequest other;
  other.file_id = first.value().file_id;
  other.command = DecideAcceptance{true, ""};
  other.actor = Clerk();
  other.idempotency_key = "key-1";
  other.fingerprint = "another body";
  auto reused = r.service().Execute(other);
  REQUIRE_FALSE(reused.ok());
  CHECK(reused.status().Is(Status::Code::kConflict, Status::SubCode::kIdempotencyKeyReused));
  CHECK(r.store().Head().size == size);
}

TEST_CASE("a replay answers as the original did, not with what the file became since", "[app][idempotency]") {
  Registry r;
  auto first = r.Run("", SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk(), "key-apply");
  REQUIRE(first.ok());
  const app::CommandResult original = first.value();
  CHECK_FALSE(original.certificate_no);
  // The same file on to its certificate, under other keys.
  const std::string f = original.file_id;
  r.Ok(f, DecideAcceptance{true, ""}, Clerk());
  PlanAudit plan;
  plan.leader = Leader().name;
  plan.start_date = r.today();
  plan.onsite_days = 5;
  plan.sites = {"杭州"};
  r.Ok(f, plan, Leader());
  r.Ok(f, RecordScores{"A1", PassingScores()}, Leader());
  r.Ok(f, SubmitReport{"A1", "符合", DecisionOutcome::kApprove, std::nullopt}, Leader());
  r.Ok(f, ApproveReport{"A1"}, Committee());
  r.Ok(f, ReviewFile{true, true, true, ""}, Committee());
  r.Ok(f, DecideCertification{DecisionOutcome::kApprove, "", std::nullopt}, Committee());
  r.Ok(f, NotifyDecision{r.today(), "email"}, Clerk());
  r.Ok(f, IssueCertificate{}, Clerk());

  auto again = r.Run("", SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk(), "key-apply");
  REQUIRE(again.ok());
  const app::CommandResult replay = again.value();
  CHECK(replay.replayed);
  CHECK(replay.file_id == original.file_id);
  CHECK(replay.version == original.version);
  CHECK(replay.position == original.position);
  CHECK_FALSE(replay.certificate_no);  // there was no certificate when the application was recorded
}

TEST_CASE("a stale expected version is refused with the current one", "[app][concurrency]") {
  Registry r;
  auto submitted = r.Ok("", SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk());
  app::CommandRequest request;
  request.file_id = submitted.file_id;
  request.command = DecideAcceptance{true, ""};
  request.actor = Clerk();
  request.expected_version = 7;
  auto outcome = r.service().Execute(request);
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.status().Is(Status::Code::kConflict, Status::SubCode::kStaleVersion));
  CHECK(outcome.status().current_version() == std::optional<std::uint64_t>(1));
  request.expected_version = 1;
  CHECK(r.service().Execute(request).ok());
}

TEST_CASE("personal data is sealed apart from the hashed log", "[app][personal]") {
  Registry r;
  auto submitted = r.Ok("", SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk());
  auto events = r.store().ReadAll(0, 10);
  REQUIRE(events.ok());
  for (const auto& e : *events) {
    CHECK(e.raw.find("13800138000") == std::string::npos);
    CHECK(e.raw.find("lina@example.cn") == std::string::npos);
  }
  auto view = r.service().LoadFile(submitted.file_id);
  REQUIRE(view.ok());
  const auto& application = std::get<ApplicationSubmitted>(view->events[0].body);
  CHECK(application.form.personal.phone == "13800138000");
  CHECK(application.form.personal.legal_representative == "张伟");
}

TEST_CASE("the time-driven rules run before a command and in the sweep", "[app][time]") {
  Registry r;
  const std::string f = r.CertifiedFile();  // issued 2026-03-02
  r.Ok(f, SuspendCertificate{"8.2.1-3", "违规", "整改", D("2026-04-30"), "陈杰"}, Committee());
  r.SetToday("2026-05-05");
  // The revocation proceeding the deadline opened comes before the command's own events.
  auto result = r.Ok(f, IssueRevocationNotice{D("2026-05-20")}, Clerk());
  REQUIRE(result.events.size() == 2);
  CHECK(result.events[0].type == "RevocationProceedingOpened");
  CHECK(result.events[1].type == "RevocationNoticeIssued");

  const std::string g = r.CertifiedFile();
  r.SetToday("2029-06-01");
  app::SweepReport report = r.service().SweepAll();
  CHECK(report.files == 2);
  CHECK(report.failures == 0);
  // g's validity ended 2029-05-04: cancelled. f's ended 2029-03-01, but its revocation
  // proceeding is still open and holds the expiry back (domain.md §9.3).
  CHECK(report.events == 1);
  CHECK(r.service().LoadFile(g)->state.certificate->status == CertificateStatus::kCancelled);
  CHECK(r.service().LoadFile(f)->state.certificate->status == CertificateStatus::kSuspended);
  CHECK(r.service().SweepAll().events == 0);  // again: nothing new
  CHECK(r.store().Verify()->ok);
}

TEST_CASE("concurrent twins of one request get the one file that was created", "[app][idempotency][concurrency]") {
  Registry r;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> files;
  std::atomic<int> failures{0};
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      auto outcome = r.Run("", SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk(), "twin");
      if (outcome.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        files.insert(outcome->file_id);
      } else {
        failures.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures.load() == 0);
  REQUIRE(files.size() == 1);
  CHECK(r.service().LoadFile(*files.begin()).ok());
  CHECK(r.store().Head().size == 1);
}

TEST_CASE("a retry with a key and no fingerprint replays", "[app][idempotency]") {
  Registry r;
  app::CommandRequest request;
  request.command = SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}};
  request.actor = Clerk();
  request.idempotency_key = "tool-key";
  auto first = r.service().Execute(request);
  REQUIRE(first.ok());
  auto again = r.service().Execute(request);
  REQUIRE(again.ok());
  CHECK(again.value().replayed);
}

TEST_CASE("a refused first issue leaves its certificate number free", "[app][numbers]") {
  Registry r;
  auto submitted = r.Ok("", SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk());
  auto refused = r.Run(submitted.file_id, IssueCertificate{}, Clerk());  // nothing approved yet
  REQUIRE_FALSE(refused.ok());
  const std::string f = r.CertifiedFile();
  CHECK(r.service().LoadFile(f)->state.certificate->number == "CMM-525-2026-00001");
  // A refused application leaves its file number free too.
  ApplicationForm bad = ValidForm();
  bad.scope = "";
  REQUIRE_FALSE(r.Run("", SubmitApplication{bad, {D("2026-03-02"), "email"}}, Clerk()).ok());
  // So does a duplicate of an open application (domain.md §9.12).
  auto duplicate = r.Run("", SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk());
  REQUIRE_FALSE(duplicate.ok());
  CHECK(duplicate.status().Is(Status::Code::kRejected, Status::SubCode::kDuplicateApplication));
  CHECK(duplicate.status().message().find(submitted.file_id) != std::string::npos);
  CHECK(r.Ok("", SubmitApplication{FormOf(7), {D("2026-03-02"), "email"}}, Clerk()).file_id == "F-2026-000003");
}

TEST_CASE("an erased personal record leaves the chain intact and the event readable", "[app][personal]") {
  Registry r;
  auto submitted = r.Ok("", SubmitApplication{ValidForm(), {D("2026-03-02"), "email"}}, Clerk());
  auto sealed = r.store().ScanExtra("personal_data", "", 10);
  REQUIRE(sealed.ok());
  REQUIRE(sealed->size() == 1);
  REQUIRE(r.store().WriteExtra({"personal_data"}, {}).ok());  // the data subject's erasure
  auto view = r.service().LoadFile(submitted.file_id);
  REQUIRE(view.ok());
  const auto& application = std::get<ApplicationSubmitted>(view->events[0].body);
  CHECK(application.form.personal.empty());
  CHECK(application.form.applicant.name == "杭州星河直播电子商务有限公司");
  CHECK(r.store().Verify()->ok);
}

TEST_CASE("a live salesperson's address is sealed like the rest of the personal data", "[app][personal]") {
  Registry r;
  ApplicationForm form = ValidForm();
  form.applicant.org_type = OrgType::kLiveSalesperson;
  form.applicant.name = "林晓雨";
  form.applicant.uscc = "";
  form.applicant.address = "";
  form.personal.address = "广东省广州市天河区体育西路某小区5栋1201";
  auto submitted = r.Ok("", SubmitApplication{form, {D("2026-03-02"), "email"}}, Clerk());
  auto events = r.store().ReadAll(0, 10);
  REQUIRE(events.ok());
  for (const auto& e : *events) CHECK(e.raw.find("某小区") == std::string::npos);
  auto view = r.service().LoadFile(submitted.file_id);
  REQUIRE(view.ok());
  CHECK(std::get<ApplicationSubmitted>(view->events[0].body).form.personal.address == form.personal.address);
}
