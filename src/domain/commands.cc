#include "certreg/domain/commands.h"

#include "certreg/domain/type_name.h"

namespace certreg::domain {

static_assert(kNamesUnique<Command>, "two command types share a name");

std::string_view CommandName(const Command& command) { return TypeName(command); }

}  // namespace certreg::domain
