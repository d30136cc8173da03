// The stories of the demo files: how far each got, and what happened to its
// certificate. Every date counts back from today ("issued 410 days ago").
#include <algorithm>

#include "app/demo_data_internal.h"

namespace certreg::app::demo {
namespace {

using domain::AppealOutcome;
using domain::AuditKind;
using domain::DecisionOutcome;
using domain::FindingGrade;

// Runs the cycle so that its step `last` falls on `on`.
Status CycleEndingOn(DemoFile& f, Step last, Date on, const CycleOptions& options = {}) {
  return RunCycle(f, on.AddDays(-DayOf(last)), last, options);
}

// A recertification applied on the later of `wanted` and the window's
// opening (valid_until − 3 months, §6.4.3) and run through `until`; the data
// set is wrong when that does not fit before today.
Status Recertify(DemoFile& f, Date wanted, Step until) {
  auto valid_until = f.ValidUntil();
  if (!valid_until.ok()) return valid_until.status();
  const Date opens = valid_until->AddMonths(-f.scheme().recertification_window_months);
  const Date applied = std::max(wanted, opens);
  if (applied > *valid_until || applied.AddDays(DayOf(until)) > f.today()) {
    return Status::InvalidArgument("demo file " + f.id() + ": the recertification window " + opens.ToString() + " .. " +
                                   valid_until->ToString() + " does not fit the story");
  }
  return RunCycle(f, applied, until, {.recertification = true});
}

domain::PersonalData Complainant(std::string name, std::string phone) {
  return {"", std::move(name), std::move(phone), "", ""};
}

Status Complaint(DemoFile& f, Date on, std::string summary, domain::PersonalData complainant) {
  return f.Do(on, domain::ReceiveComplaint{std::move(summary), {on, "phone"}, std::move(complainant)}, Clerk());
}

Status Suspend(DemoFile& f, Date on, std::string grounds, std::string details, std::string rectification,
               Date deadline) {
  return f.Do(on,
              domain::SuspendCertificate{std::move(grounds), std::move(details), std::move(rectification), deadline,
                                         Approver(f.seed())},
              Committee(f.seed()));
}

// --- Files without a certificate --------------------------------------------------

Status AwaitingMaterials(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(RunCycle(f, f.Ago(8), Step::kApplied));
  return f.Do(f.Ago(5),
              domain::RequestMaterials{{"qms_documents：质量管理体系文件（程序文件、直播管理制度）未附",
                                        "satisfaction_report：近12个月客户满意度调查报告未附",
                                        "service_data：直播服务质量和效率数据仅覆盖3个月，应覆盖12个月"}},
              Clerk());
}

Status AwaitingIssueAfterConditions(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(CycleEndingOn(f, Step::kNotified, f.Ago(30), {.outcome = DecisionOutcome::kConditional}));
  auto minor = f.Latest(DemoFile::IdOf::kFinding);
  if (!minor.ok()) return minor.status();
  CERTREG_RETURN_IF_ERROR(f.Do(f.Ago(12),
                               domain::CloseFinding{*minor, "补做覆盖直播信息审核过程的内部审核并修订内审方案",
                                                    "审核组长现场验证内审记录和修订后的方案，有效"},
                               Leader()));
  return f.Do(f.Ago(6), domain::FulfilConditions{}, Committee(f.seed() + 1));
}

Status Declined(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(RunCycle(f, f.Ago(30), Step::kApplied));
  return f.Do(f.Ago(27),
              domain::DecideAcceptance{false,
                                       "申请范围为线下百货零售及门店导购，直播售货仅为辅助宣传，"
                                       "不属于本认证规则适用的电子商务直播售货活动（§1.1）"},
              Clerk());
}

Status Withdrawn(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(CycleEndingOn(f, Step::kPlanned, f.Ago(50)));
  return f.Do(f.Ago(45), domain::WithdrawApplication{"公司业务调整，暂缓认证，申请撤回", {f.Ago(45), "post"}}, Clerk());
}

// --- Certificates --------------------------------------------------------------------

Status ValidRenamed(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(380)));
  domain::ChangeCertificate change;
  change.holder_name = "广州云裳时尚电子商务有限公司";
  change.reason = "企业名称变更，已取得市场监督管理部门换发的营业执照";
  change.approver = Approver(f.seed());
  change.act = {f.Ago(150), "post"};
  CERTREG_RETURN_IF_ERROR(f.Do(f.Ago(150), change, Clerk()));
  return Surveil(f, f.Ago(40));
}

Status ValidAddressChanged(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(300)));
  domain::ChangeCertificate change;
  change.address = "上海市闵行区申长路1188号6幢4楼";
  change.address_kind = domain::AddressKind::kOperating;
  change.reason = "经营场所迁址，证书地址改为实际经营地址";
  change.approver = Approver(f.seed());
  change.act = {f.Ago(100), "email"};
  return f.Do(f.Ago(100), change, Clerk());
}

