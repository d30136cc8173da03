// The rows' own questions: validity and overdue reasons. Their stored bytes
// are the codec's (include/certreg/codec/row_codec.h).
#include "certreg/projections/rows.h"

namespace certreg::projections {

bool InValidity(const CertificateRow& row, domain::Date today) {
  return row.valid_from <= today && today <= row.valid_until;
}

std::vector<domain::OverdueReason> OverdueReasons(const WorkQueueRow& row, domain::Date today) {
  return domain::OverdueReasons(row.clocks, row.scheme_expired, today);
}

}  // namespace certreg::projections
