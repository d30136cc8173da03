#include "certreg/domain/events.h"

#include "certreg/domain/type_name.h"

namespace certreg::domain {

static_assert(kNamesUnique<EventBody>, "two event types share a wire name");

std::string_view EventTypeName(const EventBody& body) { return TypeName(body); }

}  // namespace certreg::domain