Status ValidReissued(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(540)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(200)));
  return f.Do(f.Ago(30),
              domain::ReissueCertificate{domain::ReissueCause::kLost, Approver(f.seed()), {f.Ago(30), "in_person"}},
              Clerk());
}

Status ValidReinstated(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(520)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(180)));
  CERTREG_RETURN_IF_ERROR(Suspend(f, f.Ago(140), "8.2.1-2",
                                  "直播基地迁址及直播运营负责人变更，未按规定及时报告认证机构",
                                  "书面报告重大变更，提交变更后的直播管理制度和负责人资质", f.Ago(80)));
  CERTREG_RETURN_IF_ERROR(
      f.Do(f.Ago(128), domain::ReportMajorChange{"直播基地迁至思明区观日路，直播运营负责人变更", {f.Ago(128), "email"}},
           Clerk()));
  CERTREG_RETURN_IF_ERROR(f.Do(f.Ago(115),
                               domain::SubmitRectification{"已补报重大变更，修订直播管理制度，新负责人完成培训",
                                                           "变更报告、修订后的制度、培训签到表",
                                                           {f.Ago(115), "email"}},
                               Clerk()));
  CERTREG_RETURN_IF_ERROR(f.Do(f.Ago(105), domain::VerifyRectification{true, Approver(f.seed())}, Committee(f.seed())));
  return f.Do(f.Ago(103), domain::ReinstateCertificate{Approver(f.seed())}, Committee(f.seed()));
}

Status ValidAppealUpheld(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(600)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(250)));
  CERTREG_RETURN_IF_ERROR(Complaint(f, f.Ago(120), "消费者投诉直播间宣称“野生海参”与实物不符，涉嫌虚假宣传",
                                    Complainant("刘芳", "13812706358")));
  CERTREG_RETURN_IF_ERROR(f.Do(
      f.Ago(110), domain::OpenRevocationProceeding{"8.2.2-3", "投诉线索：直播宣传涉嫌虚假宣传（严重违法违规行为）", ""},
      Committee(f.seed())));
  CERTREG_RETURN_IF_ERROR(f.Do(f.Ago(100), domain::IssueRevocationNotice{f.Ago(85)}, Clerk()));
  CERTREG_RETURN_IF_ERROR(
      f.Do(f.Ago(95), domain::FileAppeal{"所涉商品附有产地证明和检验报告，直播脚本未作虚假宣传", {f.Ago(95), "post"}},
           Clerk()));
  return f.Do(f.Ago(80),
              domain::DecideAppeal{AppealOutcome::kUpheld,
                                   "经复核，检验报告与直播脚本证实宣传内容属实，市场监管部门未予立案，撤销理由不成立",
                                   std::nullopt},
              Committee(f.seed() + 1));
}

Status SuspendedAwaitingVerification(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(420)));
  CERTREG_RETURN_IF_ERROR(
      Surveil(f, f.Ago(72),
              {.finding = FindingSpec{"9.5.2", FindingGrade::kMinor, "抽查投诉记录20条，4条超过48小时未处理完毕",
                                      "客服工单系统导出记录", 30}}));
  CERTREG_RETURN_IF_ERROR(Suspend(f, f.Ago(30), "8.2.1-1",
                                  "年度监督审核发现的轻微不符合项（9.5.2 投诉处理）未在规定期限内完成整改",
                                  "完成投诉处理流程整改并提交验证材料", f.Ahead(30)));
  return f.Do(f.Ago(4),
              domain::SubmitRectification{
                  "修订投诉处理制度，增配客服并上线超时预警", "整改报告、近30日投诉处理记录", {f.Ago(4), "email"}},
              Clerk());
}

Status SuspendedDeadlineAhead(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(250)));
  CERTREG_RETURN_IF_ERROR(
      Complaint(f, f.Ago(25), "直播间童装标注“纯棉”，收货后吊牌成分为涤纶混纺", Complainant("张丽", "13650284471")));
  return Suspend(f, f.Ago(15), "8.2.1-3",
                 "经市场监管部门查实，直播间商品成分标注与实物不符，受到行政处罚（一般违法行为）",
                 "整改商品信息审核流程，下架涉事商品并提交整改报告", f.Ahead(45));
}

