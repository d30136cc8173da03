#!/usr/bin/env python3
"""ops.sd_notify: `certreg serve` speaks systemd's notify protocol (Type=notify)
without systemd. The test binds the unix datagram socket systemd would, starts
the server with NOTIFY_SOCKET pointing at it, and requires READY=1 once the
port answers and STOPPING=1 after SIGTERM, then a clean exit. With
NOTIFY_SOCKET naming no socket the server runs and stops as usual.

    tests/ops/sd_notify.py CERTREG_BINARY
"""
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile

TIMEOUT = 30.0


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def start(certreg, data, notify_socket, work):
    env = dict(os.environ, NOTIFY_SOCKET=notify_socket)
    err = open(os.path.join(work, "server.err"), "wb")
    return subprocess.Popen([certreg, "serve", "--data", data, "--listen", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=err, env=env, text=True)


def port_of(server):
    line = server.stdout.readline()
    if not line.startswith("listening on http://"):
        fail(f"expected 'listening on http://HOST:PORT', got {line!r}")
    return int(line.strip().rsplit(":", 1)[1])


def healthz_status(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status
    finally:
        conn.close()


def stop(server):
    server.send_signal(signal.SIGTERM)
    try:
        return server.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
        fail("the server did not stop within 30 s of SIGTERM")


def receive(sock, what):
    sock.settimeout(TIMEOUT)
    try:
        return sock.recv(4096).decode()
    except socket.timeout:
        fail(f"no {what} message within 30 s")


def main():
    certreg = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="certreg-notify-") as work:
        data = os.path.join(work, "data")
        subprocess.run([certreg, "demo", "--data", data], check=True, stdout=subprocess.DEVNULL)

        path = os.path.join(work, "notify.sock")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(path)
        server = start(certreg, data, path, work)
        try:
            ready = receive(sock, "READY=1")
            if ready.strip() != "READY=1":
                fail(f"the first message is {ready!r}, not READY=1")
            # READY=1 means the socket listens: the port answers at once.
            port = port_of(server)
            if healthz_status(port) != 200:
                fail("/healthz did not answer 200 after READY=1")
            sock.setblocking(False)
            try:
                early = sock.recv(4096).decode()
                fail(f"a second message before SIGTERM: {early!r}")
            except BlockingIOError:
                pass
            server.send_signal(signal.SIGTERM)
            stopping = receive(sock, "STOPPING=1")
            if stopping.strip() != "STOPPING=1":
                fail(f"after SIGTERM the message is {stopping!r}, not STOPPING=1")
            code = server.wait(timeout=TIMEOUT)
            if code != 0:
                fail(f"the server exited {code} after SIGTERM")
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
            sock.close()
        print("READY=1 once listening, STOPPING=1 on SIGTERM, exit 0")

        # A NOTIFY_SOCKET that names nothing changes nothing.
        server = start(certreg, data, os.path.join(work, "absent.sock"), work)
        try:
            port = port_of(server)
            if healthz_status(port) != 200:
                fail("/healthz did not answer 200 with a NOTIFY_SOCKET naming no socket")
        finally:
            code = stop(server)
        if code != 0:
            fail(f"with a NOTIFY_SOCKET naming no socket the server exited {code}")
        print("without a notify socket: serves and stops as usual")


if __name__ == "__main__":
    main()
