// The standard paths of the demo: the Annex A form, the scores, a cycle from
// application to certificate, and a surveillance or special audit.
#include <algorithm>

#include <utility>

#include "app/demo_data_internal.h"

namespace certreg::app::demo {
namespace {

using domain::AuditKind;
using domain::DecisionOutcome;
using domain::FindingGrade;

std::string ScopeOf(const Holder& h) {
  const char* role = "其他参与直播售货的组织";
  switch (h.org_type) {
    case domain::OrgType::kPlatformOperator:
      role = "直播营销平台";
      break;
    case domain::OrgType::kLiveServiceAgency:
      role = "直播营销服务机构";
      break;
    case domain::OrgType::kInPlatformMerchant:
      role = "平台内经营者";
      break;
    case domain::OrgType::kLiveSalesperson:
      role = "直播营销人员";
      break;
    case domain::OrgType::kOther:
      break;
  }
  return std::string("电子商务直播售货质量管理（") + role + "：" + h.service_scope + "）";
}

std::vector<std::string> TeamOf(int seed) {
  std::vector<std::string> members = {Member(seed).name};
  if (seed % 4 == 0) members.push_back(Member(seed + 1).name);  // larger holders get both
  return members;
}

const char* ChannelOf(int seed) {
  static constexpr const char* kChannels[] = {"email", "post", "in_person"};
  return kChannels[seed % 3];
}

domain::StatusAndPlan Sp(std::string status, std::string plan) { return {std::move(status), std::move(plan)}; }

// One decimal at most, as the scheme requires: halves only.
double Half(int n) { return n * 0.5; }

}  // namespace

domain::ApplicationForm FormOf(const Holder& h, const std::string& uscc, Date applied_on, int seed) {
  domain::ApplicationForm f;
  f.applicant.name = h.name;
  f.applicant.address = h.address;
  f.applicant.uscc = uscc;
  f.applicant.org_type = h.org_type;
  if (h.founded_years > 0) f.applicant.founded_on = applied_on.AddYears(-h.founded_years).AddDays(-(seed * 37 % 300));
  f.applicant.live_business_since = applied_on.AddYears(-h.live_years).AddDays(-(seed * 53 % 200));
  f.personal = {h.legal_representative, h.contact_name, h.phone, h.email, ""};
  if (h.org_type == domain::OrgType::kLiveSalesperson) {
    f.personal.address = std::exchange(f.applicant.address, "");  // a natural person's address is personal data
  }
  f.business = {h.scale,      h.service_scope, h.platforms,           h.live_modes,
                h.live_hours, h.salespersons,  h.annual_turnover_cny, h.annual_live_sessions};
  f.quality_management = {
      Sp("已按 GB/T 41247-2023 建立直播售货质量管理体系，形成手册、程序文件和记录", "每年开展内部审核和管理评审"),
      Sp("设直播运营、品控、客服部门，岗位职责书面明确", "明确直播质量负责人，季度考核"),
      Sp("主播及运营人员持证上岗，入职培训不少于16学时", "建立主播分级与年度复训制度"),
      Sp("选品经资质审核和样品检验，上架前双人复核", "扩大第三方抽检比例"),
      Sp("直播脚本和商品信息发布前审核，直播过程全程录屏留存", "上线直播信息留存检索系统"),
      Sp("七日无理由退货，投诉24小时内响应", "完善先行赔付机制")};
  f.service_capability = {Sp("商品信息与实物一致率98%以上", "保持并逐月抽查"),
                          Sp("咨询平均响应时间30秒以内", "高峰时段增配客服"),
                          Sp("复购率与好评率稳定", "开展直播效果复盘"),
                          Sp("季度满意度调查", "满意度目标92%"),
                          Sp("投诉处理率100%", "保持"),
                          Sp("问题解决率95%以上", "提升至98%")};
  f.performance_indicators = {
      {"service_quality", "信息真实性", "≥98%", std::to_string(98 + seed % 2) + "." + std::to_string(seed % 10) + "%"},
      {"service_efficiency", "咨询响应时间", "≤30秒", std::to_string(12 + seed % 15) + "秒"},
      {"service_effect", "消费者满意度", "≥90%", std::to_string(90 + seed % 8) + "%"},
      {"consumer_protection", "投诉处理率", "100%", "100%"}};
  f.declarations = {true, true, true, true};
  f.applied_on = applied_on;
  f.eligibility = {true, true, true, true, true};
  f.materials = {"application_form",    "business_license",   "qms_documents", "service_data",
                 "satisfaction_report", "system_description", "other"};
  if (h.org_type == domain::OrgType::kLiveSalesperson) f.materials[1] = "identity_and_mcn_agreement";
  f.scope = ScopeOf(h);
  return f;
}

domain::ScoresInput FullScores(const domain::Scheme& scheme, int seed, bool passing) {
  domain::ScoresInput s;
  int i = 0;
  for (const domain::IndicatorDef& indicator : scheme.indicators) {
    const double bump = 2.0 + Half((seed * 7 + i++ * 3) % 9);  // 2 .. 6 above the threshold
    s.management[indicator.id] = std::min(100.0, indicator.threshold + bump);
  }
  if (!passing) {
    s.management["9.3.1"] = 72;  // 商品选择, threshold 90
    s.management["9.3.4"] = 80;  // 商品追溯, threshold 85
    s.management["9.4.3"] = 88;  // 信息安全, threshold 95
  }
  if (seed % 2 == 0) {
    s.service = {{"quality", 84 + seed % 9}, {"efficiency", 80 + seed * 3 % 11}, {"effect", 78 + seed * 5 % 13}};
  } else {  // from the Annex D sheets
    s.sheets = {{"D.1.1", {10 - Half(seed % 3), 8.0 - seed % 2, 6.5, 4.5}},
                {"D.1.2", {7.5, 6.5 - Half(seed % 2), 6, 7}},
                {"D.2.1", {9, 7 - Half(seed % 3), 6, 4.5}},
                {"D.3.1", {18.0 - seed % 4, 4.5, 2.5, 2}}};
  }
  s.enhancement = {{"technical_innovation", 60 + seed % 25},
                   {"customer_satisfaction", 85 + seed % 10},
                   {"social_responsibility", 70 + seed % 20}};
  if (seed % 3 == 0) {
    s.enhancement["management_innovation"] = 65 + seed % 15;
    s.enhancement["continuous_improvement"] = 75 + seed % 12;
    s.enhancement["industry_influence"] = 55 + seed % 30;
    s.enhancement["employee_satisfaction"] = 80 + seed % 10;
    s.enhancement["environmental_contribution"] = 60 + seed % 20;
  }
  return s;
}

int DayOf(Step step) {
  switch (step) {
    case Step::kApplied:
      return 0;
    case Step::kAccepted:
      return 3;
    case Step::kPlanned:
      return 8;  // on site from day 15, five to seven days
    case Step::kFindings:
      return 18;  // and the day after, for a second finding
    case Step::kScored:
      return 22;
    case Step::kReported:
      return 24;
    case Step::kApproved:
      return 28;
    case Step::kReviewed:
      return 31;
    case Step::kDecided:
      return 34;
    case Step::kNotified:
      return 36;  // conditions fulfilled on days 37-38
    case Step::kIssued:
      return 40;
  }
  return 0;
}

Status RunCycle(DemoFile& f, Date applied, Step until, const CycleOptions& o) {
  const Holder& h = f.holder();
  const int seed = f.seed();
  const auto at = [&](Step s) { return applied.AddDays(DayOf(s)); };
  const auto reached = [&](Step s) { return s <= until; };
  if (o.outcome == DecisionOutcome::kReject && until == Step::kIssued) {
    return Status::InvalidArgument("demo data set: a rejected cycle ends with its notice");
  }
  auto uscc = UsccOf(h);
  if (!uscc.ok()) return uscc.status();
  const domain::ApplicationForm form = FormOf(h, *uscc, applied.AddDays(-1), seed);
  const domain::HolderAct act{applied, ChannelOf(seed)};
  if (o.recertification) {
    CERTREG_RETURN_IF_ERROR(f.Do(applied, domain::ApplyForRecertification{form, act}, Clerk()));
  } else {
    CERTREG_RETURN_IF_ERROR(f.Do(applied, domain::SubmitApplication{form, act}, Clerk()));
  }
  if (!reached(Step::kAccepted)) return Status::Ok();
  if (o.materials_request) {
    CERTREG_RETURN_IF_ERROR(f.Do(applied.AddDays(1),
                                 domain::RequestMaterials{{"satisfaction_report：近12个月客户满意度调查报告未附"}},
                                 Clerk()));
    CERTREG_RETURN_IF_ERROR(f.Do(applied.AddDays(2),
                                 domain::SupplementMaterials{{"satisfaction_report"}, {applied.AddDays(2), "email"}},
                                 Clerk()));
  }
  CERTREG_RETURN_IF_ERROR(f.Do(at(Step::kAccepted), domain::DecideAcceptance{true, ""}, Clerk()));
  if (!reached(Step::kPlanned)) return Status::Ok();

  domain::PlanAudit plan;
  plan.kind = o.recertification ? AuditKind::kRecertification : AuditKind::kInitial;
  plan.leader = Leader().name;
  plan.members = TeamOf(seed);
  plan.start_date = applied.AddDays(15);
  plan.onsite_days = 5 + seed % 3;
  plan.sites = {h.address};
  plan.scope = form.scope;
  plan.content = "服务特性要求测评（服务质量、效率、效果，附录D评分表）与服务管理要求审核（第9章20项指标）";
  plan.methods = "文件审查、直播过程现场观察、人员访谈、直播记录与售后数据抽样";
  CERTREG_RETURN_IF_ERROR(f.Do(at(Step::kPlanned), plan, Leader()));
  auto audit = f.Latest(DemoFile::IdOf::kAudit);
  if (!audit.ok()) return audit.status();
  if (!reached(Step::kFindings)) return Status::Ok();

  CERTREG_RETURN_IF_ERROR(
      f.Do(at(Step::kFindings),
           domain::RecordFinding{*audit, "9.4.4", FindingGrade::kObservation, "部分场次直播回放留存期限未在制度中写明",
                                 "抽查直播记录30场，留存完整", std::nullopt},
           Member(seed)));
  if (o.outcome == DecisionOutcome::kConditional) {
    CERTREG_RETURN_IF_ERROR(f.Do(
        at(Step::kFindings).AddDays(1),
        domain::RecordFinding{*audit, "5.2.1-1", FindingGrade::kMinor, "质量管理体系内部审核未覆盖直播信息审核过程",
                              "内审报告未含直播信息审核过程的审核记录", std::nullopt},
        Leader()));
  } else if (o.outcome == DecisionOutcome::kReject) {
    CERTREG_RETURN_IF_ERROR(f.Do(at(Step::kFindings).AddDays(1),
                                 domain::RecordFinding{*audit, "9.3.1", FindingGrade::kMajor,
                                                       "未建立选品资质审核制度，抽查发现多款商品无质检报告",
                                                       "抽查在售商品20款，7款无合格证明", std::nullopt},
                                 Leader()));
  }
  if (!reached(Step::kScored)) return Status::Ok();
  CERTREG_RETURN_IF_ERROR(f.Do(
      at(Step::kScored),
      domain::RecordScores{*audit, FullScores(f.scheme(), seed, o.outcome != DecisionOutcome::kReject)}, Leader()));
  if (!reached(Step::kReported)) return Status::Ok();
  const char* conclusion = o.outcome == DecisionOutcome::kApprove ? "符合认证要求，建议批准认证"
                           : o.outcome == DecisionOutcome::kConditional
                               ? "存在轻微不符合项，建议整改验证后批准认证"
                               : "存在严重不符合项，不符合认证要求，建议不予认证";
  CERTREG_RETURN_IF_ERROR(
      f.Do(at(Step::kReported), domain::SubmitReport{*audit, conclusion, o.outcome, at(Step::kReported)}, Leader()));
  if (!reached(Step::kApproved)) return Status::Ok();
  CERTREG_RETURN_IF_ERROR(f.Do(at(Step::kApproved), domain::ApproveReport{*audit}, Committee(seed)));
  if (!reached(Step::kReviewed)) return Status::Ok();
  CERTREG_RETURN_IF_ERROR(f.Do(at(Step::kReviewed),
                               domain::ReviewFile{true, true, true, "审核过程符合认证规则，发现准确完整，结论合理"},
                               Committee(seed + 1)));
  if (!reached(Step::kDecided)) return Status::Ok();
  domain::DecideCertification decision{o.outcome, "", std::nullopt};
  if (o.outcome == DecisionOutcome::kConditional) decision.conditions_deadline = at(Step::kDecided).AddDays(60);
  if (o.outcome == DecisionOutcome::kReject) {
    decision.reason = "商品选择（9.3.1）存在严重不符合项，信息安全（9.4.3）未达95分";
  }
  CERTREG_RETURN_IF_ERROR(f.Do(at(Step::kDecided), decision, Committee(seed + 1)));
  if (!reached(Step::kNotified)) return Status::Ok();
  CERTREG_RETURN_IF_ERROR(
      f.Do(at(Step::kNotified), domain::NotifyDecision{at(Step::kNotified), ChannelOf(seed + 1)}, Clerk()));
  if (!reached(Step::kIssued)) return Status::Ok();

  if (o.outcome == DecisionOutcome::kConditional) {
    auto minor = f.Latest(DemoFile::IdOf::kFinding);
    if (!minor.ok()) return minor.status();
    CERTREG_RETURN_IF_ERROR(f.Do(
        at(Step::kNotified).AddDays(1),
        domain::CloseFinding{*minor, "修订内审方案，补做直播信息审核过程内审", "审核组长书面验证补充内审记录，有效"},
        Leader()));
    CERTREG_RETURN_IF_ERROR(f.Do(at(Step::kNotified).AddDays(2), domain::FulfilConditions{}, Committee(seed + 1)));
  }
  return f.Do(at(Step::kIssued), domain::IssueCertificate{}, Clerk());
}

Status Certify(DemoFile& f, Date issued, const CycleOptions& options) {
  return RunCycle(f, issued.AddDays(-DayOf(Step::kIssued)), Step::kIssued, options);
}

Status Surveil(DemoFile& f, Date planned, const AuditSpec& spec) {
  const int seed = f.seed();
  const bool special = spec.kind == AuditKind::kSpecial;
  domain::PlanAudit plan;
  plan.kind = spec.kind;
  plan.leader = Leader().name;
  plan.members = {Member(seed + 1).name};
  plan.start_date = planned.AddDays(7);
  plan.onsite_days = 2 + seed % 2;
  plan.sites = {f.holder().address};
  plan.scope = ScopeOf(f.holder());
  plan.content =
      special ? "专项监督审核：核查 " + spec.trigger_ref + " 所涉事项及相关过程"
              : "年度监督审核：重点测评信息安全（9.4.3）、投诉处理（9.5.2）、商品选择（9.3.1），验证上次发现的整改";
  plan.methods = "文件审查、直播过程观察、人员访谈、抽样";
  plan.trigger = spec.trigger;
  plan.trigger_ref = spec.trigger_ref;
  CERTREG_RETURN_IF_ERROR(f.Do(planned, plan, Leader()));
  auto audit = f.Latest(DemoFile::IdOf::kAudit);
  if (!audit.ok()) return audit.status();

  if (spec.finding) {
    const FindingSpec& s = *spec.finding;
    const Date on = planned.AddDays(8);
    std::optional<Date> deadline;
    if (s.grade != FindingGrade::kObservation) deadline = on.AddDays(s.correction_days);
    CERTREG_RETURN_IF_ERROR(
        f.Do(on, domain::RecordFinding{*audit, s.indicator, s.grade, s.description, s.evidence, deadline}, Leader()));
  }
  domain::ScoresInput scores;
  scores.management = spec.scores;
  if (scores.management.empty()) {
    scores.management = {
        {"9.3.1", 92 + Half(seed % 9)}, {"9.4.3", 96 + Half(seed % 7)}, {"9.5.2", 91 + Half(seed % 11)}};
    scores.service = {{"quality", 85 + seed % 9}};
  }
  CERTREG_RETURN_IF_ERROR(f.Do(planned.AddDays(9), domain::RecordScores{*audit, scores}, Leader()));
  return f.Do(planned.AddDays(11), domain::CompleteSurveillanceAudit{*audit, spec.conclusion}, Leader());
}

}  // namespace certreg::app::demo
