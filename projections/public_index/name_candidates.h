// Internal to the projections: reading name postings for a search (search.cc).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/projections/row_reader.h"
#include "certreg/projections/rows.h"

namespace certreg::projections::internal {

// Certificate numbers, sorted, each once; the views point into `bytes`,
// which moves with them.
struct NumberList {
  std::vector<char> bytes;
  std::vector<std::string_view> numbers;
};

// For a search form of at most kMaxGramLength code points: the numbers of
// the certificates whose names hold `form`, read from the postings of every
// gram starting with it (keys.h, GramStartPrefix). Reads each posting once,
// copying only its number: the cost of a search grows with its matches.
Result<NumberList> ShortFormMatches(const RowReader& reader, const std::string& form);

// For a search form of more than kMaxGramLength code points: the postings of
// the rarest of its grams of kMaxGramLength code points, a superset of the
// certificates whose names hold `form` (NameHolds decides).
Result<std::set<std::string>> NameCandidates(const RowReader& reader, const std::string& form);

// Whether the search form of the current or a former name of `row` holds `form`.
bool NameHolds(const CertificateRow& row, const std::string& form);

}  // namespace certreg::projections::internal
