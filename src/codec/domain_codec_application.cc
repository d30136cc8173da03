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
  return {Str(in.getFileId()), Decode(in.getForm(), c), Decode(in.getAct(), c),
          c.RequiredDate(in.getDueOn(), "dueOn"), Decode(in.getScheme())};
}

void EncodeMember(const domain::MaterialsRequested& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initMaterialsRequested();
  SetTextList(out.initMissing(static_cast<unsigned>(e.missing.size())), e.missing);
}

domain::MaterialsRequested DecodeMember(schema::MaterialsRequested::Reader in, DecodeContext&) {
  return {TextList(in.getMissing())};
}

void EncodeMember(const domain::MaterialsSupplemented& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initMaterialsSupplemented();
  SetTextList(out.initSupplied(static_cast<unsigned>(e.supplied.size())), e.supplied);
  Encode(e.act, out.initAct());
  out.setDueOn(DateText(e.due_on));
}

domain::MaterialsSupplemented DecodeMember(schema::MaterialsSupplemented::Reader in, DecodeContext& c) {
  return {TextList(in.getSupplied()), Decode(in.getAct(), c), c.RequiredDate(in.getDueOn(), "dueOn")};
}

void EncodeMember(const domain::ApplicationAccepted& e, schema::Payload::Builder p, EncodeContext&) {
  p.initApplicationAccepted().setLate(e.late);
}

domain::ApplicationAccepted DecodeMember(schema::ApplicationAccepted::Reader in, DecodeContext&) {
  return {in.getLate()};
}

void EncodeMember(const domain::ApplicationDeclined& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initApplicationDeclined();
  out.setReason(Text(e.reason));
  out.setLate(e.late);
}

domain::ApplicationDeclined DecodeMember(schema::ApplicationDeclined::Reader in, DecodeContext&) {
  return {Str(in.getReason()), in.getLate()};
}

void EncodeMember(const domain::ApplicationWithdrawn& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initApplicationWithdrawn();
  out.setReason(Text(e.reason));
  Encode(e.act, out.initAct());
  out.setRecertification(e.recertification);
}

domain::ApplicationWithdrawn DecodeMember(schema::ApplicationWithdrawn::Reader in, DecodeContext& c) {
  return {Str(in.getReason()), Decode(in.getAct(), c), in.getRecertification()};
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
  return {Str(in.getAuditId()), c.Enum<domain::AuditKind>(in.getKind(), "kind"), Str(in.getLeader()),
          TextList(in.getMembers())};
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
  domain::AuditPlanned e;
  e.audit_id = Str(in.getAuditId());
  e.kind = c.Enum<domain::AuditKind>(in.getKind(), "kind");
  e.start_date = c.RequiredDate(in.getStartDate(), "startDate");
  e.onsite_days = in.getOnsiteDays();
  e.sites = TextList(in.getSites());
  e.scope = Str(in.getScope());
  e.content = Str(in.getContent());
  e.methods = Str(in.getMethods());
  e.trigger = c.Enum<domain::SpecialTrigger>(in.getTrigger(), "trigger");
  e.trigger_ref = Str(in.getTriggerRef());
  e.scheme = Decode(in.getScheme());
  return e;
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
  return {Str(in.getAuditId()),
          Str(in.getFindingId()),
          Str(in.getIndicator()),
          c.Enum<domain::FindingGrade>(in.getGrade(), "grade"),
          Str(in.getDescription()),
          Str(in.getEvidence()),
          c.OptionalDate(in.getCorrectionDeadline(), "correctionDeadline")};
}

void EncodeMember(const domain::FindingClosed& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initFindingClosed();
  out.setAuditId(Text(e.audit_id));
  out.setFindingId(Text(e.finding_id));
  out.setCorrectiveAction(Text(e.corrective_action));
  out.setVerification(Text(e.verification));
}