Status UnderRevocationAppealFiled(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(450)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(110)));
  CERTREG_RETURN_IF_ERROR(
      Complaint(f, f.Ago(60), "直播间宣称“实木家具”，收货后鉴定为人造板贴皮", Complainant("黄志明", "15820367714")));
  auto complaint = f.Latest(DemoFile::IdOf::kComplaint);
  if (!complaint.ok()) return complaint.status();
  CERTREG_RETURN_IF_ERROR(
      Surveil(f, f.Ago(55),
              {.kind = AuditKind::kSpecial,
               .trigger = domain::SpecialTrigger::kComplaint,
               .trigger_ref = *complaint,
               .finding = FindingSpec{"9.3.1", FindingGrade::kMajor, "选品审核失效：在售“实木”家具经检测为人造板贴皮",
                                      "第三方检测报告、直播回放", 30},
               .scores = {{"9.3.1", 62}, {"9.3.4", 78}},
               .conclusion = domain::SurveillanceConclusion::kRevoke}));
  auto special_audit = f.Latest(DemoFile::IdOf::kAudit);
  if (!special_audit.ok()) return special_audit.status();
  CERTREG_RETURN_IF_ERROR(f.Do(f.Ago(40),
                               domain::OpenRevocationProceeding{
                                   "8.2.2-1", "专项监督审核发现严重不符合项（9.3.1 商品选择）", *special_audit},
                               Committee(f.seed())));
  CERTREG_RETURN_IF_ERROR(f.Do(f.Ago(12), domain::IssueRevocationNotice{f.Ahead(10)}, Clerk()));
  return f.Do(f.Ago(3),
              domain::FileAppeal{"涉事商品系供应商以次充好，公司已全部召回并更换供应商，请求复核", {f.Ago(3), "post"}},
              Clerk());
}

Status RevokedAfterRefusedSurveillance(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(500)));
  CERTREG_RETURN_IF_ERROR(f.Do(
      f.Ago(130), domain::RecordSurveillanceRefusal{"审核通知发出后，认证对象书面回复拒绝接受年度监督审核"}, Clerk()));
  return RevokeUnappealed(f, f.Ago(120), "8.2.2-4", "认证对象拒绝接受年度监督审核", f.Ago(115), f.Ago(100), f.Ago(95));
}

Status RevokedAppealDismissed(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(700)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(350)));
  CERTREG_RETURN_IF_ERROR(
      Complaint(f, f.Ago(265), "直播间销售的阿胶糕无生产许可证编号", Complainant("王建平", "13706418852")));
  CERTREG_RETURN_IF_ERROR(Suspend(f, f.Ago(255), "8.2.1-3", "销售无生产许可证编号的食品，受到行政处罚（一般违法行为）",
                                  "下架涉事商品，建立食品类商品资质核验制度", f.Ago(195)));
  // The deadline was already past when recorded, so the sweep leaves it to the committee (domain.md §4).
  CERTREG_RETURN_IF_ERROR(
      f.Do(f.Ago(190), domain::OpenRevocationProceeding{"8.2.2-5", "暂停期限届满仍未提交整改", ""}, Committee(f.seed())));
  CERTREG_RETURN_IF_ERROR(f.Do(f.Ago(185), domain::IssueRevocationNotice{f.Ago(170)}, Clerk()));
  CERTREG_RETURN_IF_ERROR(
      f.Do(f.Ago(178), domain::FileAppeal{"整改已在进行中，请求延长期限", {f.Ago(178), "post"}}, Clerk()));
  CERTREG_RETURN_IF_ERROR(f.Do(
      f.Ago(165), domain::DecideAppeal{AppealOutcome::kDismissed, "申诉材料不能证明在期限内完成整改", std::nullopt},
      Committee(f.seed() + 1)));
  return f.Do(f.Ago(160), domain::RevokeCertificate{"申诉已驳回，撤销认证证书", Approver(f.seed())},
              Committee(f.seed()));
}

Status CancelledOnRequest(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(800)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(450)));
  CERTREG_RETURN_IF_ERROR(
      f.Do(f.Ago(60), domain::RequestCancellation{"公司调整经营方向，停止直播售货业务", {f.Ago(60), "post"}}, Clerk()));
  return Cancel(f, f.Ago(55), "8.2.3-2", "认证对象主动申请注销");
}

Status CancelledExpired(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(1200)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(850)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(490)));
  auto valid_until = f.ValidUntil();
  if (!valid_until.ok()) return valid_until.status();
  // Entered after the fact: the expiry rule does not fire for a past date, the committee cancels.
  return Cancel(f, valid_until->AddDays(5), "8.2.3-1", "证书有效期届满，未申请再认证");
}

Status CancelledTerminated(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(900)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(550)));
  return Cancel(f, f.Ago(200), "8.2.3-3", "认证对象已办理注销登记，依法终止");
}

Status Renewed(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(1050)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(700)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(340)));
  return Recertify(f, f.Ago(44), Step::kIssued);
}

Status Recertifying(DemoFile& f) {
  CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(1065)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(715)));
  CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(355)));
  return Recertify(f, f.Ago(25), Step::kPlanned);
}

}  // namespace

