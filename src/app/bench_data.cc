// LoadBenchData: generated files told through the service with the demo's
// paths (RunCycle, Certify, Surveil), from many threads.
//
// A certificate's life, counted from its issue I: an incident in one of its
// three years (days 60..265 of that year), the annual surveillance audits
// (planned on about day 335 of years one and two), then at expiry either a
// recertification (applied 60..79 days before valid_until; the life starts
// again) or a cancellation. These windows never overlap, so a file's dates
// always increase; whatever would fall after today is left out, and the file
// stays where that leaves it (in audit, suspended, recertifying, ...).
#include "certreg/app/bench_data.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "app/bench_data_internal.h"

namespace certreg::app {
namespace bench {
namespace {

using demo::Approver;
using demo::Cancel;
using demo::Clerk;
using demo::Committee;
using demo::CycleOptions;
using demo::DayOf;
using demo::DemoFile;
using demo::Leader;
using demo::Step;
using domain::Date;
using domain::DecisionOutcome;
using domain::FindingGrade;

constexpr int kOldestApplication = 2200;  // days before today

// The last step of a cycle applied on `applied` that fits before today (the
// conditional path needs a day after the findings, and two before the issue).
Step LastStepBy(const DemoFile& f, Date applied, const CycleOptions& options) {
  Step last = Step::kApplied;
  for (Step s : {Step::kAccepted, Step::kPlanned, Step::kFindings, Step::kScored, Step::kReported, Step::kApproved,
                 Step::kReviewed, Step::kDecided, Step::kNotified, Step::kIssued}) {
    if (applied.AddDays(DayOf(s) + 1) > f.today()) break;
    if (s == Step::kIssued && options.outcome == DecisionOutcome::kReject) break;
    last = s;
  }
  return last;
}

CycleOptions DrawCycle(Draw& d, bool recertification) {
  CycleOptions o;
  o.recertification = recertification;
  o.outcome = d.Percent(15) ? DecisionOutcome::kConditional : DecisionOutcome::kApprove;
  o.materials_request = !recertification && d.Percent(12);
  return o;
}

enum class Incident { kNone, kRename, kAddress, kReissue, kReinstated, kSuspensionRevoked, kRefusalRevoked,
                      kComplaintAudit, kCancelledOnRequest };

Incident DrawIncident(Draw& d, bool person) {
  const int r = d.Below(100);
  if (r < 5) return person ? Incident::kReissue : Incident::kRename;
  if (r < 8) return person ? Incident::kReissue : Incident::kAddress;
  if (r < 11) return Incident::kReissue;
  if (r < 17) return Incident::kReinstated;
  if (r < 19) return Incident::kSuspensionRevoked;
  if (r < 21) return Incident::kRefusalRevoked;
  if (r < 25) return Incident::kComplaintAudit;
  if (r < 28) return Incident::kCancelledOnRequest;
  return Incident::kNone;
}

// Days from an incident's first command to its last.
int SpanOf(Incident incident) {
  switch (incident) {
    case Incident::kReinstated:
      return 32;
    case Incident::kSuspensionRevoked:
      return 55;
    case Incident::kRefusalRevoked:
      return 35;
    case Incident::kComplaintAudit:
      return 16;
    case Incident::kCancelledOnRequest:
      return 8;
    default:
      return 0;
  }
}

Status Suspend(DemoFile& f, Date on, Date deadline) {
  static constexpr const char* kGrounds[][3] = {
      {"8.2.1-1", "监督审核发现的轻微不符合项未在规定期限内完成整改", "完成整改并提交验证材料"},
      {"8.2.1-2", "直播基地迁址未按规定及时报告认证机构", "书面报告重大变更，提交变更后的直播管理制度"},
      {"8.2.1-3", "直播间商品信息标注与实物不符，受到行政处罚（一般违法行为）", "整改商品信息审核流程并提交整改报告"}};
  const auto& g = kGrounds[f.seed() % 3];
  return f.Do(on, domain::SuspendCertificate{g[0], g[1], g[2], deadline, Approver(f.seed())}, Committee(f.seed()));
}

// Records `incident` of the certificate's `life` (0 before the first
// renewal) from `on`. Sets *ended when the certificate ended.
Status Tell(Incident incident, DemoFile& f, std::size_t k, int life, Date on, bool* ended) {
  const bool fits = on.AddDays(SpanOf(incident)) <= f.today();
  switch (incident) {
    case Incident::kNone:
      return Status::Ok();
    case Incident::kRename: {
      domain::ChangeCertificate change;
      change.holder_name = RenamedHolder(k, life);
      change.reason = "企业名称变更，已取得换发的营业执照";
      change.approver = Approver(f.seed());
      change.act = {on, "post"};
      return f.Do(on, change, Clerk());
    }
    case Incident::kAddress: {
      domain::ChangeCertificate change;
      change.address = f.holder().address + (life % 2 == 0 ? "A座" : "B座");
      change.address_kind = domain::AddressKind::kOperating;
      change.reason = "经营场所迁址，证书地址改为实际经营地址";
      change.approver = Approver(f.seed());
      change.act = {on, "email"};
      return f.Do(on, change, Clerk());
    }
    case Incident::kReissue:
      return f.Do(on,
                  domain::ReissueCertificate{f.seed() % 2 ? domain::ReissueCause::kLost : domain::ReissueCause::kDamaged,
                                             Approver(f.seed()), {on, "in_person"}},
                  Clerk());
    case Incident::kReinstated:
      if (!fits) return Suspend(f, on, on.AddDays(60));  // still suspended today
      CERTREG_RETURN_IF_ERROR(Suspend(f, on, on.AddDays(60)));
      CERTREG_RETURN_IF_ERROR(f.Do(on.AddDays(20),
                                   domain::SubmitRectification{"完成整改，修订相关制度并培训", "整改报告、培训记录",
                                                               {on.AddDays(20), "email"}},
                                   Clerk()));
      CERTREG_RETURN_IF_ERROR(
          f.Do(on.AddDays(30), domain::VerifyRectification{true, Approver(f.seed())}, Committee(f.seed())));
      return f.Do(on.AddDays(32), domain::ReinstateCertificate{Approver(f.seed())}, Committee(f.seed()));
    case Incident::kSuspensionRevoked:
      if (!fits) return Suspend(f, on, on.AddDays(30));
      CERTREG_RETURN_IF_ERROR(Suspend(f, on, on.AddDays(30)));
      *ended = true;
      return demo::RevokeUnappealed(f, on.AddDays(35), "8.2.2-5", "暂停期限届满仍未提交整改", on.AddDays(37),
                                    on.AddDays(52), on.AddDays(55));
    case Incident::kRefusalRevoked:
      if (!fits) return Status::Ok();
      CERTREG_RETURN_IF_ERROR(
          f.Do(on, domain::RecordSurveillanceRefusal{"认证对象书面回复拒绝接受年度监督审核"}, Clerk()));
      *ended = true;
      return demo::RevokeUnappealed(f, on.AddDays(10), "8.2.2-4", "认证对象拒绝接受年度监督审核", on.AddDays(15),
                                    on.AddDays(30), on.AddDays(35));
    case Incident::kComplaintAudit: {
      if (!fits) return Status::Ok();
      CERTREG_RETURN_IF_ERROR(f.Do(on,
                                   domain::ReceiveComplaint{"消费者投诉直播间商品宣传与实物不符",
                                                            {on, "phone"},
                                                            {"", "投诉人" + std::to_string(k), "13900000000", "", ""}},
                                   Clerk()));
      auto complaint = f.Latest(DemoFile::IdOf::kComplaint);
      if (!complaint.ok()) return complaint.status();
      return demo::Surveil(f, on.AddDays(5),
                           {.kind = domain::AuditKind::kSpecial,
                            .trigger = domain::SpecialTrigger::kComplaint,
                            .trigger_ref = *complaint});
    }
    case Incident::kCancelledOnRequest:
      if (!fits) return Status::Ok();
      CERTREG_RETURN_IF_ERROR(
          f.Do(on, domain::RequestCancellation{"调整经营方向，停止直播售货业务", {on, "post"}}, Clerk()));
      *ended = true;
      return Cancel(f, on.AddDays(5), "8.2.3-2", "认证对象主动申请注销");
  }
  return Status::Ok();
}

// An annual surveillance audit planned on `planned`: one in five with an
// observation, one in ten with a minor finding closed nine days after the audit.
Status Surveillance(DemoFile& f, Draw& d, Date planned) {
  demo::AuditSpec spec;
  const int r = d.Below(100);
  if (r < 20) {
    spec.finding = demo::FindingSpec{"9.2.2", FindingGrade::kObservation, "新入职主播培训记录归档不及时",
                                     "培训档案抽查", 0};
  } else if (r < 30) {
    spec.finding = demo::FindingSpec{"9.5.2", FindingGrade::kMinor, "抽查投诉记录，部分超过48小时未处理完毕",
                                     "客服工单系统导出记录", 30};
  }
  CERTREG_RETURN_IF_ERROR(demo::Surveil(f, planned, spec));
  if (r < 20 || r >= 30) return Status::Ok();
  auto minor = f.Latest(DemoFile::IdOf::kFinding);
  if (!minor.ok()) return minor.status();
  if (planned.AddDays(20) > f.today()) return Status::Ok();  // still open today
  return f.Do(planned.AddDays(20),
              domain::CloseFinding{*minor, "修订投诉处理制度并增配客服", "审核组长书面验证整改记录，有效"}, demo::Leader());
}

// The certificate's lives from its issue on `issued`.
Status Live(DemoFile& f, Draw& d, std::size_t k, Date issued) {
  const bool person = f.holder().org_type == domain::OrgType::kLiveSalesperson;
  int life = 0;
  for (Date start = issued;; ++life) {
    const Incident incident = DrawIncident(d, person);
    const int incident_year = d.Below(3);
    for (int year = 0; year < 3; ++year) {
      if (incident != Incident::kNone && year == incident_year) {
        const Date on = start.AddDays(365 * year + 60 + d.Below(150));
        if (on > f.today()) return Status::Ok();
        bool ended = false;
        CERTREG_RETURN_IF_ERROR(Tell(incident, f, k, life, on, &ended));
        if (ended || on.AddDays(SpanOf(incident)) > f.today()) return Status::Ok();
      }
      if (year == 2) break;
      const Date planned = start.AddDays(365 * (year + 1) - 30 - d.Below(10));
      if (planned.AddDays(11) > f.today()) return Status::Ok();
      CERTREG_RETURN_IF_ERROR(Surveillance(f, d, planned));
    }
    auto valid_until = f.ValidUntil();
    if (!valid_until.ok()) return valid_until.status();
    if (d.Percent(30)) {  // not renewed: cancelled once expired (entered after the fact, as in the demo)
      const Date on = valid_until->AddDays(5);
      if (on.AddDays(3) > f.today()) return Status::Ok();
      return Cancel(f, on, "8.2.3-1", "证书有效期届满，未申请再认证");
    }
    const Date applied = valid_until->AddDays(-60 - d.Below(20));
    if (applied > f.today()) return Status::Ok();
    const CycleOptions options = DrawCycle(d, true);
    const Step last = LastStepBy(f, applied, options);
    CERTREG_RETURN_IF_ERROR(demo::RunCycle(f, applied, last, options));
    if (last != Step::kIssued) return Status::Ok();
    start = applied.AddDays(DayOf(Step::kIssued));
  }
}

Status TellFile(DemoFile& f, std::size_t k) {
  Draw d(k);
  const Date applied = f.Ago(1 + d.Below(kOldestApplication));
  CycleOptions options = DrawCycle(d, false);
  const int r = d.Below(100);
  if (r < 4) options.outcome = DecisionOutcome::kReject;
  const Step last = LastStepBy(f, applied, options);
  if (last != Step::kIssued || r < 4) return demo::RunCycle(f, applied, last, options);  // in progress, or rejected
  if (r < 7) {  // declined
    CERTREG_RETURN_IF_ERROR(demo::RunCycle(f, applied, Step::kApplied, options));
    return f.Do(applied.AddDays(3),
                domain::DecideAcceptance{false, "申请范围不属于本认证规则适用的电子商务直播售货活动（§1.1）"}, Clerk());
  }
  if (r < 10) {  // withdrawn during the audit planning
    CERTREG_RETURN_IF_ERROR(demo::RunCycle(f, applied, Step::kPlanned, options));
    return f.Do(applied.AddDays(12), domain::WithdrawApplication{"业务调整，暂缓认证，申请撤回", {applied.AddDays(12), "post"}},
                Clerk());
  }
  CERTREG_RETURN_IF_ERROR(demo::RunCycle(f, applied, Step::kIssued, options));
  return Live(f, d, k, applied.AddDays(DayOf(Step::kIssued)));
}

}  // namespace
}  // namespace bench

Result<BenchDataReport> LoadBenchData(CertificationService& service, const BenchDataOptions& options) {
  const store::LogHead head = service.Head();
  if (head.size != 0) {
    return Status::Rejected("the store already holds " + std::to_string(head.size) +
                            " events; the benchmark data set loads only into an empty data directory");
  }
  const domain::Date today = service.Today();
  // Never more than ten times the files asked for, whatever min_events says.
  const std::size_t max_files = std::max<std::size_t>(options.files, 1) * 10;
  std::atomic<std::size_t> next{0}, files{0};
  std::atomic<std::uint64_t> events{0}, commands{0};
  std::atomic<bool> failed{false};
  std::mutex error_mu;
  Status error;

  auto work = [&] {
    for (;;) {
      const std::size_t k = next.fetch_add(1);
      if (failed.load() || k >= max_files || (k >= options.files && events.load() >= options.min_events)) return;
      const demo::Holder holder = bench::BenchHolder(k);
      demo::DemoFile file(service, holder, static_cast<int>(k % 1'000'000) + 1, today);
      Status told = bench::TellFile(file, k);
      events += file.events();
      commands += file.commands();
      if (!told.ok()) {
        std::lock_guard<std::mutex> lock(error_mu);
        if (!failed.exchange(true)) error = told;
        return;
      }
      const std::size_t done = ++files;
      if (options.progress && done % 1000 == 0) options.progress(done, events.load());
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, options.threads); ++t) pool.emplace_back(work);
  for (auto& thread : pool) thread.join();
  if (failed.load()) return error;
  BenchDataReport report;
  report.files = files.load();
  report.events = events.load();
  report.commands = commands.load();
  return report;
}

}  // namespace certreg::app
