// Internal to the projections: the public index read model, postings with
// empty values in proj_public_index ("u" ‖ USCC and "g" ‖ gram, each ‖ 0x00 ‖
// number; keys.h), kept for the current and former names of each certificate;
// read by query.h's Search and CertificatesByUscc.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/domain/file_state.h"
#include "certreg/projections/project.h"
#include "certreg/projections/row_reader.h"

namespace certreg::projections::internal {

using projections::IndexInputs;
IndexInputs IndexInputsOf(const domain::FileState& state);
// Whether `state`'s inputs are `inputs`, without copying them.
bool SameIndexInputs(const IndexInputs& inputs, const domain::FileState& state);

// The public index postings of a file's certificate, sorted; none without one.
std::vector<std::string> IndexKeys(const IndexInputs& inputs);
std::vector<std::string> IndexKeys(const domain::FileState& state);

// Appends to `out` an empty row in `column_family` for each of `new_keys`
// not in `old_keys`, and a deletion for each of `old_keys` not in
// `new_keys`; both sorted. How every index of keys without values changes.
// Takes `new_keys` over (moved into `out` where they are all new).
void KeyChanges(const char* column_family, const std::vector<std::string>& old_keys,
                std::vector<std::string> new_keys, ProjectionWrites& out);

// The certificate numbers of the postings under `prefix` (UsccPrefix, GramPrefix).
Result<std::set<std::string>> Postings(const RowReader& reader, const std::string& prefix);

// ASCII letters upper-cased, as USCCs and certificate numbers are written.
std::string AsciiUpper(std::string text);

}  // namespace certreg::projections::internal
