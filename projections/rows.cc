// The rows' own questions: validity and overdue reasons. Their stored bytes
// are the codec's (include/certreg/codec/row_codec.h).
#include "certreg/projections/rows.h"

namespace certreg::projections {

bool InValidity(const CertificateRow& row, domain::Date today) {
  return row.valid_from <= today && today <= row.valid_until;
}

std::vector<std::string> OverdueReasons(const WorkQueueRow& row, domain::Date today) {
  std::vector<std::string> out;
  for (const OverdueClock& clock : row.clocks) {
    if (today > clock.due_on) out.push_back(clock.reason);
  }
  if (row.scheme_expired) out.push_back("scheme_expired");
  return out;
}

}  // namespace certreg::projections
