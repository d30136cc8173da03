#!/usr/bin/env python3
"""Latency of lookups from new clients while hostile clients hold connections.

Usage:
  bench/hostile_clients.py --certreg build/release/certreg [--idle 275] [--trickling 275] [--lookups 200]
  bench/hostile_clients.py --target 127.0.0.1:8080 [...]

With --certreg it starts `certreg serve` on a fresh directory (port 0) and,
at the end, measures how long it takes to exit after SIGTERM while the
hostile connections are still held. With --target it uses a running server.

Hostile clients: --idle connections that never send a byte, and --trickling
connections that send the start of a request and then one byte every
--pace seconds. Connections the server closes (keep-alive timeout, 408) are
opened again at once, so the given numbers stay held for the whole run.
While they are held, --lookups public lookups are made one after another,
each from a new connection; their latencies are printed (min, median, p95,
p99, max), first without the hostile clients (baseline), then with them.
Python standard library only.
"""

import argparse
import os
import resource
import select
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time

LOOKUP = b"GET /public/v1/certificates/CMM-525-2026-99999 HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"
TRICKLE_HEAD = b"GET /healthz HTTP/1.1\r\nHost: bench\r\nX-Slow: "


def connect(host, port):
    s = socket.create_connection((host, port), timeout=10)
    s.setblocking(False)
    return s


def lookup(host, port, timeout):
    """One lookup on a new connection: (seconds, status); status 0 when unanswered within `timeout`."""
    start = time.perf_counter()
    data = b""
    try:
        with socket.create_connection((host, port), timeout=timeout) as s:
            s.sendall(LOOKUP)
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
    except OSError:
        data = b""
    elapsed = time.perf_counter() - start
    status = int(data[9:12]) if data.startswith(b"HTTP/") else 0
    return elapsed, status


def measure(host, port, count, timeout):
    results = [lookup(host, port, timeout) for _ in range(count)]
    times = sorted(t for t, _ in results)
    statuses = sorted({s for _, s in results})
    q = lambda p: times[min(len(times) - 1, int(p * len(times)))]
    return {
        "min": times[0] * 1000, "median": statistics.median(times) * 1000, "p95": q(0.95) * 1000,
        "p99": q(0.99) * 1000, "max": times[-1] * 1000, "statuses": statuses,
    }


class Hostile:
    """Holds `idle` silent and `trickling` slow connections until stop()."""

    def __init__(self, host, port, idle, trickling, pace):
        self.host, self.port, self.pace = host, port, pace
        self.idle = [connect(host, port) for _ in range(idle)]
        self.trickling = [self._trickler() for _ in range(trickling)]
        self.reopened = 0
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _trickler(self):
        s = connect(self.host, self.port)
        s.send(TRICKLE_HEAD)
        return s

    def _closed(self, s):
        readable, _, _ = select.select([s], [], [], 0)
        if not readable:
            return False
        try:
            return True  # the server answered (408) or closed: either way this one is done
        finally:
            s.close()

    def _run(self):
        while self.running:
            for i, s in enumerate(self.idle):
                if self._closed(s):
                    self.idle[i] = connect(self.host, self.port)
                    self.reopened += 1
            for i, s in enumerate(self.trickling):
                try:
                    if self._closed(s):
                        raise OSError("closed")
                    s.send(b"a")
                except OSError:
                    self.trickling[i] = self._trickler()
                    self.reopened += 1
            time.sleep(self.pace)

    def stop(self):
        self.running = False
        self.thread.join()
        for s in self.idle + self.trickling:
            s.close()


def start_server(certreg):
    data = tempfile.mkdtemp(prefix="certreg-hostile-")
    subprocess.run([certreg, "init", "--data", os.path.join(data, "registry")], check=True, stdout=subprocess.DEVNULL)
    proc = subprocess.Popen([certreg, "serve", "--data", os.path.join(data, "registry"), "--listen", "127.0.0.1:0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in proc.stdout:
        if line.startswith("listening on http://"):
            return proc, int(line.rsplit(":", 1)[1]), data
    raise SystemExit("certreg serve did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--certreg", help="the certreg binary: start a server on a fresh directory")
    where.add_argument("--target", help="HOST:PORT of a running server")
    parser.add_argument("--idle", type=int, default=275)
    parser.add_argument("--trickling", type=int, default=275)
    parser.add_argument("--pace", type=float, default=0.2, help="seconds between a trickler's bytes")
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=10, help="seconds a lookup may take (status 0 after)")
    parser.add_argument("--hold", type=float, default=12, help="seconds to hold before measuring (past the timeouts)")
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    proc = data = None
    if args.certreg:
        proc, port, data = start_server(args.certreg)
        host = "127.0.0.1"
    else:
        host, port = args.target.rsplit(":", 1)
        port = int(port)

    try:
        base = measure(host, port, args.lookups, args.timeout)
        print(f"baseline: {args.lookups} lookups from new clients: min {base['min']:.2f} ms, median {base['median']:.2f} ms, "
              f"p95 {base['p95']:.2f} ms, p99 {base['p99']:.2f} ms, max {base['max']:.2f} ms, statuses {base['statuses']}")
        hostile = Hostile(host, port, args.idle, args.trickling, args.pace)
        time.sleep(args.hold)
        held = measure(host, port, args.lookups, args.timeout)
        print(f"holding {args.idle} idle + {args.trickling} trickling connections for {args.hold:.0f} s "
              f"({hostile.reopened} reopened after the server closed them): {args.lookups} lookups: "
              f"min {held['min']:.2f} ms, median {held['median']:.2f} ms, p95 {held['p95']:.2f} ms, "
              f"p99 {held['p99']:.2f} ms, max {held['max']:.2f} ms, statuses {held['statuses']}")
        if proc is not None:
            start = time.perf_counter()
            proc.send_signal(signal.SIGTERM)
            try:
                code = proc.wait(timeout=60)
                print(f"SIGTERM while they are held: certreg serve exited {code} after {time.perf_counter() - start:.2f} s")
            except subprocess.TimeoutExpired:
                proc.kill()
                print("SIGTERM while they are held: certreg serve still running after 60 s (killed)")
        hostile.stop()
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        if data is not None:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
