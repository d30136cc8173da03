"""trust.witnesses (trust.md §6, §7): `certreg serve` with witnesses written
from the tlog-witness text (tests/trust/witness.py).

  1. Three witnesses, quorum 2, one of them holding a forged checkpoint of
     the log: the served checkpoint carries valid cosignatures of the other
     two; the forged one is answered 409, then refuses the proof (422) and
     never cosigns; without growth the cosignatures are renewed (refresh).
  2. Restarted with two witnesses, quorum all: the kept checkpoint, which
     carries both cosignatures, is served at once; with one witness down the
     log grows, the other cosigns, and /log/checkpoint stays at the old size
     until the witness comes back.
  3. Restarted with a third witness that holds an older checkpoint of the
     log: certreg, knowing nothing of it, sends old 0, gets 409 with its
     size, proves from there and is cosigned.

    witnesses_test.py CERTREG_BINARY
"""

import atexit
import base64
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "ops"))

from witness import Witness, open_cosignatures, split_note, parse_vkey  # noqa: E402
from kill9_campaign import application_body, registry_today  # noqa: E402

CERTREG = sys.argv[1]
WORK = tempfile.mkdtemp(prefix="certreg-witnesses-")
DATA = os.path.join(WORK, "data")
RUNNING = []  # servers to kill if the test stops half-way


@atexit.register
def _clean_up():
    for proc in RUNNING:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    shutil.rmtree(WORK, ignore_errors=True)


