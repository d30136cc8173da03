// One fully populated sample of every domain event, for codec tests.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "certreg/codec/domain_codec.h"
#include "certreg/domain/events.h"

namespace certreg::testing {

using namespace certreg::domain;


inline Date D(const char* text) { return *Date::Parse(text); }

inline SchemeRef Scheme() { return {"CMM-525-0010", "V1.0", std::string(64, 'a')}; }

inline HolderAct Act() { return {D("2026-03-02"), "post"}; }

inline PersonalData ApplicantPersonal() { return {"张伟", "李娜", "+86 138 0013 8000", "li.na@example.cn", "北京市朝阳区望京街9号"}; }

inline PersonalData Complainant() { return {"", "王芳", "13912345678", "wang.fang@example.com", ""}; }

inline ApplicationForm Form() {
  ApplicationForm f;
  f.applicant = {.name = "北京希莫认证服务有限公司",
                 .address = "北京市朝阳区望京街 10 号",
                 .uscc = "91110105MA01ABCD2X",
                 .org_type = OrgType::kInPlatformMerchant,
                 .founded_on = D("2015-06-01"),
                 .live_business_since = D("2020-01-15")};
  f.personal = ApplicantPersonal();
  f.business = {.scale = "中型",
                .service_scope = "服装、日用品",
                .platforms = {"抖音", "快手"},
                .live_modes = {"店播", "达人播"},
                .live_hours = "每日 19:00-23:00",
                .salespersons = 12,
                .annual_turnover_cny = 35'000'000,
                .annual_live_sessions = 680};
  f.quality_management = {{"已建立", "年内修订"}, {"设质量部", "增设专岗"}, {"持证上岗", "季度培训"},
                          {"选品审核", "引入抽检"}, {"信息复核", "双人审核"}, {"七天无理由", "先行赔付"}};
  f.service_capability = {{"q-status", "q-plan"}, {"e-status", "e-plan"}, {"f-status", "f-plan"},
                          {"s-status", "s-plan"}, {"c-status", "c-plan"}, {"p-status", "p-plan"}};
  f.performance_indicators = {{"质量", "退货率", "≤3%", "2.4%"}, {"效率", "响应时长", "≤30s", "18s"}};
  f.declarations = {true, true, true, true};
  f.applied_on = D("2026-02-27");
  f.eligibility = {true, true, true, true, true};
  f.materials = {"营业执照副本", "质量手册"};
  f.scope = "电子商务直播售货服务";
  return f;
}

inline EvaluationResults Evaluation() {
  return {.quality = 91.5,
          .efficiency = 88.25,
          .effect = 86,
          .service_characteristic = 53.525,
          .organisation = 90.5,
          .personnel = 84.75,
          .goods = 89.5,
          .live_information = 92.25,
          .consumer_protection = 87.5,
          .service_management = 35.462,
          .qms = QmsResult::kConformsWithMinor,
          .enhancement = 12.4,
          .comprehensive = 101.387};
}

// One fully populated sample of every event type: each field differs from
// its default. A new alternative of EventBody without a sample here fails
// "the samples cover every event type".
inline std::vector<EventBody> Samples() {
  return {
      ApplicationSubmitted{"F-2026-000007", Form(), Act(), D("2026-03-09"), Scheme()},
      MaterialsRequested{{"组织机构图", "质量手册"}},
      MaterialsSupplemented{{"组织机构图"}, {D("2026-03-05"), "email"}, D("2026-03-12")},
      ApplicationAccepted{true},
      ApplicationDeclined{"材料不全", true},
      ApplicationWithdrawn{"业务调整", Act(), true},
      AuditTeamAssigned{"A-1", AuditKind::kSpecial, "zhao.lei", {"qian.yu", "sun.li"}},
      AuditPlanned{.audit_id = "A-1",
                   .kind = AuditKind::kSpecial,
                   .start_date = D("2026-04-01"),
                   .onsite_days = 3,
                   .sites = {"北京", "杭州"},
                   .scope = "直播售货",
                   .content = "投诉处理",
                   .methods = "现场审核",
                   .trigger = SpecialTrigger::kComplaint,
                   .trigger_ref = "C-9",
                   .scheme = Scheme()},
      FindingRecorded{"A-1", "N-1", "9.5.2", FindingGrade::kMinor, "投诉记录不全", "抽查 20 单缺 3 单",
                      D("2026-05-01")},
      FindingClosed{"A-1", "N-1", "补录并培训", "复核通过"},
      ScoresRecorded{.audit_id = "A-1",
                     .management = {{"9.1.1", 92.5}, {"9.5.2", 88}},
                     .service = {{"quality", 91.5}},
                     .sheets = {{"D.2.1", {9, 7.5, 6, 4}}, {"D.3.1", {18, 4, 3, 2}}},
                     .enhancement = {{"technical_innovation", 80}},
                     .areas = {{"organisation", 90.5}, {"quality", 91.5}},
                     .service_characteristic = 53.525,
                     .service_management = 35.462,
                     .enhancement_score = 2.4,
                     .comprehensive = 91.387,
                     .complete = true,
                     .all_thresholds_met = true,
                     .scheme = Scheme()},
      AuditReportSubmitted{"A-1", "基本符合", DecisionOutcome::kConditional, D("2026-04-10")},
      AuditReportApproved{"A-1"},
      SurveillanceAuditCompleted{"A-2", AuditKind::kSpecial, D("2027-04-01"), SurveillanceConclusion::kSuspend,
                                 "zhao.lei", D("2028-04-20")},
      CommitteeReviewed{"A-1", true, true, true, "同意"},
      CertificationDecided{"A-1",        DecisionOutcome::kConditional, "有轻微不符合项", {"N-1", "N-2"},
                           D("2026-06-30"), D("2026-04-22"),              Scheme()},
      DecisionNotified{D("2026-04-20"), "email", true},
      ConditionsFulfilled{},
      ConditionalApprovalLapsed{D("2026-06-30"), D("2026-07-08")},
      CertificateIssued{.certificate_no = "CMM-525-2026-00001",
                        .holder_name = "北京希莫认证服务有限公司",
                        .address = "北京市朝阳区望京街 10 号",
                        .address_kind = AddressKind::kOperating,
                        .uscc = "91110105MA01ABCD2X",
                        .scope = "电子商务直播售货服务",
                        .basis = "GB/T 41247-2023; CMM-525-0010-GBT 41247-2023 (V1.0)",
                        .valid_from = D("2026-04-20"),
                        .valid_until = D("2029-04-19"),
                        .issue_date = D("2026-04-20"),
                        .first_issued_on = D("2026-04-21"),
                        .certification_body = "某认证机构",
                        .category = "服务认证",
                        .field = "电子商务",
                        .mode = "审核+测评",
                        .evaluation = Evaluation(),
                        .next_surveillance_due = D("2027-04-20"),
                        .audit_id = "A-1",
                        .scheme = Scheme()},
      CertificateChanged{{{"holder_name", "旧名", "新名"}, {"scope", "旧范围", "新范围"}}, "更名", "wang.fang", Act()},
      CertificateReissued{ReissueCause::kDamaged, "wang.fang", Act()},
      MajorChangeReported{"R-1", "法人变更", Act()},
      ComplaintReceived{"C-9", "虚假宣传", {D("2026-07-01"), "phone"}, Complainant()},
      SurveillanceRefused{"拒绝监督审核"},
      CertificationMaintained{"A-3", "整改已落实，维持认证"},
      SpecialAuditWaived{{"R-1", "C-9"}, "投诉经核实不成立"},
      CertificateSuspended{"8.2.1-1", "未整改", "完成整改", D("2026-09-30"), "chen.jie", "A-3"},
      RectificationSubmitted{"已整改", "整改报告", Act()},
      RectificationVerified{true, "chen.jie"},
      CertificateReinstated{"chen.jie"},
      RevocationProceedingOpened{"8.2.2-5", "逾期未整改", "A2"},
      RevocationNoticeIssued{"8.2.2-5", "逾期未整改", D("2026-11-15")},
      AppealFiled{"已按期提交", Act()},
      AppealDecided{AppealOutcome::kUpheld, "申诉成立", D("2026-12-31")},
      RevocationProceedingClosed{"无撤销理由"},
      CertificateRevoked{"8.2.2-3", "严重违法", "chen.jie"},
      CancellationRequested{"停止经营", Act()},
      CertificateCancelled{"8.2.3-2", "持证方申请", "chen.jie", D("2027-01-10"), "A-3"},
      CancellationAnnounced{},
      RecertificationApplied{Form(), {D("2029-02-01"), "portal"}, D("2029-02-08"), Scheme()},
      CertificateRenewed{.certificate_no = "CMM-525-2026-00001",
                         .previous_valid_until = D("2029-04-19"),
                         .valid_from = D("2029-04-20"),
                         .valid_until = D("2032-04-19"),
                         .issue_date = D("2029-04-10"),
                         .evaluation = Evaluation(),
                         .next_surveillance_due = D("2030-04-10"),
                         .audit_id = "A-9",
                         .scheme = Scheme(),
                         .holder_name = "北京希莫认证服务股份有限公司",
                         .address = "北京市朝阳区望京街 12 号",
                         .address_kind = AddressKind::kOperating,
                         .scope = "电子商务直播售货服务（直播营销）",
                         .changes = {{"holder_name", "北京希莫认证服务有限公司", "北京希莫认证服务股份有限公司"},
                                     {"scope", "电子商务直播售货服务", "电子商务直播售货服务（直播营销）"}}},
  };
}

// The body with its personal data cleared, as after erasure.
inline EventBody Erased(EventBody body) {
  if (auto* e = std::get_if<ApplicationSubmitted>(&body)) e->form.personal = {};
  if (auto* e = std::get_if<RecertificationApplied>(&body)) e->form.personal = {};
  if (auto* e = std::get_if<ComplaintReceived>(&body)) e->complainant = {};
  return body;
}

// The personal_data column family, in memory.
struct PersonalRows {
  std::map<std::string, std::string> rows;

  void Add(const codec::EncodedPayload& encoded) {
    for (const auto& record : encoded.personal) rows[record.id] = record.record;
  }
  codec::PersonalLookup Lookup() const {
    return [this](const std::string& id) -> std::optional<std::string> {
      auto it = rows.find(id);
      if (it == rows.end()) return std::nullopt;
      return it->second;
    };
  }
};

}  // namespace certreg::testing
