// Queries over the projection tables (domain.md §6, api.md "Public" and the
// work queue), on any RowReader. Read-only and deterministic: results are in
// key order (certificate number, file id, stream version). Thread-safe when
// the reader is.
//
// Errors: NotFound for an unknown certificate; InvalidArgument for a bad
// page, page size, or stage; Corruption when a stored row does not decode;
// the reader's own errors pass through.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certreg/common/status.h"
#include "certreg/domain/date.h"
#include "certreg/domain/held_scopes.h"
#include "certreg/domain/values.h"
#include "certreg/projections/row_reader.h"
#include "certreg/projections/rows.h"

namespace certreg::projections {

inline constexpr int kDefaultPageSize = 20;  // api.md
inline constexpr int kMaxPageSize = 100;     // api.md
inline constexpr int kMaxExportPageSize = 10'000;  // a search as CSV (platforms.md §1)

// The work-queue stage values of api.md, in its order: domain::ToWire of
// each of domain::AllStages.
const std::vector<std::string>& StageValues();

Result<CertificateRow> CertificateByNumber(const RowReader& reader, const std::string& number);

// Every certificate whose holder has this unified social credit code (one
// holder may hold several, for different scopes), by number; empty when none.
// Lower-case letters are accepted.
Result<std::vector<CertificateRow>> CertificatesByUscc(const RowReader& reader, const std::string& uscc);

struct SearchQuery {
  // Matches a certificate number, a USCC, or any part (at least one code
  // point) of a current or former holder name, each compared in its search
  // form (text::SearchForm: NFKC with case folding, traditional characters as
  // simplified ones, no white space or punctuation), so a number matches with
  // or without its dashes and a USCC in either case. Empty (or only white
  // space) lists every certificate; only punctuation matches nothing.
  std::string q;
  std::optional<domain::CertificateStatus> status;  // only certificates with this status
  int page = 1;                                     // from 1
  int page_size = kDefaultPageSize;                 // 1..kMaxExportPageSize (the API holds JSON to kMaxPageSize)
};

struct SearchPage {
  std::vector<CertificateRow> items;  // ordered by certificate number
  std::uint64_t total = 0;            // matches on every page
  int page = 1;
  int page_size = kDefaultPageSize;
};

// Names are found through the n-gram index: a q of at most kMaxGramLength
// code points starts a gram of every name holding it (the postings of those
// grams are its matches: the total is their count of numbers and only the
// page's rows are read, unless a status filter needs every row); a longer q
// reads the rows of its rarest gram's postings and checks their names.
Result<SearchPage> Search(const RowReader& reader, const SearchQuery& query);

// Annex B.2 / B.3 / B.4 rows of a certificate, oldest first. NotFound when
// there is no such certificate.
Result<std::vector<ChangeRow>> ChangeHistory(const RowReader& reader, const std::string& number);
Result<std::vector<StatusRow>> StatusHistory(const RowReader& reader, const std::string& number);
Result<std::vector<SurveillanceRow>> SurveillanceHistory(const RowReader& reader, const std::string& number);

struct WorkQueueQuery {
  std::optional<std::string> stage;  // one of StageValues(); another is InvalidArgument
  domain::Date today;                // for the overdue reasons
  bool overdue_only = false;         // only files with at least one overdue reason on `today`
  int page = 1;
  int page_size = kDefaultPageSize;
};

struct WorkQueueItem {
  WorkQueueRow row;
  std::vector<domain::OverdueReason> overdue_reasons;  // on the query's `today`
};

struct WorkQueuePage {
  std::vector<WorkQueueItem> items;  // ordered by file id
  std::uint64_t total = 0;
  int page = 1;
  int page_size = kDefaultPageSize;
};

Result<WorkQueuePage> WorkQueue(const RowReader& reader, const WorkQueueQuery& query);

// The files that hold `held` (domain::HeldScopes: an open application or a
// VALID or SUSPENDED certificate for that USCC and scope), by file id.
Result<std::vector<std::string>> FilesHolding(const RowReader& reader, const domain::HeldScope& held);

}  // namespace certreg::projections