Status Cancel(DemoFile& f, Date on, std::string grounds, std::string reason) {
  CERTREG_RETURN_IF_ERROR(f.Do(on,
                               domain::CancelCertificate{std::move(grounds), std::move(reason), Approver(f.seed()), on},
                               Committee(f.seed())));
  return f.Do(on.AddDays(3), domain::AnnounceCancellation{}, Clerk());
}

Status RevokeUnappealed(DemoFile& f, Date opened_on, std::string grounds, std::string details, Date notice_on,
                        Date appeal_until, Date revoked_on) {
  CERTREG_RETURN_IF_ERROR(f.Do(opened_on,
                               domain::OpenRevocationProceeding{std::move(grounds), std::move(details), ""},
                               Committee(f.seed())));
  CERTREG_RETURN_IF_ERROR(f.Do(notice_on, domain::IssueRevocationNotice{appeal_until}, Clerk()));
  return f.Do(revoked_on, domain::RevokeCertificate{"申诉期届满未申诉，撤销认证证书", Approver(f.seed())},
              Committee(f.seed()));
}

Status Tell(Story story, DemoFile& f) {
  constexpr auto kConditional = DecisionOutcome::kConditional;
  switch (story) {
    case Story::kAwaitingAcceptance:  // the last two files of the table: received a day apart
      return RunCycle(f, f.Ago(2 - f.seed() % 2), Step::kApplied);
    case Story::kAwaitingMaterials:
      return AwaitingMaterials(f);
    case Story::kAccepted:
      return CycleEndingOn(f, Step::kAccepted, f.Ago(10), {.materials_request = true});
    case Story::kInAudit:
      return CycleEndingOn(f, Step::kFindings, f.Ago(4), {.outcome = kConditional});
    case Story::kReportSubmitted:
      return CycleEndingOn(f, Step::kReported, f.Ago(1));
    case Story::kAwaitingReview:
      return CycleEndingOn(f, Step::kApproved, f.Ago(2));
    case Story::kAwaitingDecision:
      return CycleEndingOn(f, Step::kReviewed, f.Ago(1));
    case Story::kAwaitingNotice:
      return CycleEndingOn(f, Step::kDecided, f.Ago(1));
    case Story::kConditionsPending:
      return CycleEndingOn(f, Step::kNotified, f.Ago(10), {.outcome = kConditional});
    case Story::kAwaitingIssueAfterConditions:
      return AwaitingIssueAfterConditions(f);
    case Story::kAwaitingIssue:
      return CycleEndingOn(f, Step::kNotified, f.Ago(3));
    case Story::kDeclined:
      return Declined(f);
    case Story::kWithdrawn:
      return Withdrawn(f);
    case Story::kRejected:
      return CycleEndingOn(f, Step::kNotified, f.Ago(58), {.outcome = DecisionOutcome::kReject});
    case Story::kValid:
      return Certify(f, f.Ago(160));
    case Story::kValidRecent:
      return Certify(f, f.Ago(95));
    case Story::kValidSurveilled:
      CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(410), {.materials_request = true}));
      return Surveil(f, f.Ago(70));
    case Story::kValidTwoSurveillances:
      CERTREG_RETURN_IF_ERROR(Certify(f, f.Ago(760)));
      CERTREG_RETURN_IF_ERROR(Surveil(f, f.Ago(420)));
      return Surveil(f, f.Ago(60),
                     {.finding = FindingSpec{"9.2.2", FindingGrade::kObservation, "新入职主播培训记录归档不及时",
                                             "培训档案抽查", 0}});
    case Story::kValidRenamed:
      return ValidRenamed(f);
    case Story::kValidAddressChanged:
      return ValidAddressChanged(f);
    case Story::kValidReissued:
      return ValidReissued(f);
    case Story::kValidAfterConditions:
      return Certify(f, f.Ago(230), {.outcome = kConditional});
    case Story::kValidReinstated:
      return ValidReinstated(f);
    case Story::kValidAppealUpheld:
      return ValidAppealUpheld(f);
    case Story::kSuspendedAwaitingVerification:
      return SuspendedAwaitingVerification(f);
    case Story::kSuspendedDeadlineAhead:
      return SuspendedDeadlineAhead(f);
    case Story::kUnderRevocationAppealFiled:
      return UnderRevocationAppealFiled(f);
    case Story::kRevokedAfterRefusedSurveillance:
      return RevokedAfterRefusedSurveillance(f);
    case Story::kRevokedAppealDismissed:
      return RevokedAppealDismissed(f);
    case Story::kCancelledOnRequest:
      return CancelledOnRequest(f);
    case Story::kCancelledExpired:
      return CancelledExpired(f);
    case Story::kCancelledTerminated:
      return CancelledTerminated(f);
    case Story::kRenewed:
      return Renewed(f);
    case Story::kRecertifying:
      return Recertifying(f);
  }
  return Status::InvalidArgument("demo data set: unknown story");
}

}  // namespace certreg::app::demo
