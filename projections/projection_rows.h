// Internal to the projections: the rows that follow a file's current state
// (the certificate and its work-queue entry), as pure functions of the state
// and the scheme.
#pragma once

#include <string>

#include "certreg/domain/file_state.h"
#include "certreg/domain/scheme.h"
#include "certreg/projections/rows.h"

namespace certreg::projections::internal {

// True when the holder is a live salesperson (a natural person): the
// address is personal data and is not projected (domain.md §2, §7).
bool AddressWithheld(const domain::FileState& state);

// Annex B.2 content for a changed field (holder_name -> 名称变更, ...).
std::string ChangeContent(const std::string& field);

// 注册地址 / 经营地址 for an address kind's wire name; the name itself otherwise.
std::string AddressKindText(const std::string& wire);

// Requires state.certificate. The scheme gives the certificate's fixed items
// and the grounds texts.
CertificateRow BuildCertificateRow(const std::string& file_id, const domain::FileState& state,
                                   const domain::Scheme& scheme);

// The stage, due date and clocks as the domain reads them (domain::StageOf,
// DueOn, OverdueClocks); the scheme gives the rule period of scheme_expired.
WorkQueueRow BuildWorkQueueRow(const std::string& file_id, const domain::FileState& state,
                               const domain::Scheme& scheme);

}  // namespace certreg::projections::internal
