#!/usr/bin/env python3
"""Backup under write load, restore, verify: every answer matches the source
at the backup's position (operations.md §3; README, "Backup and
restore").

Makes a store with `certreg demo`, creates tokens (admin, clerk, regulator),
puts a key file into the data directory and starts `certreg serve` on it.
Concurrent writers submit applications (each with a scope of its own) while
`certreg backup` takes two backups through the running server (a token in
CERTREG_TOKEN); the writers go on after the second, then the server stops.
Each backup is restored with `certreg restore` (which verifies the chain and
the read models itself) into a new directory and served, and checked:

  * its log head (GET /api/v1/log/head, with the regulator token made before
    the backup: token hashes travel with the backup) has the size the backup
    reported and the hash of the source's event at that position;
  * `certreg dump --json` of it equals the source's first log_size events;
  * every demo certificate and file (no writer touches them): the public
    answer, the history, the search and the staff answers equal the source's;
  * every writer's file: the staff answer and its events equal the source's
    when the file's event is below the backup's position, and it is unknown
    (404) when it is not;
  * the key file was restored.

Also: without a token the backup of a served directory exits 2 naming
--token-file and CERTREG_TOKEN; the second backup holds more events than the
first; each comparison compared more than zero items; a backup with a flipped byte in its table files
makes `certreg restore` exit 1 and leaves nothing at its target, and a
restore into a directory that is not empty exits 2.

    python3 tests/ops/backup_restore.py --certreg build/test/certreg
Exit 0 when every check holds, 1 when one fails, 2 when the test cannot run.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import raw_http  # noqa: E402


class Failed(Exception):
    """A check did not hold."""


def check(condition, message):
    if not condition:
        raise Failed(message)


def run(binary, *args, env=None, expect=0):
    out = subprocess.run([binary, *args], capture_output=True, text=True, timeout=300, env=env)
    if expect is not None and out.returncode != expect:
        raise Failed("certreg %s: exit %d, expected %d\n%s%s" % (" ".join(args), out.returncode, expect, out.stdout,
                                                                 out.stderr))
    return out


def get(port, path, token=None):
    status, _, body = raw_http.request(port, "GET", path, token)
    return status, body


class Server:
    def __init__(self, binary, data, work, name):
        self.binary, self.data = binary, data
        self.err = open(os.path.join(work, name + ".err"), "ab")
        self.proc = subprocess.Popen([binary, "serve", "--data", data, "--listen", "127.0.0.1:0",
                                      "--sweep-interval", "0",
                                      # one address for every server: the answers print it
                                      "--public-base-url", "https://registry.example.cn"], stdout=subprocess.PIPE, stderr=self.err)
        deadline = time.monotonic() + 60
        self.port = None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline().decode()
            if not line:
                break
            if line.startswith("listening on http://"):
                self.port = int(line.strip().rsplit(":", 1)[1])
                threading.Thread(target=self.proc.stdout.read, daemon=True).start()
                return
        self.stop()
        raise RuntimeError("certreg serve did not start on " + data)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.err.close()


def writer(port, token, stop, acks, errors):
    while not stop.is_set():
        try:
            status, _, body = raw_http.request(port, "POST", "/api/v1/applications", token, raw_http.application())
            if status != 201:
                errors.append("POST /api/v1/applications: %d %s" % (status, body[:200]))
                return
            answer = json.loads(body)
            acks.append((answer["file_id"], answer["position"]))
        except OSError as e:
            errors.append(str(e))
            return


def wait_for(condition, what, seconds=120):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out waiting for " + what)
        time.sleep(0.01)


def answers(port, tokens, certificates, files):
    """Every answer compared, by path: public and staff, for certificates and files."""
    out = {}
    out["/public/v1/certificates?page_size=100"] = get(port, "/public/v1/certificates?page_size=100")
    for no in certificates:
        for path in ("/public/v1/certificates/%s" % no, "/public/v1/certificates/%s/history" % no):
            out[path] = get(port, path)
        out["/api/v1/certificates/%s" % no] = get(port, "/api/v1/certificates/%s" % no, tokens["clerk"])
        out["/api/v1/certificates/%s/events" % no] = get(port, "/api/v1/certificates/%s/events" % no,
                                                         tokens["regulator"])
    for file_id in files:
        out["/api/v1/files/%s" % file_id] = get(port, "/api/v1/files/%s" % file_id, tokens["clerk"])
        out["/api/v1/files/%s/events" % file_id] = get(port, "/api/v1/files/%s/events?limit=1000" % file_id,
                                                       tokens["regulator"])
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--certreg", required=True)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    binary = os.path.abspath(args.certreg)
    work = tempfile.mkdtemp(prefix="certreg-backup-")
    servers = []
    try:
        source = os.path.join(work, "source")
        backups = os.path.join(work, "backups")
        run(binary, "demo", "--data", source)
        tokens = {}
        for role in ("admin", "clerk", "regulator"):
            out = run(binary, "token", "create", "--data", source, "--role", role, "--name", "backup." + role)
            tokens[role] = out.stdout.strip().splitlines()[-1]
        # The log's signing keys (made by demo's first open) live beside the store.
        with open(os.path.join(source, "keys", "log.key")) as f:
            log_key = f.read()
        check(log_key.startswith("PRIVATE+KEY+"), "demo made no log key")
        verifier_keys = run(binary, "log", "key", "--data", source).stdout

        server = Server(binary, source, work, "source")
        servers.append(server)
        port = server.port
        status, body = get(port, "/public/v1/certificates?page_size=100")
        check(status == 200, "search on the source: %d" % status)
        certificates = [item["certificate_no"] for item in json.loads(body)["items"]]
        dump = [json.loads(line) for line in run(binary, "dump", "--json", "--data", source).stdout.splitlines()]
        demo_files = sorted({e["stream_id"].split("/", 1)[1] for e in dump if e["stream_id"].startswith("cert-file/")})
        check(len(certificates) > 0 and len(demo_files) > 0, "the demo data holds no certificates or files")

        # A server holds the directory: without a token the command says how to give one.
        no_token = dict(os.environ)
        no_token.pop("CERTREG_TOKEN", None)
        out = run(binary, "backup", "--data", source, "--to", backups, env=no_token, expect=2)
        check("--token-file" in out.stderr and "CERTREG_TOKEN" in out.stderr,
              "backup without a token does not say how to give one: " + out.stderr)
        check(not os.path.exists(backups), "a refused backup made its directory")

        # Backups through the running server, while the writers write.
        stop, acks, errors = threading.Event(), [], []
        threads = [threading.Thread(target=writer, args=(port, tokens["clerk"], stop, acks, errors), daemon=True)
                   for _ in range(args.writers)]
        for t in threads:
            t.start()
        env = dict(os.environ, CERTREG_TOKEN=tokens["admin"])
        taken = []
        for target in (20, 60):
            wait_for(lambda: len(acks) >= target or errors, "%d writes" % target)
            out = run(binary, "backup", "--data", source, "--to", backups, env=env)
            check("taken by the server" in out.stdout, "the backup did not go through the server: " + out.stdout)
            words = out.stdout.split()
            taken.append(int(words[words.index("size") + 1].rstrip(",")))
        first_count = len(acks)
        wait_for(lambda: len(acks) >= first_count + 20 or errors, "writes after the second backup")
        stop.set()
        for t in threads:
            t.join()
        check(not errors, "a writer failed: %s" % errors[:1])
        source_answers = answers(port, tokens, certificates, demo_files)
        writer_answers = answers(port, tokens, [], [file_id for file_id, _ in acks])
        server.stop()
        servers.remove(server)
        check(not os.path.exists(os.path.join(source, "serve.address")), "serve.address left after a clean stop")
        check(taken[1] > taken[0], "the second backup holds no more events than the first: %s" % taken)

        # Without a server the CLI backs up by itself; --list shows all three.
        run(binary, "backup", "--data", source, "--to", backups)
        listing = run(binary, "backup", "--list", "--to", backups).stdout.splitlines()
        check(len(listing) == 4 and listing[1].split()[2] == str(taken[0]), "backup --list: %s" % listing)

        source_dump = run(binary, "dump", "--json", "--data", source).stdout.splitlines()
        compared = {"certificates": 0, "files_in": 0, "files_out": 0}
        for backup_id, log_size in ((1, taken[0]), (2, taken[1])):
            restored = os.path.join(work, "restored-%d" % backup_id)
            out = run(binary, "restore", "--from", backups, "--backup-id", str(backup_id), "--data", restored)
            check("log size %d," % log_size in out.stdout, "restore %d: %s" % (backup_id, out.stdout))
            check(run(binary, "dump", "--json", "--data", restored).stdout.splitlines() == source_dump[:log_size],
                  "backup %d: the restored events are not the source's first %d" % (backup_id, log_size))
            with open(os.path.join(restored, "keys", "log.key")) as f:
                check(f.read() == log_key, "the key file was not restored")
            check(run(binary, "log", "key", "--data", restored).stdout == verifier_keys,
                  "backup %d: the restored verifier keys differ" % backup_id)
            copy = Server(binary, restored, work, "restored-%d" % backup_id)
            servers.append(copy)
            status, body = get(copy.port, "/api/v1/log/head", tokens["regulator"])
            check(status == 200, "log head of backup %d with the source's regulator token: %d" % (backup_id, status))
            head = json.loads(body)
            check(head["size"] == log_size and head["head_hash"] == json.loads(source_dump[log_size - 1])["hash"],
                  "backup %d: log head %s, expected size %d and the source's hash" % (backup_id, head, log_size))
            for path, answer in answers(copy.port, tokens, certificates, demo_files).items():
                check(answer == source_answers[path], "backup %d: %s differs from the source's" % (backup_id, path))
                compared["certificates"] += 1
            restored_writer_answers = answers(copy.port, tokens, [], [file_id for file_id, _ in acks])
            for file_id, position in acks:
                for path in ("/api/v1/files/%s" % file_id, "/api/v1/files/%s/events" % file_id):
                    if position < log_size:
                        check(restored_writer_answers[path] == writer_answers[path],
                              "backup %d: %s differs from the source's" % (backup_id, path))
                        compared["files_in"] += 1
                    else:
                        check(restored_writer_answers[path][0] == 404,
                              "backup %d: %s (position %d) answers %d, beyond the backup" %
                              (backup_id, path, position, restored_writer_answers[path][0]))
                        compared["files_out"] += 1
            copy.stop()
            servers.remove(copy)
        check(all(n > 0 for n in compared.values()), "a comparison compared nothing: %s" % compared)

        # A damaged backup is refused, and leaves nothing behind.
        damaged = os.path.join(work, "damaged")
        shutil.copytree(backups, damaged)
        shared = os.path.join(damaged, "shared_checksum")
        for name in os.listdir(shared):  # every table file: whichever the latest backup needs
            with open(os.path.join(shared, name), "r+b") as f:
                f.seek(16)
                byte = f.read(1)
                f.seek(16)
                f.write(bytes([byte[0] ^ 0x5A]))
        target = os.path.join(work, "from-damaged")
        out = run(binary, "restore", "--from", damaged, "--data", target, expect=1)
        check(not os.path.exists(target) and not [n for n in os.listdir(work) if n.startswith("from-damaged.")],
              "a failed restore left a directory behind")
        check("FAILED" in out.stderr, "the failed restore does not say so: " + out.stderr)
        run(binary, "restore", "--from", backups, "--data", source, expect=2)

        print("ok: backups of %d and %d events restored, verified and compared (%s)" % (taken[0], taken[1], compared))
        return 0
    except Failed as e:
        print("FAILED: %s (work directory %s)" % (e, work), file=sys.stderr)
        args.keep = True
        return 1
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        print("cannot run: %s (work directory %s)" % (e, work), file=sys.stderr)
        args.keep = True
        return 2
    finally:
        for s in servers:
            s.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
