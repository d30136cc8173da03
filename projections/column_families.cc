// The column families of the read models (include/certreg/projections/keys.h).
#include "certreg/projections/keys.h"

namespace certreg::projections {

std::vector<std::string> ProjectionColumnFamilies() {
  return {kCertificatesCf, kChangesCf,     kStatusHistoryCf, kSurveillanceCf,
          kWorkQueueCf,    kPublicIndexCf, kHeldScopesCf, kFeedCf};
}

std::vector<std::string> SequentialProjectionColumnFamilies() {
  // Overwritten: a certificate's row, a file's work item. In order after
  // their head (the number, or the first 0x00 of a position): a
  // certificate's history rows, the feed.
  return {kCertificatesCf, kWorkQueueCf, kChangesCf, kStatusHistoryCf, kSurveillanceCf, kFeedCf};
}

}  // namespace certreg::projections