domain::FindingClosed DecodeMember(schema::FindingClosed::Reader in, DecodeContext&) {
  return {Str(in.getAuditId()), Str(in.getFindingId()), Str(in.getCorrectiveAction()), Str(in.getVerification())};
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

domain::ScoresRecorded DecodeMember(schema::ScoresRecorded::Reader in, DecodeContext& c) {
  domain::ScoresRecorded e;
  e.audit_id = Str(in.getAuditId());
  e.management = Scores(in.getManagement(), "management", c);
  e.service = Scores(in.getService(), "service", c);
  for (auto sheet : in.getSheets()) {
    std::vector<double> items;
    for (double item : sheet.getItems()) items.push_back(item);
    if (!e.sheets.emplace(Str(sheet.getSheet()), std::move(items)).second) c.Fail("sheets: a key appears twice");
  }
  e.enhancement = Scores(in.getEnhancement(), "enhancement", c);
  e.areas = Scores(in.getAreas(), "areas", c);
  e.service_characteristic = in.getServiceCharacteristic();
  e.service_management = in.getServiceManagement();
  e.enhancement_score = in.getEnhancementScore();
  e.comprehensive = in.getComprehensive();
  e.complete = in.getComplete();
  e.all_thresholds_met = in.getAllThresholdsMet();
  e.scheme = Decode(in.getScheme());
  return e;
}

void EncodeMember(const domain::AuditReportSubmitted& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initAuditReportSubmitted();
  out.setAuditId(Text(e.audit_id));
  out.setConclusion(Text(e.conclusion));
  out.setRecommendation(ToSchema(e.recommendation));
  out.setReportSentOn(DateText(e.report_sent_on));
}

domain::AuditReportSubmitted DecodeMember(schema::AuditReportSubmitted::Reader in, DecodeContext& c) {
  return {Str(in.getAuditId()), Str(in.getConclusion()),
          c.Enum<domain::DecisionOutcome>(in.getRecommendation(), "recommendation"),
          c.OptionalDate(in.getReportSentOn(), "reportSentOn")};
}

void EncodeMember(const domain::AuditReportApproved& e, schema::Payload::Builder p, EncodeContext&) {
  p.initAuditReportApproved().setAuditId(Text(e.audit_id));
}

domain::AuditReportApproved DecodeMember(schema::AuditReportApproved::Reader in, DecodeContext&) {
  return {Str(in.getAuditId())};
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
  return {Str(in.getAuditId()),
          c.Enum<domain::AuditKind>(in.getKind(), "kind"),
          c.RequiredDate(in.getAuditDate(), "auditDate"),
          c.Enum<domain::SurveillanceConclusion>(in.getConclusion(), "conclusion"),
          Str(in.getTeamLeader()),
          c.OptionalDate(in.getNextSurveillanceDue(), "nextSurveillanceDue")};
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
  return {Str(in.getAuditId()), in.getProcessConforms(), in.getFindingsAccurate(), in.getConclusionReasonable(),
          Str(in.getComments())};
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
  return {Str(in.getAuditId()),
          c.Enum<domain::DecisionOutcome>(in.getOutcome(), "outcome"),
          Str(in.getReason()),
          TextList(in.getConditionalFindings()),
          c.OptionalDate(in.getConditionsDeadline(), "conditionsDeadline"),
          c.RequiredDate(in.getNoticeDueOn(), "noticeDueOn"),
          Decode(in.getScheme())};
}

void EncodeMember(const domain::DecisionNotified& e, schema::Payload::Builder p, EncodeContext&) {
  auto out = p.initDecisionNotified();
  out.setNotifiedOn(DateText(e.notified_on));
  out.setChannel(Text(e.channel));
  out.setLate(e.late);
}

domain::DecisionNotified DecodeMember(schema::DecisionNotified::Reader in, DecodeContext& c) {
  return {c.RequiredDate(in.getNotifiedOn(), "notifiedOn"), Str(in.getChannel()), in.getLate()};
}

void EncodeMember(const domain::ConditionsFulfilled&, schema::Payload::Builder p, EncodeContext&) {
  p.initConditionsFulfilled();
}

domain::ConditionsFulfilled DecodeMember(schema::ConditionsFulfilled::Reader, DecodeContext&) { return {}; }

void EncodeMember(const domain::ConditionalApprovalLapsed& e, schema::Payload::Builder p, EncodeContext&) {
  p.initConditionalApprovalLapsed().setConditionsDeadline(DateText(e.conditions_deadline));
}

domain::ConditionalApprovalLapsed DecodeMember(schema::ConditionalApprovalLapsed::Reader in, DecodeContext& c) {
  return {c.RequiredDate(in.getConditionsDeadline(), "conditionsDeadline")};
}

}  // namespace certreg::codec::internal
