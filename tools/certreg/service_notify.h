// The server's messages to systemd (sd_notify(3)) for a `Type=notify` unit.
// Each is a no-op unless systemd set NOTIFY_SOCKET in the environment, so the
// server runs the same from a terminal, a test or a container. Failures to
// send are ignored: systemd's own start timeout reports a server that never
// said READY. Thread-safe.
#pragma once

namespace certreg::tool {

// "READY=1": the socket listens; connections are accepted from now on.
void NotifyReady();

// "STOPPING=1": a stop signal arrived; the requests in flight finish, then the store closes.
void NotifyStopping();

}  // namespace certreg::tool
