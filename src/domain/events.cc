#include "certreg/domain/events.h"

#include "certreg/domain/type_name.h"

namespace certreg::domain {

static_assert(kNamesUnique<EventBody>, "two event types share a wire name");

std::string_view EventTypeName(const EventBody& body) { return TypeName(body); }

bool IsPublicEvent(std::string_view type_name) {
  for (std::string_view name : {CertificateIssued::kName, CertificateRenewed::kName, CertificateChanged::kName,
                                CertificateReissued::kName, CertificateSuspended::kName, CertificateReinstated::kName,
                                CertificateRevoked::kName, CertificateCancelled::kName, CancellationAnnounced::kName}) {
    if (name == type_name) return true;
  }
  return false;
}

}  // namespace certreg::domain
