// The Annex A sections whose members are all of one kind, as api.md names
// them: read from a request body (command_bodies_application.cc) and written
// back (render.cc) from these one lists.
#pragma once

#include <utility>

#include "certreg/domain/application_form.h"

namespace certreg::http::form_sections {

template <typename Section, typename Value>
using Member = std::pair<const char*, Value Section::*>;

using domain::Declarations;
using domain::Eligibility;
using domain::QualityManagementStatus;
using domain::ServiceCapabilityStatus;
using domain::StatusAndPlan;

inline constexpr Member<QualityManagementStatus, StatusAndPlan> kQualityManagement[] = {
    {"system", &QualityManagementStatus::system},
    {"organisation", &QualityManagementStatus::organisation},
    {"personnel", &QualityManagementStatus::personnel},
    {"goods", &QualityManagementStatus::goods},
    {"live_information", &QualityManagementStatus::live_information},
    {"consumer_protection", &QualityManagementStatus::consumer_protection}};

inline constexpr Member<ServiceCapabilityStatus, StatusAndPlan> kServiceCapability[] = {
    {"quality", &ServiceCapabilityStatus::quality},
    {"efficiency", &ServiceCapabilityStatus::efficiency},
    {"effect", &ServiceCapabilityStatus::effect},
    {"satisfaction", &ServiceCapabilityStatus::satisfaction},
    {"complaint_handling_rate", &ServiceCapabilityStatus::complaint_handling_rate},
    {"problem_resolution_rate", &ServiceCapabilityStatus::problem_resolution_rate}};

inline constexpr Member<Declarations, bool> kDeclarations[] = {
    {"materials_true", &Declarations::materials_true},
    {"accepts_audit", &Declarations::accepts_audit},
    {"follows_rules", &Declarations::follows_rules},
    {"continuous_improvement", &Declarations::continuous_improvement}};

inline constexpr Member<Eligibility, bool> kEligibility[] = {
    {"legal_entity", &Eligibility::legal_entity},
    {"qms_established", &Eligibility::qms_established},
    {"meets_standard", &Eligibility::meets_standard},
    {"no_major_accident_12m", &Eligibility::no_major_accident_12m},
    {"has_resources", &Eligibility::has_resources}};

}  // namespace certreg::http::form_sections
