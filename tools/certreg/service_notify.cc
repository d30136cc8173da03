#include "certreg/service_notify.h"

#include <systemd/sd-daemon.h>

namespace certreg::tool {

// unset_environment = 0: the variable stays for any later message (STOPPING=1).
void NotifyReady() { sd_notify(0, "READY=1"); }

void NotifyStopping() { sd_notify(0, "STOPPING=1"); }

}  // namespace certreg::tool
