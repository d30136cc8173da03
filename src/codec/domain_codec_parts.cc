// The parts shared by the domain events: dates, tables, the scheme reference,
// holder acts, evaluation results, the Annex A form, and the sealing of
// personal data (schemas/domain_values.capnp, PersonalRecord).
#include <capnp/message.h>
#include <capnp/serialize.h>

#include "certreg/common/ids.h"
#include "certreg/common/sha256.h"
#include "codec/domain_codec_internal.h"

namespace certreg::codec::internal {
namespace {

constexpr std::size_t kSaltBytes = 16;

// SHA-256(salt || canonical bytes of `record` with its salt unset).
Digest Commitment(schema::PersonalRecord::Reader record) {
  capnp::MallocMessageBuilder copy(record.totalSize().wordCount + 8);
  copy.setRoot(record);
  auto unsalted = copy.getRoot<schema::PersonalRecord>();
  unsalted.disownSalt();
  kj::Array<capnp::word> canonical = capnp::canonicalize(unsalted.asReader());
  auto salt = record.getSalt();
  return Sha256()
      .Add(salt.begin(), salt.size())
      .Add(canonical.begin(), canonical.size() * sizeof(capnp::word))
      .Finish();
}

std::string FreshSalt() {
  std::string salt;
  FromHex(RandomHex(kSaltBytes), &salt);
  return salt;
}

template <typename Union>
void SetOptionalCount(Union out, const std::optional<std::int64_t>& value) {
  if (value) {
    out.setValue(*value);
  } else {
    out.setNotStated();
  }
}

template <typename Union>
std::optional<std::int64_t> OptionalCount(Union in, const char* field, DecodeContext& context) {
  if (in.isNotStated()) return std::nullopt;
  if (in.isValue()) return in.getValue();
  context.Fail(std::string(field) + ": unknown union member");
  return std::nullopt;
}

void Encode(const domain::StatusAndPlan& in, schema::StatusAndPlan::Builder out) {
  out.setStatus(Text(in.status));
  out.setPlan(Text(in.plan));
}

domain::StatusAndPlan Decode(schema::StatusAndPlan::Reader in) {
  return {.status = Str(in.getStatus()), .plan = Str(in.getPlan())};
}

}  // namespace

// --- personal data ----------------------------------------------------------------

void EncodeContext::Seal(const domain::PersonalData& data, schema::PersonalDataRef::Builder ref) {
  if (data.empty()) return;  // id and commitment stay empty: no personal data
  const std::string salt = FreshSalt();
  capnp::MallocMessageBuilder message(64);
  auto record = message.initRoot<schema::PersonalRecord>();
  record.setSalt(AsData(salt));
  record.setLegalRepresentative(Text(data.legal_representative));
  record.setContactName(Text(data.contact_name));
  record.setPhone(Text(data.phone));
  record.setEmail(Text(data.email));
  record.setAddress(Text(data.address));
  const Digest commitment = Commitment(record.asReader());

  SealedPersonalRecord sealed{NewUuid(), schema::CanonicalFlatOf(record.asReader())};
  ref.setId(Text(sealed.id));
  ref.setCommitment(capnp::Data::Reader(commitment.data(), commitment.size()));
  records_.push_back(std::move(sealed));
}

domain::PersonalData DecodeContext::Personal(schema::PersonalDataRef::Reader ref) {
  if (ref.getId().size() == 0) return {};
  auto commitment = ref.getCommitment();
  if (commitment.size() != sizeof(Digest)) {
    Fail("personal data reference without a 32-byte commitment");
    return {};
  }
  std::optional<std::string> sealed;
  if (lookup_) sealed = lookup_(Str(ref.getId()));
  if (!sealed) return {};  // erased (or no lookup given): the event stands without it

  auto words = AlignedCopy(*sealed);
  if (words.size() == 0) {
    Fail("personal record is not a whole number of words");
    return {};
  }
  capnp::FlatArrayMessageReader reader(words, SafeReaderOptions(sealed->size()));
  auto record = reader.getRoot<schema::PersonalRecord>();
  const Digest actual = Commitment(record);
  if (record.getSalt().size() != kSaltBytes || !std::equal(actual.begin(), actual.end(), commitment.begin())) {
    Fail("personal record does not match its commitment");
    return {};
  }
  return {.legal_representative = Str(record.getLegalRepresentative()),
          .contact_name = Str(record.getContactName()),
          .phone = Str(record.getPhone()),
          .email = Str(record.getEmail()),
          .address = Str(record.getAddress())};
}

// --- values -------------------------------------------------------------------------

std::string DateText(const domain::Date& date) { return date.ToString(); }

std::string DateText(const std::optional<domain::Date>& date) { return date ? date->ToString() : std::string(); }

domain::Date DecodeContext::RequiredDate(capnp::Text::Reader text, const char* field) {
  if (auto date = domain::Date::Parse(ToView(text))) return *date;
  Fail(std::string(field) + ": not a date");
  return {};
}

std::optional<domain::Date> DecodeContext::OptionalDate(capnp::Text::Reader text, const char* field) {
  if (text.size() == 0) return std::nullopt;
  return RequiredDate(text, field);
}

void SetTextList(capnp::List<capnp::Text>::Builder list, const std::vector<std::string>& values) {
  for (unsigned i = 0; i < values.size(); ++i) list.set(i, Text(values[i]));
}

std::vector<std::string> TextList(capnp::List<capnp::Text>::Reader list) {
  std::vector<std::string> out;
  out.reserve(list.size());
  for (auto text : list) out.push_back(Str(text));
  return out;
}

void SetScores(capnp::List<schema::NamedScore>::Builder list, const std::map<std::string, double>& scores) {
  unsigned i = 0;
  for (const auto& [name, score] : scores) {
    list[i].setName(Text(name));
    list[i].setScore(score);
    ++i;
  }
}

std::map<std::string, double> Scores(capnp::List<schema::NamedScore>::Reader list, const char* field,
                                     DecodeContext& context) {
  std::map<std::string, double> out;
  for (auto entry : list) {
    if (!out.emplace(Str(entry.getName()), entry.getScore()).second) {
      context.Fail(std::string(field) + ": a key appears twice");
    }
  }
  return out;
}

void Encode(const domain::SchemeRef& scheme, schema::SchemeRef::Builder out) {
  out.setId(Text(scheme.id));
  out.setVersion(Text(scheme.version));
  out.setSha256(Text(scheme.sha256));
}

domain::SchemeRef Decode(schema::SchemeRef::Reader in) {
  return {.id = Str(in.getId()), .version = Str(in.getVersion()), .sha256 = Str(in.getSha256())};
}

void Encode(const domain::HolderAct& act, schema::HolderAct::Builder out) {
  out.setReceivedOn(DateText(act.received_on));
  out.setChannel(Text(act.channel));
}

domain::HolderAct Decode(schema::HolderAct::Reader in, DecodeContext& context) {
  return {.received_on = context.RequiredDate(in.getReceivedOn(), "act.receivedOn"), .channel = Str(in.getChannel())};
}

void Encode(const domain::EvaluationResults& r, schema::EvaluationResults::Builder out) {
  out.setQuality(r.quality);
  out.setEfficiency(r.efficiency);
  out.setEffect(r.effect);
  out.setServiceCharacteristic(r.service_characteristic);
  out.setOrganisation(r.organisation);
  out.setPersonnel(r.personnel);
  out.setGoods(r.goods);
  out.setLiveInformation(r.live_information);
  out.setConsumerProtection(r.consumer_protection);
  out.setServiceManagement(r.service_management);
  out.setQms(ToSchema(r.qms));
  out.setEnhancement(r.enhancement);
  out.setComprehensive(r.comprehensive);
}

domain::EvaluationResults Decode(schema::EvaluationResults::Reader in, DecodeContext& context) {
  return DecodeEvaluation(in, context);
}

// --- Annex A ---------------------------------------------------------------------------

void Encode(const domain::ApplicationForm& form, schema::ApplicationForm::Builder out, EncodeContext& context) {
  auto applicant = out.initApplicant();
  applicant.setName(Text(form.applicant.name));
  applicant.setAddress(Text(form.applicant.address));
  applicant.setUscc(Text(form.applicant.uscc));
  applicant.setOrgType(ToSchema(form.applicant.org_type));
  applicant.setFoundedOn(DateText(form.applicant.founded_on));
  applicant.setLiveBusinessSince(DateText(form.applicant.live_business_since));

  context.Seal(form.personal, out.initPersonal());

  const domain::BusinessOverview& b = form.business;
  auto business = out.initBusiness();
  business.setScale(Text(b.scale));
  business.setServiceScope(Text(b.service_scope));
  SetTextList(business.initPlatforms(static_cast<unsigned>(b.platforms.size())), b.platforms);
  SetTextList(business.initLiveModes(static_cast<unsigned>(b.live_modes.size())), b.live_modes);
  business.setLiveHours(Text(b.live_hours));
  SetOptionalCount(business.initSalespersons(), b.salespersons);
  SetOptionalCount(business.initAnnualTurnoverCny(), b.annual_turnover_cny);
  SetOptionalCount(business.initAnnualLiveSessions(), b.annual_live_sessions);

  const domain::QualityManagementStatus& q = form.quality_management;
  auto quality = out.initQualityManagement();
  Encode(q.system, quality.initSystem());
  Encode(q.organisation, quality.initOrganisation());
  Encode(q.personnel, quality.initPersonnel());
  Encode(q.goods, quality.initGoods());
  Encode(q.live_information, quality.initLiveInformation());
  Encode(q.consumer_protection, quality.initConsumerProtection());

  const domain::ServiceCapabilityStatus& s = form.service_capability;
  auto service = out.initServiceCapability();
  Encode(s.quality, service.initQuality());
  Encode(s.efficiency, service.initEfficiency());
  Encode(s.effect, service.initEffect());
  Encode(s.satisfaction, service.initSatisfaction());
  Encode(s.complaint_handling_rate, service.initComplaintHandlingRate());
  Encode(s.problem_resolution_rate, service.initProblemResolutionRate());

  auto indicators = out.initPerformanceIndicators(static_cast<unsigned>(form.performance_indicators.size()));
  for (unsigned i = 0; i < form.performance_indicators.size(); ++i) {
    const domain::PerformanceIndicator& p = form.performance_indicators[i];
    indicators[i].setCategory(Text(p.category));
    indicators[i].setName(Text(p.name));
    indicators[i].setTarget(Text(p.target));
    indicators[i].setActual(Text(p.actual));
  }

  auto declarations = out.initDeclarations();
  declarations.setMaterialsTrue(form.declarations.materials_true);
  declarations.setAcceptsAudit(form.declarations.accepts_audit);
  declarations.setFollowsRules(form.declarations.follows_rules);
  declarations.setContinuousImprovement(form.declarations.continuous_improvement);
  out.setAppliedOn(DateText(form.applied_on));

  auto eligibility = out.initEligibility();
  eligibility.setLegalEntity(form.eligibility.legal_entity);
  eligibility.setQmsEstablished(form.eligibility.qms_established);
  eligibility.setMeetsStandard(form.eligibility.meets_standard);
  eligibility.setNoMajorAccident12m(form.eligibility.no_major_accident_12m);
  eligibility.setHasResources(form.eligibility.has_resources);

  SetTextList(out.initMaterials(static_cast<unsigned>(form.materials.size())), form.materials);
  out.setScope(Text(form.scope));
}

domain::ApplicationForm Decode(schema::ApplicationForm::Reader in, DecodeContext& context) {
  auto applicant = in.getApplicant();
  auto business = in.getBusiness();
  auto quality = in.getQualityManagement();
  auto service = in.getServiceCapability();
  auto declarations = in.getDeclarations();
  auto eligibility = in.getEligibility();
  std::vector<domain::PerformanceIndicator> indicators;
  for (auto p : in.getPerformanceIndicators()) {
    indicators.push_back({.category = Str(p.getCategory()),
                          .name = Str(p.getName()),
                          .target = Str(p.getTarget()),
                          .actual = Str(p.getActual())});
  }
  // Field order is decoding order: the first problem reported is the first met.
  return {
      .applicant = {.name = Str(applicant.getName()),
                    .address = Str(applicant.getAddress()),
                    .uscc = Str(applicant.getUscc()),
                    .org_type = context.Enum<domain::OrgType>(applicant.getOrgType(), "applicant.orgType"),
                    .founded_on = context.OptionalDate(applicant.getFoundedOn(), "applicant.foundedOn"),
                    .live_business_since =
                        context.OptionalDate(applicant.getLiveBusinessSince(), "applicant.liveBusinessSince")},
      .personal = context.Personal(in.getPersonal()),
      .business = {.scale = Str(business.getScale()),
                   .service_scope = Str(business.getServiceScope()),
                   .platforms = TextList(business.getPlatforms()),
                   .live_modes = TextList(business.getLiveModes()),
                   .live_hours = Str(business.getLiveHours()),
                   .salespersons = OptionalCount(business.getSalespersons(), "business.salespersons", context),
                   .annual_turnover_cny =
                       OptionalCount(business.getAnnualTurnoverCny(), "business.annualTurnoverCny", context),
                   .annual_live_sessions =
                       OptionalCount(business.getAnnualLiveSessions(), "business.annualLiveSessions", context)},
      .quality_management = {.system = Decode(quality.getSystem()),
                             .organisation = Decode(quality.getOrganisation()),
                             .personnel = Decode(quality.getPersonnel()),
                             .goods = Decode(quality.getGoods()),
                             .live_information = Decode(quality.getLiveInformation()),
                             .consumer_protection = Decode(quality.getConsumerProtection())},
      .service_capability = {.quality = Decode(service.getQuality()),
                             .efficiency = Decode(service.getEfficiency()),
                             .effect = Decode(service.getEffect()),
                             .satisfaction = Decode(service.getSatisfaction()),
                             .complaint_handling_rate = Decode(service.getComplaintHandlingRate()),
                             .problem_resolution_rate = Decode(service.getProblemResolutionRate())},
      .performance_indicators = std::move(indicators),
      .declarations = {.materials_true = declarations.getMaterialsTrue(),
                       .accepts_audit = declarations.getAcceptsAudit(),
                       .follows_rules = declarations.getFollowsRules(),
                       .continuous_improvement = declarations.getContinuousImprovement()},
      .applied_on = context.OptionalDate(in.getAppliedOn(), "form.appliedOn"),
      .eligibility = {.legal_entity = eligibility.getLegalEntity(),
                      .qms_established = eligibility.getQmsEstablished(),
                      .meets_standard = eligibility.getMeetsStandard(),
                      .no_major_accident_12m = eligibility.getNoMajorAccident12m(),
                      .has_resources = eligibility.getHasResources()},
      .materials = TextList(in.getMaterials()),
      .scope = Str(in.getScope())};
}

}  // namespace certreg::codec::internal
