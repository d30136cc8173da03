// The application, audit and decision events (domain.md §3.1-3.3) <-> their
// members of the Payload union. Each encoder has its decoder beside it.
#include "codec/domain_codec_internal.h"

namespace certreg::codec::internal {

// --- 3.1 Application ---------------------------------------------------------

void EncodeMember(const domain::ApplicationSubmitted& e, schema::Payload::Builder p, EncodeContext& c) {
  auto out = p.initApplicationSubmitted();
  out.setFileId(Text(e.file_id));
  Encode(e.form, out.initForm(), c);
  Encode(e.act, out.initAct());
  out.setDueOn(DateText(e.due_on));
  Encode(e.scheme, out.initScheme());
}

domain::ApplicationSubmitted DecodeMember(schema::ApplicationSubmitted::Reader in, DecodeContext& c) {
  return {.file_id = Str(in.getFileId()),
          .form = Decode(in.getForm(), c),
          .act = Decode(in.getAct(), c),
          .due_on = c.RequiredDate(in.getDueOn(), "dueOn"),
          .scheme = Decode(in.getScheme())};
}

void EncodeMember(const domain::MaterialsRequested& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initMaterialsRequested();
  SetTextList(out.initMissing(static_cast<unsigned>(e.missing.size())), e.missing);
}

domain::MaterialsRequested DecodeMember(schema::MaterialsRequested::Reader in, DecodeContext&) {
  return {.missing = TextList(in.getMissing())};
}

void EncodeMember(const domain::MaterialsSupplemented& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initMaterialsSupplemented();
  SetTextList(out.initSupplied(static_cast<unsigned>(e.supplied.size())), e.supplied);
  Encode(e.act, out.initAct());
  out.setDueOn(DateText(e.due_on));
}

domain::MaterialsSupplemented DecodeMember(schema::MaterialsSupplemented::Reader in, DecodeContext& c) {
  return {.supplied = TextList(in.getSupplied()),
          .act = Decode(in.getAct(), c),
          .due_on = c.RequiredDate(in.getDueOn(), "dueOn")};
}

void EncodeMember(const domain::ApplicationAccepted& e, schema::Payload::Builder p, EncodeContext&) {
  p.initApplicationAccepted().setLate(e.late);
}

domain::ApplicationAccepted DecodeMember(schema::ApplicationAccepted::Reader in, DecodeContext&) {
  return {.late = in.getLate()};
}

void EncodeMember(const domain::ApplicationDeclined& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initApplicationDeclined();
  out.setReason(Text(e.reason));
  out.setLate(e.late);
}

domain::ApplicationDeclined DecodeMember(schema::ApplicationDeclined::Reader in, DecodeContext&) {
  return {.reason = Str(in.getReason()), .late = in.getLate()};
}

void EncodeMember(const domain::ApplicationWithdrawn& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initApplicationWithdrawn();
  out.setReason(Text(e.reason));
  Encode(e.act, out.initAct());
  out.setRecertification(e.recertification);
}

domain::ApplicationWithdrawn DecodeMember(schema::ApplicationWithdrawn::Reader in, DecodeContext& c) {
  return {.reason = Str(in.getReason()), .act = Decode(in.getAct(), c), .recertification = in.getRecertification()};
}

// --- 3.2 Audit and evaluation -----------------------------------------------

void EncodeMember(const domain::AuditTeamAssigned& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initAuditTeamAssigned();
  out.setAuditId(Text(e.audit_id));
  out.setKind(ToSchema(e.kind));
  out.setLeader(Text(e.leader));
  SetTextList(out.initMembers(static_cast<unsigned>(e.members.size())), e.members);
}

domain::AuditTeamAssigned DecodeMember(schema::AuditTeamAssigned::Reader in, DecodeContext& c) {
  return {.audit_id = Str(in.getAuditId()),
          .kind = c.Enum<domain::AuditKind>(in.getKind(), "kind"),
          .leader = Str(in.getLeader()),
          .members = TextList(in.getMembers())};
}

void EncodeMember(const domain::AuditPlanned& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initAuditPlanned();
  out.setAuditId(Text(e.audit_id));
  out.setKind(ToSchema(e.kind));
  out.setStartDate(DateText(e.start_date));
  out.setOnsiteDays(e.onsite_days);
  SetTextList(out.initSites(static_cast<unsigned>(e.sites.size())), e.sites);
  out.setScope(Text(e.scope));
  out.setContent(Text(e.content));
  out.setMethods(Text(e.methods));
  out.setTrigger(ToSchema(e.trigger));
  out.setTriggerRef(Text(e.trigger_ref));
  Encode(e.scheme, out.initScheme());
}

domain::AuditPlanned DecodeMember(schema::AuditPlanned::Reader in, DecodeContext& c) {
  return {.audit_id = Str(in.getAuditId()),
          .kind = c.Enum<domain::AuditKind>(in.getKind(), "kind"),
          .start_date = c.RequiredDate(in.getStartDate(), "startDate"),
          .onsite_days = in.getOnsiteDays(),
          .sites = TextList(in.getSites()),
          .scope = Str(in.getScope()),
          .content = Str(in.getContent()),
          .methods = Str(in.getMethods()),
          .trigger = c.Enum<domain::SpecialTrigger>(in.getTrigger(), "trigger"),
          .trigger_ref = Str(in.getTriggerRef()),
          .scheme = Decode(in.getScheme())};
}

void EncodeMember(const domain::FindingRecorded& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initFindingRecorded();
  out.setAuditId(Text(e.audit_id));
  out.setFindingId(Text(e.finding_id));
  out.setIndicator(Text(e.indicator));
  out.setGrade(ToSchema(e.grade));
  out.setDescription(Text(e.description));
  out.setEvidence(Text(e.evidence));
  out.setCorrectionDeadline(DateText(e.correction_deadline));
}

domain::FindingRecorded DecodeMember(schema::FindingRecorded::Reader in, DecodeContext& c) {
  return {.audit_id = Str(in.getAuditId()),
          .finding_id = Str(in.getFindingId()),
          .indicator = Str(in.getIndicator()),
          .grade = c.Enum<domain::FindingGrade>(in.getGrade(), "grade"),
          .description = Str(in.getDescription()),
          .evidence = Str(in.getEvidence()),
          .correction_deadline = c.OptionalDate(in.getCorrectionDeadline(), "correctionDeadline")};
}

void EncodeMember(const domain::FindingClosed& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initFindingClosed();
  out.setAuditId(Text(e.audit_id));
  out.setFindingId(Text(e.finding_id));
  out.setCorrectiveAction(Text(e.corrective_action));
  out.setVerification(Text(e.verification));
}

domain::FindingClosed DecodeMember(schema::FindingClosed::Reader in, DecodeContext&) {
  return {.audit_id = Str(in.getAuditId()),
          .finding_id = Str(in.getFindingId()),
          .corrective_action = Str(in.getCorrectiveAction()),
          .verification = Str(in.getVerification())};
}

void EncodeMember(const domain::ScoresRecorded& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initScoresRecorded();
  out.setAuditId(Text(e.audit_id));
  SetScores(out.initManagement(static_cast<unsigned>(e.management.size())), e.management);
  SetScores(out.initService(static_cast<unsigned>(e.service.size())), e.service);
  auto sheets = out.initSheets(static_cast<unsigned>(e.sheets.size()));
  unsigned i = 0;
  for (const auto& [sheet, items] : e.sheets) {
    sheets[i].setSheet(Text(sheet));
    auto list = sheets[i].initItems(static_cast<unsigned>(items.size()));
    for (unsigned j = 0; j < items.size(); ++j) list.set(j, items[j]);
    ++i;
  }
  SetScores(out.initEnhancement(static_cast<unsigned>(e.enhancement.size())), e.enhancement);
  SetScores(out.initAreas(static_cast<unsigned>(e.areas.size())), e.areas);
  out.setServiceCharacteristic(e.service_characteristic);
  out.setServiceManagement(e.service_management);
  out.setEnhancementScore(e.enhancement_score);
  out.setComprehensive(e.comprehensive);
  out.setComplete(e.complete);
  out.setAllThresholdsMet(e.all_thresholds_met);
  Encode(e.scheme, out.initScheme());
}

namespace {

std::map<std::string, std::vector<double>> Sheets(capnp::List<schema::SheetScores>::Reader list,
                                                  DecodeContext& c) {
  std::map<std::string, std::vector<double>> out;
  for (auto sheet : list) {
    std::vector<double> items;
    for (double item : sheet.getItems()) items.push_back(item);
    if (!out.emplace(Str(sheet.getSheet()), std::move(items)).second) c.Fail("sheets: a key appears twice");
  }
  return out;
}

}  // namespace

domain::ScoresRecorded DecodeMember(schema::ScoresRecorded::Reader in, DecodeContext& c) {
  return {.audit_id = Str(in.getAuditId()),
          .management = Scores(in.getManagement(), "management", c),
          .service = Scores(in.getService(), "service", c),
          .sheets = Sheets(in.getSheets(), c),
          .enhancement = Scores(in.getEnhancement(), "enhancement", c),
          .areas = Scores(in.getAreas(), "areas", c),
          .service_characteristic = in.getServiceCharacteristic(),
          .service_management = in.getServiceManagement(),
          .enhancement_score = in.getEnhancementScore(),
          .comprehensive = in.getComprehensive(),
          .complete = in.getComplete(),
          .all_thresholds_met = in.getAllThresholdsMet(),
          .scheme = Decode(in.getScheme())};
}

void EncodeMember(const domain::AuditReportSubmitted& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initAuditReportSubmitted();
  out.setAuditId(Text(e.audit_id));
  out.setConclusion(Text(e.conclusion));
  out.setRecommendation(ToSchema(e.recommendation));
  out.setReportSentOn(DateText(e.report_sent_on));
}

domain::AuditReportSubmitted DecodeMember(schema::AuditReportSubmitted::Reader in, DecodeContext& c) {
  return {.audit_id = Str(in.getAuditId()),
          .conclusion = Str(in.getConclusion()),
          .recommendation = c.Enum<domain::DecisionOutcome>(in.getRecommendation(), "recommendation"),
          .report_sent_on = c.OptionalDate(in.getReportSentOn(), "reportSentOn")};
}

void EncodeMember(const domain::AuditReportApproved& e, schema::Payload::Builder p, EncodeContext&) {
  p.initAuditReportApproved().setAuditId(Text(e.audit_id));
}

domain::AuditReportApproved DecodeMember(schema::AuditReportApproved::Reader in, DecodeContext&) {
  return {.audit_id = Str(in.getAuditId())};
}

void EncodeMember(const domain::SurveillanceAuditCompleted& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initSurveillanceAuditCompleted();
  out.setAuditId(Text(e.audit_id));
  out.setKind(ToSchema(e.kind));
  out.setAuditDate(DateText(e.audit_date));
  out.setConclusion(ToSchema(e.conclusion));
  out.setTeamLeader(Text(e.team_leader));
  out.setNextSurveillanceDue(DateText(e.next_surveillance_due));
}

domain::SurveillanceAuditCompleted DecodeMember(schema::SurveillanceAuditCompleted::Reader in, DecodeContext& c) {
  return {.audit_id = Str(in.getAuditId()),
          .kind = c.Enum<domain::AuditKind>(in.getKind(), "kind"),
          .audit_date = c.RequiredDate(in.getAuditDate(), "auditDate"),
          .conclusion = c.Enum<domain::SurveillanceConclusion>(in.getConclusion(), "conclusion"),
          .team_leader = Str(in.getTeamLeader()),
          .next_surveillance_due = c.OptionalDate(in.getNextSurveillanceDue(), "nextSurveillanceDue")};
}

// --- 3.3 Decision ------------------------------------------------------------

void EncodeMember(const domain::CommitteeReviewed& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initCommitteeReviewed();
  out.setAuditId(Text(e.audit_id));
  out.setProcessConforms(e.process_conforms);
  out.setFindingsAccurate(e.findings_accurate);
  out.setConclusionReasonable(e.conclusion_reasonable);
  out.setComments(Text(e.comments));
}

domain::CommitteeReviewed DecodeMember(schema::CommitteeReviewed::Reader in, DecodeContext&) {
  return {.audit_id = Str(in.getAuditId()),
          .process_conforms = in.getProcessConforms(),
          .findings_accurate = in.getFindingsAccurate(),
          .conclusion_reasonable = in.getConclusionReasonable(),
          .comments = Str(in.getComments())};
}

void EncodeMember(const domain::CertificationDecided& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initCertificationDecided();
  out.setAuditId(Text(e.audit_id));
  out.setOutcome(ToSchema(e.outcome));
  out.setReason(Text(e.reason));
  SetTextList(out.initConditionalFindings(static_cast<unsigned>(e.conditional_findings.size())),
              e.conditional_findings);
  out.setConditionsDeadline(DateText(e.conditions_deadline));
  out.setNoticeDueOn(DateText(e.notice_due_on));
  Encode(e.scheme, out.initScheme());
}

domain::CertificationDecided DecodeMember(schema::CertificationDecided::Reader in, DecodeContext& c) {
  return {.audit_id = Str(in.getAuditId()),
          .outcome = c.Enum<domain::DecisionOutcome>(in.getOutcome(), "outcome"),
          .reason = Str(in.getReason()),
          .conditional_findings = TextList(in.getConditionalFindings()),
          .conditions_deadline = c.OptionalDate(in.getConditionsDeadline(), "conditionsDeadline"),
          .notice_due_on = c.RequiredDate(in.getNoticeDueOn(), "noticeDueOn"),
          .scheme = Decode(in.getScheme())};
}

void EncodeMember(const domain::DecisionNotified& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initDecisionNotified();
  out.setNotifiedOn(DateText(e.notified_on));
  out.setChannel(Text(e.channel));
  out.setLate(e.late);
}

domain::DecisionNotified DecodeMember(schema::DecisionNotified::Reader in, DecodeContext& c) {
  return {.notified_on = c.RequiredDate(in.getNotifiedOn(), "notifiedOn"),
          .channel = Str(in.getChannel()),
          .late = in.getLate()};
}

void EncodeMember(const domain::ConditionsFulfilled&, schema::Payload::Builder p, EncodeContext&) {
  p.initConditionsFulfilled();
}

domain::ConditionsFulfilled DecodeMember(schema::ConditionsFulfilled::Reader, DecodeContext&) { return {}; }

void EncodeMember(const domain::ConditionalApprovalLapsed& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initConditionalApprovalLapsed();
  out.setConditionsDeadline(DateText(e.conditions_deadline));
  out.setNoticeDueOn(DateText(e.notice_due_on));
}

domain::ConditionalApprovalLapsed DecodeMember(schema::ConditionalApprovalLapsed::Reader in, DecodeContext& c) {
  return {.conditions_deadline = c.RequiredDate(in.getConditionsDeadline(), "conditionsDeadline"),
          .notice_due_on = c.OptionalDate(in.getNoticeDueOn(), "noticeDueOn")};
}

}  // namespace certreg::codec::internal
