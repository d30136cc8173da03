// The column families of the read models (include/certreg/projections/keys.h).
#include "certreg/projections/keys.h"

namespace certreg::projections {

std::vector<std::string> ProjectionColumnFamilies() {
  return {kCertificatesCf, kChangesCf,     kStatusHistoryCf, kSurveillanceCf,
          kWorkQueueCf,    kPublicIndexCf, kHeldScopesCf, kFeedCf};
}

}  // namespace certreg::projections