def run(*args):
    out = subprocess.run([CERTREG, *args], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        sys.exit("certreg %s: %s" % (" ".join(args), out.stderr))
    return out.stdout


class Server:
    def __init__(self, *args):
        self.err = open(os.path.join(WORK, "server.err"), "ab")
        self.proc = subprocess.Popen([CERTREG, "serve", "--data", DATA, "--listen", "127.0.0.1:0", "--sweep-interval",
                                      "0", "--checkpoint-interval", "0.2", *args],
                                     stdout=subprocess.PIPE, stderr=self.err)
        RUNNING.append(self.proc)
        line = self.proc.stdout.readline().decode()
        if not line.startswith("listening on http://"):
            self.proc.kill()
            sys.exit("certreg serve did not start: %s" % open(os.path.join(WORK, "server.err")).read())
        self.port = int(line.strip().rsplit(":", 1)[1])
        threading.Thread(target=lambda: self.proc.stdout.read(), daemon=True).start()

    def get(self, path, token=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path, headers={"Authorization": "Bearer " + token} if token else {})
        res = conn.getresponse()
        return res.status, res.read().decode()

    def post(self, path, token, body):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("POST", path, body=json.dumps(body).encode(),
                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        res = conn.getresponse()
        data = res.read()
        if res.status // 100 != 2:
            sys.exit("POST %s: %d %s" % (path, res.status, data[:300]))

    def checkpoint(self):
        """(size, note) of GET /log/checkpoint, or (None, None) before one is published."""
        status, note = self.get("/log/checkpoint")
        if status != 200:
            return None, None
        return int(note.split("\n")[1]), note

    def served(self, size):
        """The checkpoint served once it is of `size` (a truthy (size, note)), else None."""
        cp = self.checkpoint()
        return cp if cp[0] == size else None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        if self.proc.wait(timeout=60) != 0:
            sys.exit("certreg serve stopped with %d" % self.proc.returncode)


def wait_for(what, condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    sys.exit("timed out waiting for " + what + "; the server's log:\n" + open(os.path.join(WORK, "server.err")).read())


def check(ok, what):
    if not ok:
        sys.exit("FAILED: " + what + "\nthe server's log:\n" + open(os.path.join(WORK, "server.err")).read())
    print("ok: " + what)


posted = [0]


def grow(server, clerk, count):
    for _ in range(count):
        posted[0] += 1
        server.post("/api/v1/applications", clerk, application_body(posted[0], registry_today()))


def log_size(server, regulator):
    return json.loads(server.get("/api/v1/log/head", regulator)[1])["size"]


def witness_flags(*witnesses):
    flags = []
    for w in witnesses:
        flags += ["--witness", w.name + "=" + w.url, "--witness-vkey", w.vkey]
    return flags


def main():
    run("init", "--data", DATA)
    clerk = run("token", "create", "--data", DATA, "--role", "clerk", "--name", "li.na").strip().splitlines()[-1]
    regulator = run("token", "create", "--data", DATA, "--role", "regulator", "--name", "wu.min").strip().splitlines()[-1]
    log_vkey = run("log", "key", "--data", DATA).splitlines()[0]
    origin = log_vkey.split("+")[0]
    logs = {origin: log_vkey}
    a = Witness("witness.test/a", bytes([1] * 32), logs)
    b = Witness("witness.test/b", bytes([2] * 32), logs)
    c = Witness("witness.test/c", bytes([3] * 32), logs)
    c.state[origin] = (1, b"\x42" * 32)  # a forged checkpoint of size 1: no proof from it can verify
    for w in (a, b, c):
        w.start()

    # 1. Cosigning, a refused proof, re-witnessing.
    server = Server(*witness_flags(a, b, c), "--witness-quorum", "2", "--witness-refresh", "1")
    grow(server, clerk, 5)
    n1 = log_size(server, regulator)
    _, note = wait_for("the checkpoint of size %d" % n1, lambda: server.served(n1))
    _, log_sigs = split_note(note)
    name, kid, public = parse_vkey(log_vkey, 0x01)
    check(any(s[0] == name and s[1] == kid for s in log_sigs), "the served checkpoint carries the log's signature")
    check(len(open_cosignatures(note, a.vkey)) == 1 and len(open_cosignatures(note, b.vkey)) == 1,
          "the served checkpoint carries valid cosignatures of witnesses a and b")
    check(open_cosignatures(note, c.vkey) == [], "witness c, holding a forged checkpoint, did not cosign")
    check(any(r[0] == 0 and r[2] == 409 for r in c.requests), "witness c answered old 0 with 409 and its size")
    wait_for("certreg to prove from c's size 1", lambda: any(r[0] == 1 for r in c.requests))
    check(any(r[0] == 1 and r[2] == 422 for r in c.requests), "certreg proved from c's size 1 and c refused (422)")
    check(c.state[origin] == (1, b"\x42" * 32), "witness c's state is unchanged")
    first = open_cosignatures(note, a.vkey)[0]
    renewed = wait_for("a renewed cosignature of a",
                       lambda: (lambda cp: cp and open_cosignatures(cp[1], a.vkey)[0] > first and cp)(server.served(n1)))
    check(log_size(server, regulator) == n1, "without growth the checkpoint of size %d is cosigned again, later" % n1)
    server.stop()

    # 2. Quorum all, one witness down.
    server = Server(*witness_flags(a, b))
    size, note = server.checkpoint()
    check(size == n1 and len(open_cosignatures(note, b.vkey)) == 1,
          "at start the kept checkpoint with a quorum of cosignatures is served at once")
    b.stop()
    grow(server, clerk, 6)
    n2 = log_size(server, regulator)
    wait_for("witness a to cosign size %d" % n2, lambda: a.state[origin][0] == n2)
    time.sleep(1.5)  # rounds of signing and of retrying b
    check(server.checkpoint()[0] == n1, "with witness b down and quorum all, /log/checkpoint stays at size %d" % n1)
    b.start(port=b.port)
    _, note = wait_for("the checkpoint of size %d" % n2, lambda: server.served(n2))
    check(len(open_cosignatures(note, a.vkey)) == 1 and len(open_cosignatures(note, b.vkey)) == 1,
          "once b is back the checkpoint of size %d is served, cosigned by a and b" % n2)
    server.stop()

    # 3. 409 recovery: a witness that holds an older checkpoint of the log.
    d = Witness("witness.test/d", bytes([4] * 32), logs)
    d.state[origin] = (n1, base64.b64decode(renewed[1].split("\n")[2]))  # the root of size n1
    d.start()
    server = Server(*witness_flags(a, b, d))
    size, note = wait_for("the checkpoint cosigned by d", lambda: (lambda cp: cp[0] and open_cosignatures(cp[1], d.vkey)
                                                                   and cp)(server.checkpoint()))
    check(size == n2 and len(open_cosignatures(note, a.vkey)) == 1 and len(open_cosignatures(note, b.vkey)) == 1,
          "the served checkpoint of size %d carries the cosignatures of a, b and d" % n2)
    check(d.requests[0] == (0, n2, 409) and (n1, n2, 200) in d.requests,
          "witness d answered old 0 with 409 (size %d); certreg proved from %d and was cosigned" % (n1, n1))
    check(d.state[origin][0] == n2, "witness d holds size %d now" % n2)
    server.stop()
    for w in (a, b, c, d):
        w.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
