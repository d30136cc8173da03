// Internal to the projections: reading name postings for a search (search.cc).
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/projections/row_reader.h"
#include "certreg/projections/rows.h"

namespace certreg::projections::internal {

// The certificate numbers of the first `limit` postings under `prefix`, in order.
Result<std::vector<std::string>> FirstPostings(const RowReader& reader, const std::string& prefix, std::size_t limit);

// For a search form of more than kMaxGramLength code points: the postings of
// the rarest of its grams of kMaxGramLength code points, a superset of the
// certificates whose names hold `form` (NameHolds decides).
Result<std::set<std::string>> NameCandidates(const RowReader& reader, const std::string& form);

// Whether the search form of the current or a former name of `row` holds `form`.
bool NameHolds(const CertificateRow& row, const std::string& form);

}  // namespace certreg::projections::internal
